"""Per-speaker quote sheets: records in, Markdown, HTML, CSV or JSON out.

Pure rendering: the caller (the database query) builds a ``Sheet``; nothing here reads the
database. Every piece of article text is treated as hostile: HTML is autoescaped, Markdown
goes through ``md_escape``, CSV cells through ``serialize.safe_cell``.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from quotes.report.rows import SourceRow
from quotes.report.serialize import write_csv

Format = Literal["md", "html", "csv", "json"]
Order = Literal["date", "topic"]

FORMATS: tuple[Format, ...] = ("md", "html", "csv", "json")
ORDERS: tuple[Order, ...] = ("date", "topic")
# The label of the claims no topic word gathered; a stopword, so no topic can be called so.
OTHER_TOPICS = "other"
# A topic needs at least this many claims; fewer go under OTHER_TOPICS.
MIN_TOPIC_CLAIMS = 2

REVIEW_LABELS: dict[str | None, str] = {
    None: "unreviewed",
    "confirmed": "confirmed",
    "reassigned": "reassigned to this speaker",
    "none": "reviewed: no registry speaker",
    "rejected": "rejected",
}


@dataclass(frozen=True, slots=True)
class SheetClaim:
    """One claim of the speaker: the words, where they stood, who carried them."""

    claim_id: int
    text: str
    sentence: str | None
    kind: str  # "full" or "fragment"
    date: date | None  # the earliest source's date
    sources: Sequence[SourceRow]
    confidence: float
    rule: str
    review: str | None  # confirmed, reassigned, none, rejected; None: nobody has reviewed it
    conflict: bool
    conflict_with: Sequence[str] = ()  # other speakers credited with the same words

    def __post_init__(self) -> None:
        # Frozen means frozen: a list handed in is copied to a tuple, so no caller can
        # change a rendered claim behind its back.
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "conflict_with", tuple(self.conflict_with))

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS.get(self.review, self.review or "unreviewed")


@dataclass(frozen=True, slots=True)
class Sheet:
    """A speaker's claims with the header facts a journalist needs first."""

    speaker_key: str
    name: str
    roles: Sequence[str]
    claims: Sequence[SheetClaim]
    generated_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", tuple(self.roles))
        object.__setattr__(self, "claims", tuple(self.claims))

    @property
    def claim_count(self) -> int:
        return len(self.claims)

    @property
    def source_count(self) -> int:
        """Distinct articles behind the claims (a file, or a record of an export): one
        article carrying three claims counts once."""
        return len({(s.path, s.record) for c in self.claims for s in c.sources})

    @property
    def date_span(self) -> tuple[date, date] | None:
        """First and last date among the claims' sources; None when nothing is dated."""
        dates = [s.date for c in self.claims for s in c.sources if s.date is not None]
        dates += [c.date for c in self.claims if c.date is not None]
        return (min(dates), max(dates)) if dates else None


def by_date(claims: Iterable[SheetClaim]) -> list[SheetClaim]:
    """Oldest first, undated last; claim id keeps equal dates in a stable order."""
    return sorted(claims, key=lambda c: (c.date is None, c.date or date.min, c.claim_id))


# --- topics ---------------------------------------------------------------------------------

# Function words of the languages the cue lexicons cover (en, ru, de), and reporting verbs:
# none of them says what a claim is about.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each even ever every few for from further get gets got had hadn has
    hasn have haven having he her here hers herself him himself his how however i if in into
    is isn it its itself just let like ll made make many may me might more most much must
    mustn my myself need needs no nor not now of off on once one only or other others our ours
    ourselves out over own per rather really said same say says shall shan she should
    shouldn since so some such than that the their theirs them themselves then there these
    they this those though through thus to too under until up upon us very via was wasn we
    were weren what when where whether which while who whom whose why will with within without
    won would wouldn yes yet you your yours yourself yourselves
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
    ее мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть
    был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть
    надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда
    кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее были
    куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через
    эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда
    лучше чуть том нельзя такой им более всегда конечно всю между это заявил сказал
    der die das den dem des ein eine einer eines einem einen und oder aber nicht kein keine
    ist sind war waren wird werden wurde hat haben hatte sein ich du er sie es wir ihr mit
    von zu zum zur auf aus bei nach vor über unter durch für gegen ohne um im am an als wie
    auch noch nur schon so dass daß wenn sich man doch ja nein sagte erklärte
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")


def stem(word: str) -> str:
    """A light English stem, enough that weapon/weapons and deploy/deployed meet.

    >>> [stem(w) for w in ("weapons", "countries", "deployed", "increasing", "increase")]
    ['weapon', 'country', 'deploy', 'increas', 'increas']
    """
    w = word
    if len(w) > 4 and w.endswith(("ies", "ied")):
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) >= 7:
        w = w[:-3]
    elif w.endswith("ed") and len(w) >= 6:
        w = w[:-2]
    # increase/increased/increasing all end up at "increas".
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def content_words(text: str) -> list[str]:
    """Lowercased words of a text that can name its topic, in text order."""
    words = []
    for raw in _WORD.findall(text.casefold()):
        if len(raw) >= 3 and raw not in STOPWORDS:
            words.append(raw)
    return words


def group_by_topic(claims: Iterable[SheetClaim]) -> list[tuple[str, list[SheetClaim]]]:
    """Greedy topic groups: the word that covers most remaining claims, then the next.

    Words are compared by their stem and a group is labelled by the stem's most used
    surface form (ties: the alphabetically first). Ties between stems go to the
    alphabetically first, so the grouping is the same on every run. A word needs
    ``MIN_TOPIC_CLAIMS`` claims; the rest go under ``OTHER_TOPICS``. Each group is in date order.
    """
    remaining = by_date(claims)
    forms: dict[int, dict[str, Counter[str]]] = {}
    for claim in remaining:
        per_stem: dict[str, Counter[str]] = {}
        for word in content_words(claim.text):
            per_stem.setdefault(stem(word), Counter())[word] += 1
        forms[claim.claim_id] = per_stem
    groups: list[tuple[str, list[SheetClaim]]] = []
    while remaining:
        coverage: Counter[str] = Counter()
        for claim in remaining:
            coverage.update(forms[claim.claim_id].keys())
        if not coverage:
            break
        best, count = min(coverage.items(), key=lambda item: (-item[1], item[0]))
        if count < MIN_TOPIC_CLAIMS:
            break
        members = [c for c in remaining if best in forms[c.claim_id]]
        surface: Counter[str] = Counter()
        for claim in members:
            surface.update(forms[claim.claim_id][best])
        label = min(surface.items(), key=lambda item: (-item[1], item[0]))[0]
        groups.append((label, members))
        remaining = [c for c in remaining if best not in forms[c.claim_id]]
    if remaining:
        groups.append((OTHER_TOPICS, remaining))
    return groups


# --- rendering ------------------------------------------------------------------------------

# Characters that start Markdown or HTML syntax anywhere in a line. Backslash-escaping is
# CommonMark's own way to make ASCII punctuation literal; < > & become entities so neither
# a tag nor an entity can form, whatever the renderer thinks of backslashes before them.
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~#])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# At the start of a line (the text follows "> " in a sheet) these make a list or a rule;
# a "#" heading and a ">" quote block are already escaped above.
# A backslash only escapes punctuation, so "1." becomes "1\." and not "\1.".
_MD_LINE_START = re.compile(r"^(|\d{1,9}(?=[.)](?:\s|$)))([-+.)])")


class MdSafe(str):
    """Text already escaped for Markdown, so the template does not escape it twice."""


def md_escape(value: Any) -> MdSafe:
    """Article text made inert in Markdown: one line, every metacharacter escaped.

    Parentheses, dots and exclamation marks stay: they only mean something after a ``]``
    or at a line start, and both are escaped.
    """
    if isinstance(value, MdSafe):
        return value
    text = " ".join(str(value).split())  # a newline could start a block of its own
    text = _MD_PUNCT.sub(r"\\\1", text)
    text = "".join(_MD_ENTITIES.get(ch, ch) for ch in text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return MdSafe(text)


# In a Markdown link destination only these stay as they are; anything else (parentheses,
# angle brackets, backslashes, quotes, spaces) is percent-encoded, so it cannot close the
# link or start markup, and the link still leads where the URL does.
_URL_SAFE = "/:?#@!$&*+,;=%~-._"


def md_destination(url: str) -> MdSafe:
    """A URL made safe as a Markdown link destination (``[text](HERE)``)."""
    return MdSafe(quote(url, safe=_URL_SAFE))


def _md_finalize(value: Any) -> Any:
    # Every {{ … }} in a Markdown template is escaped unless a filter already did it, so a
    # template that forgets |md still cannot let article text through raw.
    return md_escape(value) if isinstance(value, str) else value


@functools.cache
def _environment(kind: Literal["md", "html"]) -> Environment:
    common: dict[str, Any] = {
        "loader": PackageLoader("quotes", "templates"),
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        env = Environment(autoescape=True, **common)
    else:
        env = Environment(autoescape=False, finalize=_md_finalize, **common)
        env.filters["md"] = md_escape
        env.filters["destination"] = md_destination
    env.filters["day"] = _day
    env.filters["stamp"] = _stamp
    return env


def _day(value: date | None) -> str:
    return value.isoformat() if value else "undated"


def _stamp(value: datetime) -> str:
    zone = value.tzname()
    return value.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")


def _sections(sheet: Sheet, by: Order) -> list[tuple[str | None, list[SheetClaim]]]:
    if by == "topic":
        return [(label, claims) for label, claims in group_by_topic(sheet.claims)]
    return [(None, by_date(sheet.claims))]


def empty_message(sheet: Sheet) -> str:
    return f"No quotes from {sheet.name} in the database."


def render(sheet: Sheet, fmt: Format, by: Order = "date") -> str:
    """The sheet as text in one of ``FORMATS``, claims in date order or grouped by topic."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown sheet format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if by not in ORDERS:
        raise ValueError(f"unknown sheet order {by!r}; choose one of {', '.join(ORDERS)}")
    sections = _sections(sheet, by)
    if fmt == "csv":
        return _render_csv(sheet, sections)
    if fmt == "json":
        return _render_json(sheet, sections, by)
    template = _environment(fmt).get_template(f"sheet.{fmt}.j2")
    text = template.render(
        sheet=sheet, sections=sections, by=by, empty_message=empty_message(sheet)
    )
    return text.rstrip("\n") + "\n"


def _claim_dict(claim: SheetClaim, topic: str | None) -> dict[str, Any]:
    return {
        "claim_id": claim.claim_id,
        "text": claim.text,
        "sentence": claim.sentence,
        "kind": claim.kind,
        "date": claim.date.isoformat() if claim.date else None,
        "topic": topic,
        "confidence": claim.confidence,
        "rule": claim.rule,
        "review": claim.review,
        "conflict": claim.conflict,
        "conflict_with": list(claim.conflict_with),
        "sources": [_source_dict(s) for s in claim.sources],
    }


def _source_dict(source: SourceRow) -> dict[str, Any]:
    """A source's fields with dates as ISO text, in the JSON sheet's order."""
    return {
        "path": source.path,
        "record": source.record,
        "outlet": source.outlet,
        "url": source.url,
        "title": source.title,
        "author": source.author,
        "published": source.published.isoformat() if source.published else None,
        "via": source.via,
        "date": source.date.isoformat() if source.date else None,
        "quote_id": source.quote,
    }


def _render_json(
    sheet: Sheet, sections: list[tuple[str | None, list[SheetClaim]]], by: Order
) -> str:
    span = sheet.date_span
    document = {
        "speaker": {"key": sheet.speaker_key, "name": sheet.name, "roles": list(sheet.roles)},
        "generated_at": sheet.generated_at.isoformat(),
        "by": by,
        "claim_count": sheet.claim_count,
        "source_count": sheet.source_count,
        "first_date": span[0].isoformat() if span else None,
        "last_date": span[1].isoformat() if span else None,
        "message": None if sheet.claims else empty_message(sheet),
        "claims": [_claim_dict(c, topic) for topic, claims in sections for c in claims],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = [
    "speaker",
    "claim_id",
    "topic",
    "date",
    "kind",
    "quote",
    "sentence",
    "confidence",
    "rule",
    "review",
    "conflict",
    "conflict_with",
    "source",
    "record",
    "outlet",
    "url",
    "title",
    "author",
    "published",
    "via",
    "source_date",
    "quote_id",
]


def _csv_rows(
    sheet: Sheet, sections: list[tuple[str | None, list[SheetClaim]]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for topic, claims in sections:
        for claim in claims:
            base = {
                "speaker": sheet.name,
                "claim_id": claim.claim_id,
                "topic": topic,
                "date": claim.date.isoformat() if claim.date else None,
                "kind": claim.kind,
                "quote": claim.text,
                "sentence": claim.sentence,
                "confidence": claim.confidence,
                "rule": claim.rule,
                "review": claim.review or "unreviewed",
                "conflict": "yes" if claim.conflict else "",
                "conflict_with": "; ".join(claim.conflict_with),
            }
            # One row per (claim, source); a claim with no source still gets its row.
            if not claim.sources:
                rows.append(base)
            for source in claim.sources:
                cells = _source_dict(source)
                # The claim has a date of its own: the source's path and date are renamed.
                path, day = cells.pop("path"), cells.pop("date")
                rows.append(base | {"source": path, "source_date": day, **cells})
    if not rows:
        # A spreadsheet with only a header row looks like a failed export; say why it is empty.
        rows.append({"speaker": sheet.name, "quote": empty_message(sheet)})
    return rows


def _render_csv(sheet: Sheet, sections: list[tuple[str | None, list[SheetClaim]]]) -> str:
    out = io.StringIO()
    write_csv(_csv_rows(sheet, sections), CSV_COLUMNS, out)
    return out.getvalue()
