"""Frozen rows the read side hands the CLI: each kind names its columns and its dict.

``COLUMNS`` are a row's fields for programs (CSV's header, JSON's keys in order);
``TABLE`` the columns a person sees (``COLUMNS`` when empty), whose cells ``table_row``
gives; ``flat`` is the CSV record, a list kept as its items joined. In the dict a row
within a row is its dict, a tuple a list, a date ISO text.
``quotes.output.render`` prints any of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import PurePath
from typing import Any, ClassVar

from quotes.text import truncate

# How a quote no registry speaker is credited with is named: as a label in gold files,
# review logs and tables (OTHER), and in sentences for people (OUTSIDE).
OTHER = "OTHER"
OUTSIDE = "none of the registry"
# Outlets are cut to this many characters in the claims table; the text takes the rest.
OUTLETS_WIDTH = 40
# ``date`` is a field name in the rows below; this names the type there.
Day = date


def utc_text(at: datetime) -> str:
    """A stored time in UTC to the second, without an offset, on either backend.

    PostgreSQL gives the log's times back with their zone, SQLite without one (it stores
    UTC): both print as the same text.
    """
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="seconds")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def file_name(path: str) -> str:
    """The last part of a source path: tables show it, programs get the whole path."""
    return PurePath(path).name


@dataclass(frozen=True, slots=True)
class Listed:
    """What every row kind shares: its dict, its CSV record and its table cells."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    TABLE: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    def flat(self) -> dict[str, Any]:
        return self.to_dict()

    def table_row(self) -> dict[str, Any]:
        return self.to_dict()


def _plain(value: Any) -> Any:
    if isinstance(value, Listed):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class QuoteRow(Listed):
    """One stored quote in the export contract's shape (``quotes export``, ``quotes list``).

    The values are the store's (``report.export.export_rows``), kept as it gives them: a field
    added there reaches JSON as it is, and CSV once it is named in ``COLUMNS``.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = tuple(
        (
            "id doc start end text kind speaker mention mention_start mention_end "
            "cue rule confidence via date claim_id rule_speaker review url outlet title published "
            "source_count sources"
        ).split()
    )
    TABLE: ClassVar[tuple[str, ...]] = tuple(
        "id source date speaker kind rule confidence text".split()
    )

    values: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.values)

    def flat(self) -> dict[str, Any]:
        # A CSV cell holds no list: every source cited as ``show`` cites it, for a person
        # (``source_count`` says how many, since a title may itself hold the " | ").
        sources = self.values.get("sources") or ()
        cited = " | ".join(SourceRow.from_dict(s).cite() for s in sources)
        return {**self.values, "sources": cited}

    def table_row(self) -> dict[str, Any]:
        v = self.values
        return {
            **v,
            "speaker": v["speaker"] or f"({v['mention'] or 'unknown'})",
            "source": v.get("outlet") or file_name(v["doc"]),
        }


@dataclass(frozen=True, slots=True)
class GoldRow(Listed):
    """A reviewed attribution in the gold format ``quotes eval --gold`` reads.

    ``scope`` "quote": the row vouches for its own quote only, so ``eval`` does not count the
    unreviewed quotes of its document as invented.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "doc",
        "quote_start",
        "speaker",
        "kind",
        "via",
        "why",
        "scope",
    )

    doc: str
    quote_start: str
    speaker: str
    kind: str
    via: str | None
    why: str
    scope: str = "quote"


@dataclass(frozen=True, slots=True)
class ClaimRow(Listed):
    """One claim: the speaker's sentence once, with how many sources carried it."""

    COLUMNS: ClassVar[tuple[str, ...]] = tuple(
        (
            "claim_id speaker sources first_date last_date conflict text outlets quotes reports"
        ).split()
    )
    # The outlets go before the text, which takes the rest of the width.
    TABLE: ClassVar[tuple[str, ...]] = tuple(
        "claim_id speaker sources first_date last_date conflict outlets text".split()
    )

    claim_id: int
    speaker: str | None
    text: str
    sources: int
    first_date: str | None
    last_date: str | None
    # Who carried it by name (outlet, else file name), then agencies it came through.
    outlets: tuple[str, ...]
    quotes: tuple[str, ...]
    conflict: bool
    # Every source with all it is known by, oldest first.
    reports: tuple[SourceRow, ...] = ()

    def flat(self) -> dict[str, Any]:
        return {**self.to_dict(), "reports": " | ".join(s.cite() for s in self.reports)}

    def table_row(self) -> dict[str, Any]:
        carried = {s.name for s in self.reports}
        named = dict.fromkeys(s.dated_name for s in self.reports)
        named |= dict.fromkeys(o for o in self.outlets if o not in carried)
        return {
            **self.to_dict(),
            "conflict": "CONFLICT" if self.conflict else "",
            "outlets": truncate(", ".join(named), OUTLETS_WIDTH),
        }


@dataclass(frozen=True, slots=True)
class ConflictRow(ClaimRow):
    """A claim whose words other sources credit to someone else, with the quotes behind it."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("claim_id", "speaker", "sources", "quotes", "text")
    TABLE = COLUMNS  # not the claims table's

    @classmethod
    def of(cls, claim: ClaimRow) -> ConflictRow:
        return cls(*(getattr(claim, f.name) for f in fields(claim)))

    def table_row(self) -> dict[str, Any]:
        return {**self.to_dict(), "quotes": " ".join(self.quotes)}


@dataclass(frozen=True, slots=True)
class SpeakerRow(Listed):
    """A registry speaker with what the database holds of them."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("key", "name", "quotes", "claims", "documents", "roles")

    key: str
    name: str
    quotes: int
    claims: int
    documents: int
    roles: str


@dataclass(frozen=True, slots=True)
class DisputeRow(Listed):
    """A standing review the rules' current answer disagrees with."""

    COLUMNS: ClassVar[tuple[str, ...]] = tuple(
        "id rules_say reviewer_says action reviewer at note text".split()
    )

    id: str
    rules_say: str
    reviewer_says: str
    action: str
    reviewer: str
    at: str
    note: str | None
    text: str


@dataclass(frozen=True, slots=True)
class StatRow(Listed):
    """Reviewed attributions of one rule or one speaker (``by``): kept, corrected, rejected."""

    COLUMNS: ClassVar[tuple[str, ...]] = tuple(
        "by name reviewed agreed corrected rejected precision".split()
    )
    TABLE = COLUMNS[1:]

    by: str
    name: str
    reviewed: int
    agreed: int
    corrected: int
    rejected: int
    precision: float | None


@dataclass(frozen=True, slots=True)
class SourceRow(Listed):
    """One place a quote was reported: where it was read and what its input said of it.

    ``path`` and ``record`` are the file and the record inside it ("" for a whole file);
    ``outlet``, ``url``, ``title``, ``author`` and ``published`` are the input's own, each
    None when it did not say. ``date`` is the source's date (its publication date, else the
    document's), ``via`` the agency the quote was relayed through, ``quote`` its quote id
    (the public id ``quotes show`` takes). Every text field comes from an article: renderers
    escape it. Listings, sheets and pages alike show a source as this row.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = tuple(
        "path record outlet url title author published date via quote".split()
    )

    path: str
    date: date | None
    via: str | None
    quote: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: Day | None = None
    record: str = ""

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> SourceRow:
        """The row back from its ``to_dict`` (as an export record holds its sources)."""
        return cls(
            **{**values, "date": _day(values["date"]), "published": _day(values["published"])}
        )

    @property
    def name(self) -> str:
        """The outlet, else (for a bare text file) the file's name."""
        return self.outlet or file_name(self.path)

    @property
    def link(self) -> str | None:
        """The URL when it is one a page may link to (http or https), else None."""
        return safe_link(self.url)

    @property
    def dated_name(self) -> str:
        """``Eastport Herald 2024-03-03``: how tables list a source."""
        return f"{self.name} {self.date.isoformat()}" if self.date else self.name

    def cite(self) -> str:
        """One line for a person: outlet, date, title, author, URL, then where it was read."""
        day = self.date.isoformat() if self.date else "undated"
        parts = [self.outlet or f"{self.path} {self.record}".strip(), day]
        if self.title:
            parts.append(f"“{self.title}”")
        if self.author:
            parts.append(f"by {self.author}")
        if self.url:
            parts.append(self.url)
        place = f"{self.path} {self.record}".strip()
        return ", ".join(parts) + (f" ({place})" if self.outlet else "")


# A URL a rendered page may link to: http or https, nothing that could end the attribute
# or the Markdown destination (those are escaped anyway), no whitespace or control character.
_LINKABLE = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL, else None: ``javascript:`` and friends never link."""
    if url and _LINKABLE.fullmatch(url):
        return url
    return None


@dataclass(frozen=True, slots=True)
class AskRow(Listed):
    """One claim answering ``quotes ask``, with every source that reported it."""

    COLUMNS: ClassVar[tuple[str, ...]] = tuple(
        (
            "claim_id speaker date text kind confidence score conflict "
            "conflict_with rule review sources context"
        ).split()
    )
    TABLE: ClassVar[tuple[str, ...]] = tuple(
        "claim_id date sources via confidence conflict text".split()
    )

    claim_id: int
    speaker: str
    date: str | None
    text: str
    kind: str
    confidence: float
    score: float
    conflict: bool
    conflict_with: tuple[str, ...]
    rule: str
    review: str | None
    sources: tuple[SourceRow, ...]
    context: str | None

    def flat(self) -> dict[str, Any]:
        return {**self.to_dict(), "sources": " | ".join(s.cite() for s in self.sources)}

    def table_row(self) -> dict[str, Any]:
        return {
            **self.to_dict(),
            "sources": ", ".join(dict.fromkeys(s.dated_name for s in self.sources)),
            "via": ", ".join(sorted({s.via for s in self.sources if s.via})),
            "conflict": "also " + ", ".join(self.conflict_with) if self.conflict else "",
        }


@dataclass(frozen=True, slots=True)
class Evidence(Listed):
    """What an attribution rests on: the rule, its cue and mention, and its confidence."""

    rule: str
    cue: str | None
    mention: str | None
    mention_start: int | None
    mention_end: int | None
    confidence: float
    via: str | None


@dataclass(frozen=True, slots=True)
class Candidate(Listed):
    """A suggestion with no speech link behind it: a speaker for review, never the answer."""

    speaker: str
    rule: str
    confidence: float
    mention: str | None
    mention_start: int | None
    mention_end: int | None


@dataclass(frozen=True, slots=True)
class OtherReport(Listed):
    """The same claim in another quote: where, when, through whom, credited to whom."""

    quote: str
    path: str
    date: str | None
    via: str | None
    speaker: str | None
    # Every source of the other quote's document, in the order they came; ``path`` is the first's.
    sources: tuple[SourceRow, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimDetail(Listed):
    claim_id: int
    sentence: str
    other_sources: tuple[OtherReport, ...]


@dataclass(frozen=True, slots=True)
class LogEntry(Listed):
    """One decision of the review log; ``old`` and ``new`` are speaker keys."""

    at: str
    reviewer: str
    action: str
    old: str | None
    new: str | None
    note: str | None
    undoes: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "reviewer": self.reviewer,
            "action": self.action,
            "from": self.old,
            "to": self.new,
            "note": self.note,
            "undoes": self.undoes,
        }


@dataclass(frozen=True, slots=True)
class QuoteDetail(Listed):
    """Everything about one quote (``quotes show``)."""

    id: str
    text: str
    kind: str
    doc: str
    sources: tuple[SourceRow, ...]
    date: str | None
    start: int
    end: int
    marks: tuple[str, str | None]
    speaker: str | None
    rule_speaker: str | None
    review: str | None
    evidence: Evidence
    context: str
    claims: tuple[ClaimDetail, ...]
    history: tuple[LogEntry, ...]
    candidate: Candidate | None = None


# How a table names the outlet of sources whose input named none (a bare text file).
NO_OUTLET = "(no outlet)"


@dataclass(frozen=True, slots=True)
class OutletRow(Listed):
    """An outlet with how many documents and quotes it carried, and the dates they span."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "outlet",
        "documents",
        "quotes",
        "first_date",
        "last_date",
    )

    outlet: str | None
    documents: int
    quotes: int
    first_date: date | None
    last_date: date | None

    def table_row(self) -> dict[str, Any]:
        return {**self.to_dict(), "outlet": self.outlet or NO_OUTLET}
