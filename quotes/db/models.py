"""The schema as typed SQLAlchemy 2 models. Alembic migrations in ``alembic/`` build it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship

from quotes.db.widths import MAX_KEY_CHARS, MAX_TEXT_CHARS

# Stable constraint names, so migrations can find them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# An outlet's name is a few words; a longer "site name" is a page's junk, cut on storing.
OUTLET_CHARS = 200


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> datetime:
    return datetime.now(UTC)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    date: Mapped[date | None] = mapped_column(Date)
    body_start: Mapped[int] = mapped_column(Integer, default=0)
    # The decoded text as read: every stored offset indexes it.
    text: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # ISO 639-1 code, the record's or detected (migration 0014); null when unknown.
    language: Mapped[str | None] = mapped_column(String(16))

    quotes: Mapped[list[Quote]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Speaker(Base):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY_CHARS), unique=True)
    name: Mapped[str] = mapped_column(String(MAX_TEXT_CHARS))

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan"
    )
    roles: Mapped[list[SpeakerRole]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan"
    )


class SpeakerAlias(Base):
    __tablename__ = "speaker_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(MAX_TEXT_CHARS))
    kind: Mapped[str] = mapped_column(String(20))  # "name" or "surname"

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class SpeakerRole(Base):
    """One row per role pattern, so a query can find who a title meant on a date."""

    __tablename__ = "speaker_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(MAX_TEXT_CHARS))
    pattern: Mapped[str] = mapped_column(String(MAX_TEXT_CHARS))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    speaker: Mapped[Speaker] = relationship(back_populates="roles")


class Quote(Base):
    """A quoted span and the evidence of its attribution."""

    __tablename__ = "quotes"
    __table_args__ = (
        Index("ix_quotes_document_id", "document_id"),
        Index("ix_quotes_speaker_id", "speaker_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(12), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    paragraph: Mapped[int] = mapped_column(Integer)
    utterance: Mapped[int] = mapped_column(Integer)
    open_mark: Mapped[str] = mapped_column(String(4))
    close_mark: Mapped[str | None] = mapped_column(String(4))
    # The speaker as it stands: the latest review decision, else the rules' answer. Null
    # speaker: none of the registry; `mention` keeps what the text calls them.
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    # What the rules said, kept apart so a review never hides a rule's mistake.
    rule_speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    # The standing review decision (see ``Review``), or null when nobody has looked.
    review: Mapped[str | None] = mapped_column(String(12))
    rule: Mapped[str] = mapped_column(String(50))
    cue: Mapped[str | None] = mapped_column(String(100))
    mention: Mapped[str | None] = mapped_column(Text)
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    via: Mapped[str | None] = mapped_column(String(200))
    # The writer's sentence around the quote: where the subject is often named.
    sentence_start: Mapped[int | None] = mapped_column(Integer)
    sentence_end: Mapped[int | None] = mapped_column(Integer)
    # A suggested speaker with no speech link to the quote (the registry name nearest it):
    # evidence for a reviewer, never the speaker, so ask, sheets, claims and export skip it.
    candidate_speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    candidate_rule: Mapped[str | None] = mapped_column(String(50))
    candidate_confidence: Mapped[float | None] = mapped_column(Float)
    candidate_mention: Mapped[str | None] = mapped_column(Text)
    candidate_mention_start: Mapped[int | None] = mapped_column(Integer)
    candidate_mention_end: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="quotes")
    speaker: Mapped[Speaker | None] = relationship(foreign_keys=[speaker_id])


class Source(Base):
    """Where a document was reported: the same text from two outlets is two sources.

    ``path`` and ``record`` say where it was read (a file, and the record inside a
    multi-article file); the rest is what the input said of its publication (migration
    0014), each null when it did not say.
    """

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("document_id", "path", "record"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    # "line 12", "row 3", "id …", a WARC record id; "" when the file is the article (not null,
    # so the unique constraint holds for those too).
    record: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The site's name, else its URL's registered domain.
    outlet: Mapped[str | None] = mapped_column(String(OUTLET_CHARS))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ClaimGroup(Base):
    """Texts that are the same words, whoever they are attributed to.

    ``first`` and ``second`` are the texts new ones are compared with (the first seen, and
    the longest since), kept so matching needs no scan of every variant.
    """

    __tablename__ = "claim_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first: Mapped[str] = mapped_column(Text)
    second: Mapped[str | None] = mapped_column(Text)


class ClaimKey(Base):
    """A blocking key (a three-word run's hash) pointing at a group that contains it."""

    __tablename__ = "claim_keys"
    __table_args__ = (Index("ix_claim_keys_key_id", "key", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"))


class ClaimsVersion(Base):
    """One row: a random token set by every transaction that writes claims (migration 0013).

    A writer that finds its own last token still there knows no other process has changed
    the claim books since, so what it read of them is still true.
    """

    __tablename__ = "claims_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


class Claim(Base):
    """One speaker's claim: a group of texts as attributed to one speaker (or to nobody)."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_group_id", "group_id"),
        Index("ix_claims_speaker_id", "speaker_id", "reports", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    # How many mentions the claim has: kept with them so the most reported claims of a
    # speaker come from an index (see migrations 0006 and 0011).
    reports: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# Characters either side of a quote taken as its context when its sentence is unknown, and
# the most of a longer sentence that the search index holds (migrations 0005 and 0017).
CONTEXT_WINDOW = 200


def _context(document_id: Any, start: Any, end: Any) -> Any:
    """SQL for the text of document ``document_id`` between offsets start and end."""
    # table_of is defined below; this runs as the ClaimMention class body is read.
    document = cast(Table, Document.__table__).alias("context_document")
    return (
        select(func.substr(document.c.text, start + 1, end - start))
        .where(document.c.id == document_id)
        .correlate_except(document)
        .scalar_subquery()
    )


class ClaimMention(Base):
    """One sentence of one quote, as a variant of a claim."""

    __tablename__ = "claim_mentions"
    __table_args__ = (
        Index("ix_claim_mentions_claim_id", "claim_id"),
        Index("ix_claim_mentions_quote_id", "quote_id"),
        Index("ix_claim_mentions_norm_hash", "norm_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    norm: Mapped[str] = mapped_column(Text)
    norm_hash: Mapped[str] = mapped_column(String(16))
    # The writer's sentence around the quote, as offsets into the document's text
    # (migration 0017): stored once, in the document, never copied per mention. The search
    # index holds it cut to CONTEXT_WINDOW characters either side of the mention's words, so
    # the index grows with the quotes however long a sentence runs.
    document_id: Mapped[int] = mapped_column(Integer)
    context_start: Mapped[int] = mapped_column(Integer)
    context_end: Mapped[int] = mapped_column(Integer)
    # The claim's speaker, copied so the search index can match a speaker's mentions only
    # (migration 0008). A mention never moves to another claim, so the copy stays true.
    speaker_id: Mapped[int | None] = mapped_column(Integer)
    # The writer's sentence itself (the subject is often named there), read from the document.
    context: Mapped[str | None] = column_property(
        _context(document_id, context_start, context_end), deferred=True, raiseload=False
    )


class Review(Base):
    """One reviewer decision about one quote, in an append-only log.

    A review names its quote by the document's content hash and the quote's text (its start
    breaks ties), never by row id: quotes are re-created when documents are re-ingested or
    re-attributed, and the decision must find the same words again.
    """

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_document_sha256", "document_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_sha256: Mapped[str] = mapped_column(String(64))
    quote_text: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int] = mapped_column(Integer)
    # confirm | speaker | none | reject | undo
    action: Mapped[str] = mapped_column(String(10))
    # Speakers by registry key, not row id, so a decision outlives the speakers table.
    speaker_key: Mapped[str | None] = mapped_column(String(MAX_KEY_CHARS))
    old_speaker_key: Mapped[str | None] = mapped_column(String(MAX_KEY_CHARS))
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    undoes_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"))


def is_search_index(name: str | None, type_: str) -> bool:
    """Whether a database object belongs to the full-text index the migrations build by hand.

    SQLite's FTS5 tables and PostgreSQL's generated tsvector column have no model; schema
    comparisons leave them out.
    """
    if name is None:
        return False
    if type_ == "table":
        return name.startswith("claim_search")
    return name in ("search_vector", "ix_claim_mentions_search", "ix_claim_mentions_quote_words")


def table_of(model: type[Base]) -> Table:
    """A model's Table, for Core statements (the class types it as any FromClause)."""
    return cast(Table, model.__table__)
