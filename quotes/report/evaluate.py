"""Scoring attributions against a hand-checked gold file.

Pure: gold rows and export-contract prediction dicts in, an ``EvalReport`` out. A gold row
names its quote by document and first words, so predictions are paired with it by text,
never by offsets (the gold file survives changes to the splitter). A row may also give the
speaker's mention as character offsets (``mention_start``/``mention_end``, as a newsroom's
own annotations or ``bench/polnear.py convert`` do): the predicted mention is right when its
offsets overlap them.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, overload

from quotes.attribute.registry import Registry
from quotes.errors import QuotesError, RegistryError
from quotes.report.rows import OTHER
from quotes.text import one_line

NO_RULE = "(no rule)"

Prediction = Mapping[str, Any]

_REQUIRED = ("doc", "quote_start", "speaker", "kind")
SCOPES = ("document", "quote")
_STRAIGHT = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "ʼ": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
    }
)
_SHOWN = 48  # characters of quote text shown in the lists of a rendered report
# Kinds of error counted per rule, in the order the table shows them.
ERRORS = (
    "wrong person",  # gold names one registry speaker, the rule another
    "named other",  # gold is a speaker outside the registry (or nobody), the rule named one
    "no speaker",  # gold names a registry speaker, the rule none
    "invented named",  # a prediction no gold row matches, given a registry speaker
    "wrong mention",  # the predicted mention misses the gold mention's offsets
    "no mention",  # gold gives a mention, the rule none
)
_BIN_WIDTH = 0.1  # reliability bins: tenths of confidence
_SPEAKER_COLUMNS = ("speaker", "precision", "recall", "f1", "tp", "fp", "fn", "support")
_KIND_COLUMNS = ("kind", "support", "found", "correct", "recall", "kind agrees")


@dataclass(frozen=True, slots=True)
class GoldRow:
    """One hand-checked quote: its document, first words, speaker, kind and intermediary."""

    doc: str
    quote_start: str
    speaker: str
    kind: str
    via: str | None = None
    why: str = ""
    line: int = 0
    source: str = ""
    # The speaker's mention as character offsets into the document, where the gold gives it.
    mention_start: int | None = None
    mention_end: int | None = None
    mention: str | None = None
    # "document": the file lists every quote of its document (what it does not list and the
    # tool found is invented); "quote": it vouches for this quote only (a reviewed export).
    scope: str = "document"

    @property
    def has_mention(self) -> bool:
        return self.mention_start is not None and self.mention_end is not None

    @property
    def where(self) -> str:
        return f"{self.source or 'gold'}:{self.line}"


def load_gold(path: Path) -> list[GoldRow]:
    """Read a gold JSONL file; blank lines are skipped, a bad line is a QuotesError."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QuotesError(f"gold file {path} not found: check --gold") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuotesError(f"cannot read gold file {path}: {exc}") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            rows.append(_gold_row(line, path, number))
    return rows


def _gold_row(line: str, path: Path, number: int) -> GoldRow:
    where = f"{path}:{number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise QuotesError(
            f"{where}: not valid JSON ({exc.msg}, column {exc.colno}): fix or remove the line"
        ) from None
    if not isinstance(data, dict):
        raise QuotesError(f"{where}: expected a JSON object with {', '.join(_REQUIRED)}")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise QuotesError(
            f"{where}: missing {', '.join(missing)} (every gold row needs {', '.join(_REQUIRED)})"
        )
    for key in _REQUIRED:
        # An empty quote_start would match every quote of its document.
        if not isinstance(data[key], str) or not data[key].strip():
            raise QuotesError(f"{where}: {key} must be a non-empty string, got {data[key]!r}")
    via = data.get("via")
    if via is not None and not isinstance(via, str):
        raise QuotesError(f"{where}: via must be a string or null, got {via!r}")
    mention_start, mention_end = _mention_offsets(data, where)
    mention = data.get("mention")
    scope = data.get("scope", "document")
    if scope not in SCOPES:
        raise QuotesError(f"{where}: scope must be one of {', '.join(SCOPES)}, got {scope!r}")
    return GoldRow(
        doc=data["doc"].strip(),
        quote_start=data["quote_start"],
        speaker=data["speaker"].strip(),
        kind=data["kind"].strip(),
        via=via,
        why=str(data.get("why") or ""),
        line=number,
        source=str(path),
        mention_start=mention_start,
        mention_end=mention_end,
        mention=mention if isinstance(mention, str) else None,
        scope=scope,
    )


def _mention_offsets(data: dict[str, Any], where: str) -> tuple[int | None, int | None]:
    """The optional mention offsets: both or neither, whole numbers, start before end."""
    start, end = data.get("mention_start"), data.get("mention_end")
    if start is None and end is None:
        return None, None
    for key, value in (("mention_start", start), ("mention_end", end)):
        # bool is an int subclass: `true` is no offset.
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise QuotesError(
                f"{where}: {key} must be a character offset (a whole number ≥ 0) when the"
                f" mention is given, got {value!r}"
            )
    assert isinstance(start, int) and isinstance(end, int)
    if start >= end:
        raise QuotesError(f"{where}: mention_start {start} must be before mention_end {end}")
    return start, end


def normalise(text: str) -> str:
    """Text as compared: NFKC, straight quotes, single spaces, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_STRAIGHT).split()).casefold()


def same_doc(gold_doc: str, path: str) -> bool:
    """Whether a prediction's path is the gold document (gold names files, not paths)."""
    gold_doc = gold_doc.replace("\\", "/")
    path = path.replace("\\", "/")
    return path == gold_doc or path.endswith("/" + gold_doc)


def match(gold: Sequence[GoldRow], predictions: Sequence[Prediction]) -> list[int | None]:
    """For each gold row, the index of its prediction, or None when nothing matches.

    Greedy in gold order: a row takes the earliest unused prediction of its document whose
    text starts with the row's first words, so each side is used at most once.
    """
    texts = [normalise(str(p.get("text") or "")) for p in predictions]
    # Document order, whatever order the caller passed; sorted() keeps ties in input order.
    order = sorted(range(len(predictions)), key=lambda i: _start(predictions[i]))
    candidates: dict[str, list[int]] = {}
    for doc in {row.doc for row in gold}:
        candidates[doc] = [i for i in order if same_doc(doc, str(predictions[i].get("doc")))]
    used: set[int] = set()
    pairs: list[int | None] = []
    for row in gold:
        wanted = normalise(row.quote_start)
        found = next(
            (i for i in candidates[row.doc] if i not in used and texts[i].startswith(wanted)),
            None,
        )
        if found is not None:
            used.add(found)
        pairs.append(found)
    return pairs


def _start(pred: Prediction) -> int:
    start = pred.get("start")
    return start if isinstance(start, int) else 0


class _Rate:
    """A rate a score works out from two of its counts, named by field: ``part / whole``,
    None while ``whole`` is 0 (nothing to count). A score's ``to_dict`` rounds it."""

    __slots__ = ("part", "whole")

    def __init__(self, part: str, whole: str) -> None:
        self.part = part
        self.whole = whole

    @overload
    def __get__(self, score: None, kind: type) -> _Rate: ...
    @overload
    def __get__(self, score: object, kind: type) -> float | None: ...
    def __get__(self, score: object, kind: type) -> _Rate | float | None:
        if score is None:
            return self
        return _ratio(getattr(score, self.part), getattr(score, self.whole))


@dataclass(slots=True)
class SpeakerScore:
    """Counts for one speaker label; rates are None where nothing could be counted."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        # 2TP/(2TP+FP+FN) equals the harmonic mean and stays defined when one side is empty.
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        return _scores(self, "tp fp fn support precision recall f1")


@dataclass(slots=True)
class RuleScore:
    """A rule's predictions in gold-covered documents: right speakers, right mentions, errors.

    ``mention_count`` counts its matched predictions whose gold row gives a mention;
    ``errors`` counts each kind of ``ERRORS`` it made.
    """

    count: int = 0
    correct: int = 0
    mention_count: int = 0
    mention_correct: int = 0
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ERRORS, 0))

    precision = _Rate("correct", "count")
    mention_precision = _Rate("mention_correct", "mention_count")

    def to_dict(self) -> dict[str, Any]:
        scores = _scores(
            self, "count correct precision mention_count mention_correct mention_precision"
        )
        return {**scores, "errors": dict(self.errors)}


@dataclass(slots=True)
class MentionScore:
    """Gold rows that give a mention: how many were found, and the found ones' verdicts."""

    gold: int = 0
    found: int = 0
    correct: int = 0
    wrong: int = 0
    none: int = 0  # found, but the prediction names no mention (or gives no offsets)

    accuracy = _Rate("correct", "found")
    none_rate = _Rate("none", "found")

    def to_dict(self) -> dict[str, Any]:
        return _scores(self, "gold found correct wrong none accuracy none_rate")


@dataclass(slots=True)
class ConfidenceBin:
    """Matched predictions whose confidence falls in ``[low, high)`` and how many were right.

    ``named``/``correct``: those naming a registry speaker, and how many named the gold one.
    ``mentioned``/``mention_correct``: those with a gold mention that gave one, and how many
    overlap it. ``invented``: unmatched predictions naming a speaker (wrong, kept apart).
    """

    low: float
    high: float
    named: int = 0
    correct: int = 0
    mentioned: int = 0
    mention_correct: int = 0
    invented: int = 0

    @property
    def label(self) -> str:
        return f"{self.low:.1f}-{self.high:.1f}"

    rate = _Rate("correct", "named")
    mention_rate = _Rate("mention_correct", "mentioned")

    def to_dict(self) -> dict[str, Any]:
        return _scores(
            self, "low high named correct rate mentioned mention_correct mention_rate invented"
        )


@dataclass(slots=True)
class KindScore:
    """Results for the gold rows of one kind (``full`` or ``fragment``): ``support`` rows,
    ``found`` of them matched by a prediction, ``correct`` with the right speaker and
    ``kind_agree`` with the prediction's kind the same."""

    support: int = 0
    found: int = 0
    correct: int = 0
    kind_agree: int = 0

    recall = _Rate("correct", "support")
    kind_agreement = _Rate("kind_agree", "found")

    def to_dict(self) -> dict[str, Any]:
        return _scores(self, "support found correct recall kind_agree kind_agreement")


@dataclass(frozen=True, slots=True)
class Miss:
    doc: str
    quote_start: str
    speaker: str
    kind: str
    line: int


@dataclass(frozen=True, slots=True)
class WrongSpeaker:
    doc: str
    quote_start: str
    gold: str
    predicted: str
    rule: str
    id: str | None


@dataclass(frozen=True, slots=True)
class WrongMention:
    doc: str
    quote_start: str
    gold_start: int
    gold_end: int
    gold_mention: str | None
    predicted_start: int | None
    predicted_end: int | None
    predicted_mention: str | None
    rule: str
    confidence: float | None
    id: str | None


@dataclass(frozen=True, slots=True)
class Invented:
    doc: str
    start: int | None
    text: str
    speaker: str
    rule: str
    id: str | None


@dataclass(frozen=True, slots=True)
class KindDisagreement:
    doc: str
    quote_start: str
    gold: str
    predicted: str
    id: str | None


@dataclass(frozen=True, slots=True)
class ViaDisagreement:
    doc: str
    quote_start: str
    gold: str | None
    predicted: str | None
    id: str | None


@dataclass(slots=True)
class EvalReport:
    """Everything ``evaluate`` measured; labels are registry keys plus ``OTHER``."""

    gold: int
    predictions: int  # predictions in documents the gold covers
    found: int = 0
    speaker_correct: int = 0
    via_agree: int = 0
    per_speaker: dict[str, SpeakerScore] = field(default_factory=dict)
    per_rule: dict[str, RuleScore] = field(default_factory=dict)
    per_kind: dict[str, KindScore] = field(default_factory=dict)
    mention: MentionScore = field(default_factory=MentionScore)
    reliability: list[ConfidenceBin] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    wrong: list[WrongSpeaker] = field(default_factory=list)
    invented: list[Invented] = field(default_factory=list)
    kind_disagreements: list[KindDisagreement] = field(default_factory=list)
    via_disagreements: list[ViaDisagreement] = field(default_factory=list)
    wrong_mentions: list[WrongMention] = field(default_factory=list)  # wrong or missing
    unseen_docs: list[str] = field(default_factory=list)  # gold documents with no prediction

    found_rate = _Rate("found", "gold")
    speaker_accuracy = _Rate("speaker_correct", "gold")
    speaker_accuracy_found = _Rate("speaker_correct", "found")
    via_agreement = _Rate("via_agree", "found")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: counts, rounded rates (None where undefined), tables and lists."""
        return {
            **_scores(
                self,
                "gold predictions found found_rate speaker_correct speaker_accuracy"
                " speaker_accuracy_found via_agree via_agreement",
            ),
            "per_speaker": {k: v.to_dict() for k, v in self.per_speaker.items()},
            "per_rule": {k: v.to_dict() for k, v in self.per_rule.items()},
            "per_kind": {k: v.to_dict() for k, v in self.per_kind.items()},
            "mention": self.mention.to_dict(),
            "reliability": [b.to_dict() for b in self.reliability],
            "misses": [asdict(m) for m in self.misses],
            "wrong": [asdict(w) for w in self.wrong],
            "invented": [asdict(i) for i in self.invented],
            "kind_disagreements": [asdict(d) for d in self.kind_disagreements],
            "via_disagreements": [asdict(v) for v in self.via_disagreements],
            "wrong_mentions": [asdict(m) for m in self.wrong_mentions],
            "unseen_docs": list(self.unseen_docs),
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _scores(score: object, names: str) -> dict[str, Any]:
    """The named values of a score for its JSON, in that order: its counts as they are, what
    it works out from them (its properties: rates, and counts, which stay whole) rounded."""
    kind = type(score)
    return {
        name: _rounded(getattr(score, name))
        if isinstance(getattr(kind, name), property | _Rate)
        else getattr(score, name)
        for name in names.split()
    }


def _gold_label(row: GoldRow, registry: Registry) -> str:
    if row.speaker.upper() == OTHER:
        return OTHER
    try:
        return registry.lookup(row.speaker).key
    except RegistryError as exc:
        raise RegistryError(f"{row.where}: {exc}") from None


def _predicted_labeller(registry: Registry) -> Callable[[object], str]:
    exact = {s.name: s.key for s in registry} | {s.key: s.key for s in registry}

    def label(name: object) -> str:
        if not name:
            return OTHER
        text = str(name)
        if text in exact:
            return exact[text]
        try:
            return registry.lookup(text).key
        except RegistryError:
            # A name from another registry: scored under its own label rather than
            # aborting the run or being mistaken for OTHER.
            return text

    return label


def _rules_speaker(pred: Prediction) -> object:
    """The rules' answer: reviews correct the database, but eval measures the rules."""
    return pred["rule_speaker"] if "rule_speaker" in pred else pred.get("speaker")


def _rule(pred: Prediction) -> str:
    return str(pred.get("rule") or NO_RULE)


def _same_via(gold: str | None, predicted: object) -> bool:
    return (gold or "").strip().casefold() == str(predicted or "").strip().casefold()


def _offset(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _confidence(pred: Prediction) -> float | None:
    value = pred.get("confidence")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def mention_verdict(row: GoldRow, pred: Prediction) -> str:
    """``right`` when the predicted mention's offsets overlap the gold's, else ``wrong``;
    ``none`` when the prediction gives no mention offsets."""
    start, end = _offset(pred.get("mention_start")), _offset(pred.get("mention_end"))
    if start is None or end is None:
        return "none"
    assert row.mention_start is not None and row.mention_end is not None
    overlaps = start < row.mention_end and row.mention_start < end
    return "right" if overlaps else "wrong"


def _bin(bins: dict[int, ConfidenceBin], confidence: float | None) -> ConfidenceBin | None:
    """The tenth ``confidence`` falls in (1.0 joins the top one); None for no confidence."""
    if confidence is None:
        return None
    index = min(max(int(confidence / _BIN_WIDTH + 1e-9), 0), round(1 / _BIN_WIDTH) - 1)
    if index not in bins:
        low = round(index * _BIN_WIDTH, 2)
        bins[index] = ConfidenceBin(low, round(low + _BIN_WIDTH, 2))
    return bins[index]


def _speaker_error(want: str, got: str) -> str:
    if want == OTHER:
        return "named other"
    return "no speaker" if got == OTHER else "wrong person"


def evaluate(
    gold: Sequence[GoldRow], predictions: Iterable[Prediction], registry: Registry
) -> EvalReport:
    """Pair gold rows with predictions (same document, same first words) and score them.

    Predictions in documents the gold does not cover are ignored; those in covered
    documents that match no gold row are reported as invented. A document only rows of
    scope "quote" name (a reviewed export) is covered quote by quote: its other quotes are
    neither scored nor invented.
    """
    label = _predicted_labeller(registry)
    wanted = [_gold_label(row, registry) for row in gold]
    docs = list(dict.fromkeys(row.doc for row in gold))
    covered = [p for p in predictions if any(same_doc(d, str(p.get("doc"))) for d in docs)]
    pairs = match(gold, covered)

    report = EvalReport(gold=len(gold), predictions=len(covered))
    report.per_speaker = {s.key: SpeakerScore() for s in registry} | {OTHER: SpeakerScore()}
    report.unseen_docs = [
        d for d in docs if not any(same_doc(d, str(p.get("doc"))) for p in covered)
    ]
    bins: dict[int, ConfidenceBin] = {}
    for row, want, index in zip(gold, wanted, pairs, strict=True):
        kind = report.per_kind.setdefault(row.kind, KindScore())
        kind.support += 1
        if row.has_mention:
            report.mention.gold += 1
        if index is None:
            report.per_speaker.setdefault(want, SpeakerScore()).fn += 1
            report.misses.append(Miss(row.doc, row.quote_start, want, row.kind, row.line))
            continue
        pred = covered[index]
        got = label(_rules_speaker(pred))
        rule = report.per_rule.setdefault(_rule(pred), RuleScore())
        rule.count += 1
        report.found += 1
        kind.found += 1
        where = _bin(bins, _confidence(pred))
        if where is not None and got != OTHER:
            where.named += 1
            where.correct += got == want
        if row.has_mention:
            _score_mention(report, rule, where, row, pred)
        if _same_via(row.via, pred.get("via")):
            report.via_agree += 1
        else:
            report.via_disagreements.append(
                ViaDisagreement(row.doc, row.quote_start, row.via, pred.get("via"), pred.get("id"))
            )
        if pred.get("kind") == row.kind:
            kind.kind_agree += 1
        else:
            report.kind_disagreements.append(
                KindDisagreement(
                    row.doc, row.quote_start, row.kind, str(pred.get("kind")), pred.get("id")
                )
            )
        if got == want:
            report.speaker_correct += 1
            report.per_speaker.setdefault(want, SpeakerScore()).tp += 1
            rule.correct += 1
            kind.correct += 1
        else:
            report.per_speaker.setdefault(want, SpeakerScore()).fn += 1
            report.per_speaker.setdefault(got, SpeakerScore()).fp += 1
            rule.errors[_speaker_error(want, got)] += 1
            report.wrong.append(
                WrongSpeaker(row.doc, row.quote_start, want, got, _rule(pred), pred.get("id"))
            )

    used = {i for i in pairs if i is not None}
    whole = [d for d in docs if any(r.doc == d and r.scope == "document" for r in gold)]
    for index, pred in enumerate(covered):
        if index in used:
            continue
        if not any(same_doc(d, str(pred.get("doc"))) for d in whole):
            report.predictions -= 1  # a quote no row vouches for: not scored
            continue
        got = label(_rules_speaker(pred))
        report.per_speaker.setdefault(got, SpeakerScore()).fp += 1
        rule = report.per_rule.setdefault(_rule(pred), RuleScore())
        rule.count += 1
        if got != OTHER:
            rule.errors["invented named"] += 1
            where = _bin(bins, _confidence(pred))
            if where is not None:
                where.invented += 1
        report.invented.append(
            Invented(
                doc=str(pred.get("doc")),
                start=pred.get("start"),
                text=str(pred.get("text") or ""),
                speaker=got,
                rule=_rule(pred),
                id=pred.get("id"),
            )
        )
    report.per_rule = dict(sorted(report.per_rule.items()))
    report.per_kind = dict(sorted(report.per_kind.items()))
    report.reliability = [bins[i] for i in sorted(bins)]
    return report


def _score_mention(
    report: EvalReport,
    rule: RuleScore,
    where: ConfidenceBin | None,
    row: GoldRow,
    pred: Prediction,
) -> None:
    """Count one found row's mention verdict in the report, its rule and its confidence bin."""
    verdict = mention_verdict(row, pred)
    report.mention.found += 1
    if verdict == "none":
        report.mention.none += 1
        rule.errors["no mention"] += 1
    else:
        rule.mention_count += 1
        if where is not None:
            where.mentioned += 1
    if verdict == "right":
        report.mention.correct += 1
        rule.mention_correct += 1
        if where is not None:
            where.mention_correct += 1
        return
    if verdict == "wrong":
        report.mention.wrong += 1
        rule.errors["wrong mention"] += 1
    assert row.mention_start is not None and row.mention_end is not None
    report.wrong_mentions.append(
        WrongMention(
            doc=row.doc,
            quote_start=row.quote_start,
            gold_start=row.mention_start,
            gold_end=row.mention_end,
            gold_mention=row.mention,
            predicted_start=_offset(pred.get("mention_start")),
            predicted_end=_offset(pred.get("mention_end")),
            predicted_mention=None if pred.get("mention") is None else str(pred.get("mention")),
            rule=_rule(pred),
            confidence=_confidence(pred),
            id=pred.get("id"),
        )
    )


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else f"{part}/0"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _short(text: str, width: int = _SHOWN) -> str:
    return one_line(text, width)


def _table(
    header: Sequence[str], rows: Sequence[Sequence[object]], align: str, indent: str = ""
) -> list[str]:
    """Columns padded to their widest cell; ``align`` has one ``l`` or ``r`` per column."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    out = []
    for row in cells:
        parts = [
            cell.rjust(width) if side == "r" else cell.ljust(width)
            for cell, width, side in zip(row, widths, align, strict=True)
        ]
        out.append((indent + "  ".join(parts)).rstrip())
    return out


def _rule_tables(report: EvalReport) -> list[str]:
    """Per-rule precision (speaker, and mention when the gold gives mentions), then errors."""
    mentions = report.mention.gold > 0
    header: tuple[str, ...] = ("rule", "count", "correct", "precision")
    if mentions:
        header += ("mention given", "mention right", "mention precision")
    rows = []
    for name, r in report.per_rule.items():
        row: tuple[object, ...] = (name, r.count, r.correct, _num(r.precision))
        if mentions:
            row += (r.mention_count, r.mention_correct, _num(r.mention_precision))
        rows.append(row)
    errors = [e for e in ERRORS if mentions or "mention" not in e]
    error_rows = [(name, *(r.errors[e] for e in errors)) for name, r in report.per_rule.items()]
    totals = ("total", *(sum(r.errors[e] for r in report.per_rule.values()) for e in errors))
    return [
        *_table(header, rows, "l" + "r" * (len(header) - 1)),
        "",
        "errors by rule:",
        *_table(("rule", *errors), [*error_rows, totals], "l" + "r" * len(errors)),
    ]


def _reliability_table(report: EvalReport) -> list[str]:
    """Confidence bins: of the found quotes given confidence c, how many were right."""
    mentions = report.mention.gold > 0
    header: tuple[str, ...] = ("confidence", "named", "right", "rate", "invented named")
    if mentions:
        header += ("mention given", "mention right", "mention rate")
    rows = []
    for b in report.reliability:
        row: tuple[object, ...] = (b.label, b.named, b.correct, _num(b.rate), b.invented)
        if mentions:
            row += (b.mentioned, b.mention_correct, _num(b.mention_rate))
        rows.append(row)
    return [
        "reliability (found quotes by confidence: a calibrated rule is right at about its"
        " confidence; invented ones are wrong and kept apart):",
        *_table(header, rows, "l" + "r" * (len(header) - 1)),
    ]


def render_report(report: EvalReport) -> str:
    """The report as plain text for people: summary lines, tables, then the problem lists."""
    lines = [
        f"found {_pct(report.found, report.gold)}",
        f"speaker accuracy {_pct(report.speaker_correct, report.gold)}",
        f"speaker accuracy among found {_pct(report.speaker_correct, report.found)}",
        f"invented {len(report.invented)}",
        f"via agreement {_pct(report.via_agree, report.found)} (informational)",
    ]
    mention = report.mention
    if mention.gold:
        lines += [
            f"gold rows with a mention {mention.gold}, found {mention.found}",
            f"mention right {_pct(mention.correct, mention.found)} of found",
            f"no mention {_pct(mention.none, mention.found)} of found",
            f"wrong mention {_pct(mention.wrong, mention.found)} of found",
        ]
    if report.unseen_docs:
        # Usually a path mix-up rather than a bad extractor: say so before the zeros below.
        lines.append(
            f"gold documents without predictions {len(report.unseen_docs)}: "
            f"{', '.join(report.unseen_docs)} (not ingested? documents match by file name)"
        )

    speakers = [
        (k, _num(s.precision), _num(s.recall), _num(s.f1), s.tp, s.fp, s.fn, s.support)
        for k, s in report.per_speaker.items()
    ]
    lines += ["", *_table(_SPEAKER_COLUMNS, speakers, "lrrrrrrr")]
    if report.per_rule:
        lines += ["", *_rule_tables(report)]
    if report.reliability:
        lines += ["", *_reliability_table(report)]
    if report.per_kind:
        kinds = [
            (k, s.support, s.found, s.correct, _num(s.recall), f"{s.kind_agree}/{s.found}")
            for k, s in report.per_kind.items()
        ]
        lines += ["", *_table(_KIND_COLUMNS, kinds, "lrrrrr")]

    sections: list[tuple[str, tuple[str, ...], str, list[tuple[object, ...]]]] = [
        (
            "misses",
            ("doc", "line", "gold", "kind", "quote start"),
            "lrlll",
            [(m.doc, m.line, m.speaker, m.kind, _short(m.quote_start)) for m in report.misses],
        ),
        (
            "wrong speaker",
            ("doc", "gold", "predicted", "rule", "quote start"),
            "lllll",
            [(w.doc, w.gold, w.predicted, w.rule, _short(w.quote_start)) for w in report.wrong],
        ),
        (
            "invented",
            ("doc", "start", "predicted", "rule", "text"),
            "lrlll",
            [
                (i.doc, "-" if i.start is None else i.start, i.speaker, i.rule, _short(i.text))
                for i in report.invented
            ],
        ),
        (
            "kind disagreements",
            ("doc", "gold", "predicted", "quote start"),
            "llll",
            [
                (d.doc, d.gold, d.predicted, _short(d.quote_start))
                for d in report.kind_disagreements
            ],
        ),
        (
            "via disagreements",
            ("doc", "gold", "predicted", "quote start"),
            "llll",
            [
                (v.doc, v.gold or "-", v.predicted or "-", _short(v.quote_start))
                for v in report.via_disagreements
            ],
        ),
        (
            "wrong or missing mention",
            ("doc", "gold", "predicted", "rule", "confidence", "quote start"),
            "lllrll",
            [
                (
                    m.doc,
                    f"{m.gold_start}-{m.gold_end} {_short(m.gold_mention or '', 24)}".rstrip(),
                    "-"
                    if m.predicted_start is None
                    else f"{m.predicted_start}-{m.predicted_end}"
                    f" {_short(m.predicted_mention or '', 24)}".rstrip(),
                    m.rule,
                    _num(m.confidence),
                    _short(m.quote_start),
                )
                for m in report.wrong_mentions
            ],
        ),
    ]
    for title, columns, align, rows in sections:
        if rows:
            lines += ["", f"{title} ({len(rows)}):", *_table(columns, rows, align, indent="  ")]
    return "\n".join(lines)
