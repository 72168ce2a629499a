"""Writing and reading the database: the library calls the CLI makes."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Literal, TypeVar

from sqlalchemy import Connection, exists, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quotes.attribute.registry import Registry
from quotes.db import locks
from quotes.db.bulk import driver, fetch, insert_rows
from quotes.db.claim_cache import ClaimCache
from quotes.db.claims import ClaimQuote, add_claims
from quotes.db.engine import TRANSACTION_TRIES
from quotes.db.models import (
    Document,
    Quote,
    Review,
    Source,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    table_of,
)
from quotes.db.reviews import apply_reviews
from quotes.errors import DatabaseError
from quotes.text import truncate
from quotes.types import Article, Attribution, ExtractedDocument, quote_uid
from quotes.types import Quote as ExtractedQuote


def sync_speakers(session: Session, registry: Registry) -> None:
    """Make the speakers table match the registry: add new speakers, refresh known ones.

    Speakers no longer in the registry stay, so quotes already attributed to them keep
    their speaker.
    """
    existing = {s.key: s for s in session.scalars(select(Speaker))}
    for entry in registry:
        row = existing.get(entry.key) or Speaker(key=entry.key)
        row.name = entry.name
        aliases = [("name", a) for a in entry.names] + [("surname", a) for a in entry.surnames]
        if [(a.kind, a.alias) for a in row.aliases] != aliases:
            row.aliases = [SpeakerAlias(kind=k, alias=a) for k, a in aliases]
        roles = [(r.title, p, r.start, r.end) for r in entry.roles for p in r.patterns]
        if [(r.title, r.pattern, r.valid_from, r.valid_to) for r in row.roles] != roles:
            row.roles = [
                SpeakerRole(title=t, pattern=p, valid_from=f, valid_to=e) for t, p, f, e in roles
            ]
        session.add(row)
    session.flush()


def speaker_ids(session: Session) -> dict[str, int]:
    rows = session.connection().execute(select(Speaker.key, Speaker.id))
    return {key: id_ for key, id_ in rows}


Outcome = Literal["stored", "new source", "unchanged"]
T = TypeVar("T")

# A group of documents is committed after this many documents or this many seconds,
# whichever comes first (``quotes ingest --commit-every`` sets the count).
COMMIT_DOCUMENTS = 200
COMMIT_SECONDS = 2.0


class GroupWriter:
    """Stores documents many to a transaction, each document whole.

    Each document is written in a savepoint of the group's transaction: a document that
    fails is rolled back alone (a concurrent insert colliding with it is retried, up to
    TRANSACTION_TRIES times), and the group is committed after ``every`` documents or
    ``seconds``, whichever comes first (the first groups smaller: 1, 2, 4 … documents), and
    when the writer closes. A crash or kill loses
    the open group only, whole documents all; ingesting again stores them (documents are
    unique by content hash). On an error the documents stored before it are committed and
    the error goes on.

    A group takes the database's write lock first, before reading or writing any document
    (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's claims lock): two writers then take turns a
    group at a time, and neither can wait for a document the other has written but not
    committed while holding the lock that one waits for.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        every: int = COMMIT_DOCUMENTS,
        seconds: float = COMMIT_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.every = max(1, every)
        self.seconds = seconds
        self.session: Session | None = None
        self.pending = 0
        self.opened = 0.0
        # The first groups are small and each twice the last, up to ``every``: the first
        # documents are in the database (and visible to a reader) at once, and the cost of
        # a commit is spread over many documents after a few groups.
        self.limit = 1

    def __enter__(self) -> GroupWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        # Every document in the open group is whole (a failing one rolled back its
        # savepoint), so even when stopped by an error what is there is worth committing.
        self._commit(quietly=kind is not None)

    def store(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` (one document's writes) in a savepoint of the open group."""
        session = self._open()
        for attempt in range(TRANSACTION_TRIES):
            try:
                with session.begin_nested():
                    done = work(session)
                break
            except IntegrityError:
                if attempt == TRANSACTION_TRIES - 1:
                    raise
        self.pending += 1
        if self.pending >= self.limit or time.monotonic() - self.opened >= self.seconds:
            self._commit()
            self.limit = min(self.every, self.limit * 2)
        return done

    def _open(self) -> Session:
        if self.session is None:
            self.session = self.sessions()
            self.session.begin()
            connection = self.session.connection()
            if connection.dialect.name == "sqlite":
                # The write lock first: a group that read before writing would find its
                # snapshot stale once another writer commits, and SQLite fails such a
                # write at once ("database is locked") instead of waiting its turn.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            locks.hold(self.session, locks.CLAIMS)
            self.pending, self.opened = 0, time.monotonic()
        return self.session

    def _commit(self, quietly: bool = False) -> None:
        """Commit the open group; ``quietly`` (already stopping on an error): a failed
        commit rolls back rather than hide that error."""
        session, self.session = self.session, None
        if session is None:
            return
        try:
            session.commit()
        except SQLAlchemyError:
            session.rollback()
            if not quietly:
                raise
        finally:
            session.close()


def store_document(
    session: Session,
    doc: ExtractedDocument,
    cache: ClaimCache | None = None,
    savepoint: bool = True,
) -> Outcome:
    """Insert a document, its quotes and their claims, unless its text is already stored.

    A stored text met under a new path gains that path as another source (the same wire
    copy printed by two outlets). Another process may store the same document between the
    check and the insert; the unique hash then refuses the second copy. ``cache`` is what
    this process knows of the claim books (see ``quotes.db.claim_cache``). Without
    ``savepoint`` the caller holds the document in a savepoint of its own and retries it
    on an ``IntegrityError`` (``GroupWriter.store``): the retry finds the stored copy, as
    the handler here would, and the document costs one savepoint, not two.
    """
    article = doc.article
    existing, reviewed = _stored(session.connection(), article.sha256)
    if existing is not None:
        return _add_source(session, existing, article)
    values = quote_values(article.sha256, article.path, doc.quotes, _speakers(session, doc, cache))
    if not savepoint:
        _insert_document(session, doc, values, reviewed, cache)
        return "stored"
    try:
        with session.begin_nested():
            _insert_document(session, doc, values, reviewed, cache)
    except IntegrityError:
        # Another process stored the same text after our check: the unique hash refused this
        # copy (on PostgreSQL once that process committed), so it is now there to be found.
        stored = session.scalar(select(Document.id).where(Document.sha256 == article.sha256))
        if stored is None:
            raise  # some other key collided: the caller's retry starts the document afresh
        return _add_source(session, stored, article)
    return "stored"


_SQLITE_STORED = (
    "SELECT (SELECT id FROM documents WHERE sha256 = ?),"
    " EXISTS (SELECT 1 FROM reviews WHERE document_sha256 = ?)"
)


def _stored(connection: Connection, sha256: str) -> tuple[int | None, bool]:
    """The row id of the document with this text (None when new), and whether reviews
    name it: one round trip for the two questions asked of every document."""
    raw = driver(connection)
    if raw is not None:  # once a document: the driver's own call, as for its rows
        ((existing, reviewed),) = fetch(raw, _SQLITE_STORED, (sha256, sha256))
        return existing, bool(reviewed)
    existing, reviewed = connection.execute(
        select(
            select(Document.id).where(Document.sha256 == sha256).scalar_subquery(),
            exists().where(Review.document_sha256 == sha256),
        )
    ).one()
    return existing, bool(reviewed)


def _insert_document(
    session: Session,
    doc: ExtractedDocument,
    values: list[dict[str, Any]],
    reviewed: bool,
    cache: ClaimCache | None,
) -> None:
    """Insert a new document's row, quotes, source and claims."""
    article = doc.article
    # Asked here: a SAVEPOINT is emitted when the nested transaction's connection is
    # first asked for, not by begin_nested() itself.
    connection = session.connection()
    # Core or driver inserts (quotes.db.bulk): the ORM's unit of work cost more than the rows.
    (document_id,) = insert_rows(
        connection,
        table_of(Document),
        [
            {
                "sha256": article.sha256,
                "path": article.path,
                "date": article.date,
                "body_start": article.body_start,
                "text": article.text,
                "size": len(article.text),
                "language": article.language,
            }
        ],
        ids=True,
    )
    quote_ids = _insert_quotes(session, document_id, values)
    insert_rows(connection, table_of(Source), [source_values(document_id, article)])
    if reviewed:
        # Decisions made on an earlier copy of this text (since deleted or
        # re-attributed) stand before the claims are grouped.
        apply_reviews(session, document_id)
        add_claims(session, document_id, cache)
    else:
        quotes = [
            ClaimQuote.from_values(id_, v, document_id, article.text)
            for id_, v in zip(quote_ids, values, strict=True)
        ]
        add_claims(session, document_id, cache, quotes)


def _speakers(session: Session, doc: ExtractedDocument, cache: ClaimCache | None) -> dict[str, int]:
    """Speaker ids by key, for the document's quotes: read once a writer, not once a
    document, unless one of its speakers is not known yet."""
    if cache is None:
        return speaker_ids(session)
    known = cache.speakers
    for quote in doc.quotes:
        for found in (quote.attribution, quote.candidate):
            if found is not None and found.speaker is not None and found.speaker not in known:
                cache.speakers = known = speaker_ids(session)
                return known
    return known


def _insert_quotes(session: Session, document_id: int, values: list[dict[str, Any]]) -> list[int]:
    """Insert one document's quote rows; their ids, in the order given."""
    rows = [{**v, "document_id": document_id} for v in values]
    return insert_rows(session.connection(), table_of(Quote), rows, ids=True)


def quote_values(
    sha256: str, path: str, quotes: Sequence[ExtractedQuote], ids: dict[str, int]
) -> list[dict[str, Any]]:
    """Database values of one document's extracted quotes, speakers resolved to row ids."""
    rows = []
    for quote in quotes:
        found = quote.attribution
        if found.speaker is not None and found.speaker not in ids:
            raise DatabaseError(
                f"{path}: speaker {found.speaker!r} is not in the database's registry"
            )
        speaker_id = ids[found.speaker] if found.speaker else None
        candidate = quote.candidate
        if candidate is not None and candidate.speaker is not None and candidate.speaker not in ids:
            raise DatabaseError(
                f"{path}: speaker {candidate.speaker!r} is not in the database's registry"
            )
        rows.append(
            {
                "uid": quote_uid(sha256, quote.span.start, quote.span.end),
                "start": quote.span.start,
                "end": quote.span.end,
                "text": quote.text,
                "kind": quote.span.kind,
                "paragraph": quote.span.paragraph,
                "utterance": quote.span.utterance,
                "open_mark": quote.span.open_mark,
                "close_mark": quote.span.close_mark,
                "speaker_id": speaker_id,
                "rule_speaker_id": speaker_id,
                "review": None,
                "rule": found.rule,
                "cue": _fit(found.cue, Quote.cue),
                "mention": found.mention,
                "mention_start": found.mention_start,
                "mention_end": found.mention_end,
                "confidence": found.confidence,
                "via": _fit(found.via, Quote.via),
                "sentence_start": quote.sentence[0] if quote.sentence else None,
                "sentence_end": quote.sentence[1] if quote.sentence else None,
                **_candidate_values(candidate, ids),
            }
        )
    return rows


def _candidate_values(candidate: Attribution | None, ids: dict[str, int]) -> dict[str, Any]:
    """The ``candidate_*`` columns of a quote: a suggested speaker and its evidence."""
    if candidate is None:
        return dict.fromkeys(_CANDIDATE_COLUMNS)
    return {
        "candidate_speaker_id": ids[candidate.speaker] if candidate.speaker else None,
        "candidate_rule": candidate.rule,
        "candidate_confidence": candidate.confidence,
        "candidate_mention": candidate.mention,
        "candidate_mention_start": candidate.mention_start,
        "candidate_mention_end": candidate.mention_end,
    }


_CANDIDATE_COLUMNS = (
    "candidate_speaker_id",
    "candidate_rule",
    "candidate_confidence",
    "candidate_mention",
    "candidate_mention_start",
    "candidate_mention_end",
)


def _fit(value: str | None, column: Any) -> str | None:
    """``value`` cut to the column's length: PostgreSQL refuses longer text, SQLite keeps it.

    Only for evidence taken from the article's wording (a cue phrase, an outlet's name),
    which in a malformed article can run on.
    """
    return None if value is None else truncate(value, column.type.length)


def source_values(document_id: int, article: Article) -> dict[str, Any]:
    """The sources row of one article: where it was read and what its input said of it."""
    meta = article.source
    return {
        "document_id": document_id,
        "path": article.path,
        "record": meta.record or "",
        "outlet": _fit(meta.outlet, Source.outlet),
        "url": meta.url,
        "title": meta.title,
        "author": meta.author,
        "published": meta.published,
    }


def _add_source(session: Session, document_id: int, article: Article) -> Outcome:
    known = session.scalar(
        select(Source.id).where(
            Source.document_id == document_id,
            Source.path == article.path,
            Source.record == (article.source.record or ""),
        )
    )
    if known is not None:
        return "unchanged"
    session.connection().execute(insert(table_of(Source)), source_values(document_id, article))
    return "new source"
