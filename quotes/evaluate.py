"""Scoring stored attributions against a hand-checked gold file."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from quotes.attribute.registry import Registry
from quotes.errors import QuotesError

OTHER = "OTHER"
_GOLD_KEYS = ("doc", "quote_start", "speaker", "kind")
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


@dataclass(frozen=True, slots=True)
class GoldRow:
    doc: str
    quote_start: str
    speaker: str
    kind: str
    via: str | None = None
    why: str = ""
    line: int = 0


def load_gold(path: Path) -> list[GoldRow]:
    """Read a gold JSONL file; a bad line is a QuotesError naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QuotesError(f"gold file {path} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuotesError(f"cannot read gold file {path}: {exc}") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuotesError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(data, dict) or any(k not in data for k in _GOLD_KEYS):
            raise QuotesError(f"{path}:{number}: a gold row needs {', '.join(_GOLD_KEYS)}")
        rows.append(
            GoldRow(
                doc=str(data["doc"]),
                quote_start=str(data["quote_start"]),
                speaker=str(data["speaker"]),
                kind=str(data["kind"]),
                via=data.get("via"),
                why=str(data.get("why", "")),
                line=number,
            )
        )
    return rows


def normalise(text: str) -> str:
    """Text as compared: NFKC, straight quotes, single spaces, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_STRAIGHTEN).split()).casefold()


def _same_doc(gold_doc: str, path: str) -> bool:
    path = path.replace("\\", "/")
    return path == gold_doc or path.endswith("/" + gold_doc)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EvalReport:
    gold: int
    found: int
    speaker_correct: int
    per_speaker: dict[str, Score]
    per_rule: dict[str, Score]
    per_kind: dict[str, dict[str, int]]
    via_agree: int
    misses: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    invented: list[dict[str, Any]] = field(default_factory=list)
    kind_disagreements: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["per_speaker"] = {k: v.to_dict() for k, v in self.per_speaker.items()}
        data["per_rule"] = {k: v.to_dict() for k, v in self.per_rule.items()}
        return data


def evaluate(
    gold: list[GoldRow], predictions: list[dict[str, Any]], registry: Registry
) -> EvalReport:
    """Match gold rows to predictions (document + first words) and score the speakers."""
    by_name = {s.name: s.key for s in registry}

    def gold_label(row: GoldRow) -> str:
        return OTHER if row.speaker.upper() == OTHER else registry.lookup(row.speaker).key

    def predicted_label(pred: dict[str, Any]) -> str:
        name = pred.get("speaker")
        return OTHER if name is None else by_name.get(name, name)

    docs = {g.doc for g in gold}
    covered = [p for p in predictions if any(_same_doc(d, str(p["doc"])) for d in docs)]
    used: set[int] = set()
    pairs: list[tuple[GoldRow, dict[str, Any] | None]] = []
    for row in gold:
        start = normalise(row.quote_start)
        match = next(
            (
                i
                for i, p in enumerate(covered)
                if i not in used
                and _same_doc(row.doc, str(p["doc"]))
                and normalise(str(p["text"])).startswith(start)
            ),
            None,
        )
        if match is not None:
            used.add(match)
        pairs.append((row, covered[match] if match is not None else None))

    labels = [s.key for s in registry] + [OTHER]
    per_speaker = {label: Score() for label in labels}
    per_rule: dict[str, Score] = {}
    per_kind: dict[str, Counter[str]] = {}
    report = EvalReport(len(gold), 0, 0, per_speaker, per_rule, {}, 0)
    for row, pred in pairs:
        want = gold_label(row)
        kind = per_kind.setdefault(row.kind, Counter())
        kind["support"] += 1
        if pred is None:
            per_speaker.setdefault(want, Score()).fn += 1
            report.misses.append(
                {"doc": row.doc, "quote_start": row.quote_start, "speaker": row.speaker}
            )
            continue
        got = predicted_label(pred)
        rule = per_rule.setdefault(str(pred["rule"]), Score())
        report.found += 1
        if (pred.get("via") or "").casefold() == (row.via or "").casefold():
            report.via_agree += 1
        if pred["kind"] == row.kind:
            kind["kind_agree"] += 1
        else:
            report.kind_disagreements.append(
                {
                    "doc": row.doc,
                    "quote_start": row.quote_start,
                    "gold": row.kind,
                    "predicted": pred["kind"],
                }
            )
        if got == want:
            report.speaker_correct += 1
            per_speaker.setdefault(want, Score()).tp += 1
            rule.tp += 1
            kind["correct"] += 1
        else:
            per_speaker.setdefault(want, Score()).fn += 1
            per_speaker.setdefault(got, Score()).fp += 1
            rule.fp += 1
            report.wrong.append(
                {
                    "doc": row.doc,
                    "quote_start": row.quote_start,
                    "gold": want,
                    "predicted": got,
                    "rule": pred["rule"],
                    "id": pred.get("id"),
                }
            )
    for i, pred in enumerate(covered):
        if i in used:
            continue
        per_speaker.setdefault(predicted_label(pred), Score()).fp += 1
        per_rule.setdefault(str(pred["rule"]), Score()).fp += 1
        report.invented.append(
            {"doc": pred["doc"], "text": pred["text"][:60], "id": pred.get("id")}
        )
    report.per_kind = {k: dict(v) for k, v in per_kind.items()}
    return report


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else f"{part}/0"


def render_report(report: EvalReport) -> str:
    """The report as plain text for people."""
    lines = [
        f"found             {_pct(report.found, report.gold)}",
        f"speaker accuracy  {_pct(report.speaker_correct, report.gold)}"
        f"  (of found: {_pct(report.speaker_correct, report.found)})",
        f"invented          {len(report.invented)}",
        f"via agreement     {_pct(report.via_agree, report.found)}",
        "",
        f"{'speaker':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}",
    ]
    for label, score in report.per_speaker.items():
        support = score.tp + score.fn
        lines.append(
            f"{label:<12} {score.precision:>9.3f} {score.recall:>7.3f}"
            f" {score.f1:>6.3f} {support:>8}"
        )
    lines += ["", f"{'rule':<24} {'count':>5} {'precision':>9}"]
    for rule, score in sorted(report.per_rule.items()):
        lines.append(f"{rule:<24} {score.tp + score.fp:>5} {score.precision:>9.3f}")
    lines += ["", f"{'kind':<10} {'support':>7} {'recall':>7} {'kind agrees':>11}"]
    for kind, c in sorted(report.per_kind.items()):
        recall = c.get("correct", 0) / c["support"] if c.get("support") else 0.0
        lines.append(
            f"{kind:<10} {c.get('support', 0):>7} {recall:>7.3f} {c.get('kind_agree', 0):>11}"
        )
    for title, rows in (
        ("misses", report.misses),
        ("wrong speaker", report.wrong),
        ("invented", report.invented),
        ("kind disagreements", report.kind_disagreements),
    ):
        if rows:
            lines += ["", f"{title}:"]
            lines += ["  " + "  ".join(f"{k}={v}" for k, v in r.items()) for r in rows]
    return "\n".join(lines)
