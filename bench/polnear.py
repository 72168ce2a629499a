"""PolNeAR as an open-domain dev set: its brat annotations as gold, and a score of the mention.

PolNeAR (github:networkdynamics/PolNeAR) annotates every attribution in 2016 US political
news as Source / Cue / Content spans. Only its train split is used here; keep it in the
ignored folder ``polnear/`` and never commit its text.

    python bench/polnear.py convert DIR -o gold.jsonl   # gold rows `quotes eval` reads
    python bench/polnear.py score DIR [--examples 3]    # the pure core in memory, no database

DIR holds ``text/*.txt`` and ``attributions/*.ann``. ``score`` imports ``quotes`` from the
current directory first, so any worktree can be measured with this one script:
``cd <worktree> && .venv/bin/python /path/to/bench/polnear.py score DIR``.

A gold direct quote is a quoted segment (a pair of quotation marks in one paragraph, or an
opening mark left open to the paragraph's end) that overlaps an attribution's Content. When
contents nest (``X said Y told him "…"``) the segment belongs to the innermost one. The
tool's quote is aligned to it by offset overlap, and its mention is right when its offsets
overlap the gold Source (the first piece of a discontinuous Source).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The current directory's `quotes` first: a worktree measures its own rules.
sys.path.insert(0, os.getcwd())

OTHER = "OTHER"
NO_RULE = "(no rule)"
_QUOTE_WORDS = 6  # words of a quote kept as its gold ``quote_start``
_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_DOUBLE_OPEN = {"“": '”"', '"': '"”', "„": '“”"', "«": "»", "»": "«"}
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_TITLE_WORDS = 8
_SMALL_WORDS = frozenset("a an and at for in of on or the to with".split())
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

Pieces = tuple[tuple[int, int], ...]


class PolnearError(Exception):
    """Bad input: a folder without the expected layout, an unreadable file."""


@dataclass(frozen=True, slots=True)
class BratAttribution:
    """One E line: its Source, Cue and Content spans (pieces of discontinuous spans kept)."""

    event: str
    sources: Pieces
    cues: Pieces
    contents: Pieces


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A quoted segment of an attribution's Content: ``text[start:end]``, marks excluded."""

    doc: str
    start: int
    end: int
    text: str
    source: tuple[int, int] | None  # the head (first) piece of the Source; None: no source
    source_text: str
    cue_text: str
    annotation: str  # the .ann file's name: which annotator's reading this is
    event: str

    @property
    def kind(self) -> str:
        # A heuristic: a quote opening with a capital and running to a few words is a
        # sentence of its own; anything shorter or lower-case is a fragment in the writer's.
        words = self.text.split()
        return "full" if words and words[0][:1].isupper() and len(words) >= 4 else "fragment"


def _pieces(spec: str) -> Pieces:
    out = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def parse_ann(text: str) -> list[BratAttribution]:
    """The attributions of one brat ``.ann`` file; notes and malformed lines are skipped."""
    spans: dict[str, tuple[str, Pieces]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        t = _T_LINE.match(line)
        if t:
            spans[t.group(1)] = (t.group(2), _pieces(t.group(3)))
            continue
        e = _E_LINE.match(line)
        if e:
            args = [tuple(a.split(":", 1)) for a in e.group(2).split() if ":" in a]
            events.append((e.group(1), [(r, i) for r, i in args]))
    found = []
    for event, args in events:
        by_role: dict[str, list[tuple[int, int]]] = {"Source": [], "Cue": [], "Content": []}
        for role, ref in args:
            base = role.rstrip("0123456789")  # Content2: a second content of one cue
            if base in by_role and ref in spans:
                by_role[base].extend(spans[ref][1])
        if by_role["Content"]:
            found.append(
                BratAttribution(
                    event,
                    tuple(by_role["Source"]),
                    tuple(by_role["Cue"]),
                    tuple(sorted(by_role["Content"])),
                )
            )
    return found


def quoted_segments(text: str) -> list[tuple[int, int]]:
    """Outermost quoted segments, paragraph by paragraph, marks excluded.

    Double marks (curly, straight, low-9, guillemets) pair with the next closing double
    mark; ``‘`` opens only after a non-letter and closes at a ``’`` not followed by a letter
    (so ``don’t`` stays inside). An opening mark still open at the paragraph's end runs to it
    (the convention for a quote continued in the next paragraph).
    """
    found = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        i = pos
        while i < end:
            ch = text[i]
            closers = _DOUBLE_OPEN.get(ch)
            single = ch == _SINGLE_OPEN and (i == pos or not text[i - 1].isalnum())
            if closers is None and not single:
                i += 1
                continue
            j = i + 1
            while j < end:
                c = text[j]
                if closers is not None and c in closers:
                    break
                if single and c == _SINGLE_CLOSE and (j + 1 >= end or not text[j + 1].isalnum()):
                    break
                j += 1
            if j > i + 1 and text[i + 1 : j].strip():
                found.append((i + 1, j))
            i = j + 1
        pos = end + 1
    return found


def is_title(quoted: str) -> bool:
    """Whether a quoted segment reads as a name: a few capitalised words, no sentence mark.

    ``"Saturday Night Live"``, ``"Make America Great Again"``; small linking words may be
    lower-case (``"Crossroads of America"``).
    """
    words = quoted.strip().rstrip(",").split()
    if not words or len(words) > _TITLE_WORDS or re.search(r"[.!?;:]$", quoted.strip()):
        return False
    small = [w.casefold() in _SMALL_WORDS for w in words]
    capital = [w[:1].isupper() or w[:1].isdigit() for w in words]
    if not capital[0] or not all(c or m for c, m in zip(capital, small, strict=True)):
        return False
    # One capitalised word is as often speech ("Absolutely," she said) as a name.
    return sum(c and not m for c, m in zip(capital, small, strict=True)) >= 2


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _covered(segment: tuple[int, int], pieces: Pieces) -> int:
    return sum(_overlap(segment, p) for p in pieces)


def gold_quotes(
    doc: str, text: str, attributions: Sequence[BratAttribution], annotation: str
) -> list[GoldQuote]:
    """The direct quotes of one article: each quoted segment inside some attribution's Content.

    A segment inside several contents (nested attributions) goes to the one that covers most
    of it, the smallest content on a tie: the innermost speaker said those words. A title-case
    name in quotes (a show, a slogan, a nickname) is a label, not speech, and is left out.
    """
    out = []
    for segment in quoted_segments(text):
        if is_title(text[segment[0] : segment[1]]):
            continue
        best: tuple[int, int, BratAttribution] | None = None
        for attr in attributions:
            covered = _covered(segment, attr.contents)
            if covered == 0:
                continue
            size = sum(b - a for a, b in attr.contents)
            if best is None or (covered, -size) > (best[0], -best[1]):
                best = (covered, size, attr)
        if best is None:
            continue
        attr = best[2]
        head = attr.sources[0] if attr.sources else None
        out.append(
            GoldQuote(
                doc=doc,
                start=segment[0],
                end=segment[1],
                text=text[segment[0] : segment[1]],
                source=head,
                source_text=text[head[0] : head[1]] if head else "",
                cue_text=" ".join(text[a:b] for a, b in attr.cues),
                annotation=annotation,
                event=attr.event,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Article:
    """One PolNeAR article with the annotation chosen for it."""

    doc: str
    path: Path
    text: str
    annotation: str
    attributions: tuple[BratAttribution, ...]


def articles(folder: Path) -> Iterator[Article]:
    """Each article of ``folder`` with one annotation, chosen by file name.

    A few articles were annotated by several people (``<base>_<annotator>.ann``): the first
    file name in sorted order that holds any attribution is taken, so runs agree. An article
    whose text repeats an earlier one is skipped, as ``quotes ingest`` stores it once.
    """
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise PolnearError(
            f"{folder}: expected text/*.txt and attributions/*.ann (PolNeAR's data/train layout)"
        )
    anns: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        base = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(base, []).append(ann)
    seen: dict[str, str] = {}
    for path in sorted(text_dir.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"warning: {path}: cannot read ({exc}), skipped", file=sys.stderr)
            continue
        if text in seen:
            print(f"note: {path.name}: the same text as {seen[text]}, skipped", file=sys.stderr)
            continue
        seen[text] = path.name
        chosen: tuple[str, list[BratAttribution]] | None = None
        for ann in anns.get(path.stem, []):
            try:
                parsed = parse_ann(ann.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                print(f"warning: {ann}: cannot read ({exc}), skipped", file=sys.stderr)
                continue
            if parsed or chosen is None:
                chosen = (ann.name, parsed)
            if parsed:
                break
        if chosen is None:
            print(f"warning: {path.name}: no annotation file, skipped", file=sys.stderr)
            continue
        yield Article(path.name, path, text, chosen[0], tuple(chosen[1]))


def _registry() -> Any:
    from quotes.attribute.registry import load_registry
    from quotes.config import speakers_path

    return load_registry(speakers_path())


def gold_label(source_text: str, registry: Any) -> str:
    """A registry key when the Source names exactly one registry person by name, else OTHER."""
    if not source_text:
        return OTHER
    names = [m for m in registry.find_names(source_text) if not m.possessive]
    keys = {m.speaker for m in names}
    return keys.pop() if len(keys) == 1 else OTHER


def gold_row(quote: GoldQuote, registry: Any) -> dict[str, Any]:
    """The row `quotes eval --gold` reads, plus the Source mention's offsets and text."""
    source = (
        f"source {quote.source_text!r}" if quote.source else "no source (Attribution-no-source)"
    )
    return {
        "doc": quote.doc,
        "quote_start": " ".join(quote.text.split()[:_QUOTE_WORDS]),
        "speaker": gold_label(quote.source_text, registry),
        "kind": quote.kind,
        "via": None,
        "why": f"PolNeAR {quote.annotation} {quote.event}: {source}, cue {quote.cue_text!r}",
        "mention": quote.source_text or None,
        "mention_start": quote.source[0] if quote.source else None,
        "mention_end": quote.source[1] if quote.source else None,
        "quote_offsets": [quote.start, quote.end],
    }


def convert(folder: Path, out: Path) -> tuple[int, int]:
    """Write the gold JSONL; returns (articles, direct quotes)."""
    registry = _registry()
    docs = quotes = 0
    with out.open("w", encoding="utf-8") as fh:
        for art in articles(folder):
            docs += 1
            for q in gold_quotes(art.doc, art.text, art.attributions, art.annotation):
                fh.write(json.dumps(gold_row(q, registry), ensure_ascii=False) + "\n")
                quotes += 1
    return docs, quotes


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    """One quote the core found: its offsets and what its attribution carries."""

    start: int
    end: int
    rule: str
    confidence: float
    speaker: str | None
    mention: str | None
    mention_start: int | None
    mention_end: int | None


@dataclass(frozen=True, slots=True)
class Scored:
    """A gold quote paired with the tool's quote (None: not found) and the verdict."""

    gold: GoldQuote
    found: Found | None
    verdict: str  # "right", "wrong", "none" (no mention), "missed"
    gold_label: str


def verdict(gold: GoldQuote, found: Found | None) -> str:
    """right / wrong / none for the mention of a found quote; missed when not found.

    A gold quote with no Source is right only when the tool names no mention either.
    """
    if found is None:
        return "missed"
    has = found.mention_start is not None and found.mention_end is not None
    if gold.source is None:
        return "none" if not has else "wrong"
    if not has:
        return "none"
    span = (found.mention_start or 0, found.mention_end or 0)
    return "right" if _overlap(span, gold.source) > 0 else "wrong"


def align(golds: Sequence[GoldQuote], found: Sequence[Found]) -> list[Found | None]:
    """For each gold quote, the unused tool quote overlapping it most (None if none does)."""
    used: set[int] = set()
    out: list[Found | None] = []
    for g in golds:
        best, best_overlap = None, 0
        for i, f in enumerate(found):
            ov = _overlap((g.start, g.end), (f.start, f.end))
            if i not in used and ov > best_overlap:
                best, best_overlap = i, ov
        if best is not None:
            used.add(best)
        out.append(None if best is None else found[best])
    return out


@dataclass(slots=True)
class Score:
    """Everything ``score`` counts, over articles."""

    articles: int = 0
    scored: list[Scored] = field(default_factory=list)
    outside: list[tuple[str, Found]] = field(default_factory=list)  # tool quotes in no gold

    def with_source(self) -> list[Scored]:
        return [s for s in self.scored if s.gold.source is not None]


def _found(quote: Any) -> Found:
    a = quote.attribution
    return Found(
        quote.span.start,
        quote.span.end,
        a.rule or NO_RULE,
        float(a.confidence),
        a.speaker,
        a.mention,
        a.mention_start,
        a.mention_end,
    )


def score(folder: Path) -> Score:
    """Run the pure core on every article in memory and pair its quotes with the gold."""
    from quotes.attribute.runner import extract
    from quotes.extract.read import parse_article

    registry = _registry()
    result = Score()
    for art in articles(folder):
        result.articles += 1
        golds = gold_quotes(art.doc, art.text, art.attributions, art.annotation)
        try:
            doc = extract(parse_article(art.doc, art.text.encode("utf-8")), registry)
        except Exception as exc:  # a crash on one article is a finding, not the end of the run
            print(
                f"warning: {art.doc}: the core failed ({type(exc).__name__}: {exc})",
                file=sys.stderr,
            )
            continue
        # parse_article may skip a date token; offsets still index the same text.
        found = [_found(q) for q in doc.quotes]
        pairs = align(golds, found)
        for g, f in zip(golds, pairs, strict=True):
            label = gold_label(g.source_text, registry)
            result.scored.append(Scored(g, f, verdict(g, f), label))
        matched = {id(f) for f in pairs if f is not None}
        for f in found:
            if id(f) not in matched and not any(
                _overlap((g.start, g.end), (f.start, f.end)) for g in golds
            ):
                result.outside.append((art.doc, f))
    return result


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else f"{part}/0"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    cells = [[str(c) for c in header], *[[str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in cells
    ]


def _shown(text: str, width: int = 70) -> str:
    """Article text made safe for a terminal: control characters escaped, one line, cut."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def confidence_bin(c: float) -> str:
    """The tenth a confidence falls in, as ``0.7-0.8``; 1.0 joins the top bin."""
    low = min(int(c * 10 + 1e-9), 9) / 10
    return f"{low:.1f}-{low + 0.1:.1f}"


def render(result: Score, examples: int = 3) -> str:
    from quotes.attribute.terms import TERM_RULE

    with_source = result.with_source()
    found = [s for s in with_source if s.found is not None]
    counts = Counter(s.verdict for s in found)
    no_source = [s for s in result.scored if s.gold.source is None]
    ns_found = [s for s in no_source if s.found is not None]
    lines = [
        f"articles {result.articles}",
        f"direct quotes in gold {len(result.scored)}"
        f" ({len(with_source)} with a Source, {len(no_source)} without)",
        "",
        "quotes with a gold Source:",
        f"  found {_pct(len(found), len(with_source))}",
        f"  mention right {_pct(counts['right'], len(found))} of found",
        f"  no mention {_pct(counts['none'], len(found))} of found",
        f"  wrong mention {_pct(counts['wrong'], len(found))} of found",
    ]
    # The project leaves a writer's term (scare quotes, a name in quotes) to nobody, where
    # PolNeAR credits the sentence's subject: the same figures over the rest, the quotes
    # the tool reads as somebody's speech.
    speech = [s for s in found if s.found is not None and s.found.rule != TERM_RULE]
    said = Counter(s.verdict for s in speech)
    lines += [
        f"  of those the tool reads as speech (not its 'term'): {len(speech)}",
        f"    mention right {_pct(said['right'], len(speech))}, no mention"
        f" {_pct(said['none'], len(speech))}, wrong mention {_pct(said['wrong'], len(speech))}",
    ]
    registry_given = [s for s in found if s.found and s.found.speaker]
    lines.append(
        f"  registry speaker given {len(registry_given)}, gold names that registry person"
        f" {sum(1 for s in registry_given if s.found and s.found.speaker == s.gold_label)}"
    )
    lines += [
        "quotes without a gold Source (no mention is right):",
        f"  found {_pct(len(ns_found), len(no_source))}, given a mention anyway"
        f" {sum(1 for s in ns_found if s.verdict == 'wrong')}",
        f"tool quotes outside every gold quote (scare quotes, titles, unannotated) "
        f"{len(result.outside)}, given a mention {sum(1 for _, f in result.outside if f.mention)}"
        f", given a registry speaker {sum(1 for _, f in result.outside if f.speaker)}",
    ]

    rules: dict[str, Counter[str]] = {}
    for s in found:
        assert s.found is not None
        rules.setdefault(s.found.rule, Counter())[s.verdict] += 1
    outside_by_rule = Counter(f.rule for _, f in result.outside)
    rows = []
    for rule in sorted(set(rules) | set(outside_by_rule)):
        c = rules.get(rule, Counter())
        fired = c["right"] + c["wrong"] + c["none"]
        given = c["right"] + c["wrong"]
        rows.append(
            (
                rule,
                fired,
                c["right"],
                c["wrong"],
                c["none"],
                f"{c['right'] / given:.3f}" if given else "-",
                outside_by_rule.get(rule, 0),
            )
        )
    lines += [
        "",
        "per rule (found quotes with a gold Source; precision = right / given a mention):",
    ]
    lines += _table(("rule", "fired", "right", "wrong", "no mention", "precision", "outside"), rows)

    bins: dict[str, Counter[str]] = {}
    for s in found:
        assert s.found is not None
        if s.verdict != "none":
            bins.setdefault(confidence_bin(s.found.confidence), Counter())[s.verdict] += 1
    lines += ["", "reliability (found quotes given a mention; right = mention overlaps Source):"]
    lines += _table(
        ("confidence", "given", "right", "rate"),
        [
            (
                b,
                c["right"] + c["wrong"],
                c["right"],
                f"{c['right'] / (c['right'] + c['wrong']):.3f}",
            )
            for b, c in sorted(bins.items())
        ],
    )

    if examples:
        lines += ["", f"worst errors by rule (most confident first, {examples} each):"]
        for rule in sorted(rules):
            bad = sorted(
                (s for s in found if s.found and s.found.rule == rule and s.verdict != "right"),
                key=lambda s: -(s.found.confidence if s.found else 0),
            )
            for s in bad[:examples]:
                f, g = s.found, s.gold
                assert f is not None and g.source is not None
                lines.append(
                    f"  {rule} {f.confidence:.2f} {g.doc} quote {g.start}-{g.end}"
                    f" gold {g.source[0]}-{g.source[1]} {_shown(g.source_text, 30)!r}"
                    f" got {f.mention_start}-{f.mention_end} {_shown(f.mention or '', 30)!r}"
                    f" | {_shown(g.text, 50)}"
                )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    conv = sub.add_parser("convert", help="brat annotations -> gold JSONL for `quotes eval`")
    conv.add_argument("folder", type=Path)
    conv.add_argument("-o", "--output", type=Path, required=True)
    sc = sub.add_parser("score", help="run the core in memory and score its mentions")
    sc.add_argument("folder", type=Path)
    sc.add_argument("--examples", type=int, default=3, help="error examples per rule")
    args = parser.parse_args(argv)
    try:
        if args.command == "convert":
            docs, count = convert(args.folder, args.output)
            print(
                f"wrote {count} direct quotes from {docs} articles to {args.output}",
                file=sys.stderr,
            )
        else:
            print(render(score(args.folder), args.examples))
    except (PolnearError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
