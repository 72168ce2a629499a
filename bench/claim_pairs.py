"""Precision and recall of claim matching on the labelled pairs, across thresholds.

Prints one line per value of WORD_RATIO and MAX_EDIT_SHARE so the constants in
quotes/dedupe/match.py are chosen from measurement: `python bench/claim_pairs.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

from quotes.dedupe import match
from quotes.dedupe.normalise import normalise

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "claim_pairs.jsonl"


def score(pairs: list[dict[str, object]]) -> tuple[float, float, list[str]]:
    tp = fp = fn = 0
    wrong = []
    for pair in pairs:
        got = match.same_claim(normalise(str(pair["a"])), normalise(str(pair["b"])))
        if got and pair["same"]:
            tp += 1
        elif got:
            fp += 1
            wrong.append(f"  merged  {pair['a']!r} ~ {pair['b']!r}")
        elif pair["same"]:
            fn += 1
            wrong.append(f"  split   {pair['a']!r} ~ {pair['b']!r}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, wrong


def main() -> None:
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]
    chosen = (match.WORD_RATIO, match.MAX_EDIT_SHARE)
    print(f"{len(pairs)} labelled pairs ({sum(1 for p in pairs if p['same'])} same)")
    for word_ratio in (60, 70, 75, 80, 90):
        for share in (0.15, 0.25, 0.35):
            match.WORD_RATIO, match.MAX_EDIT_SHARE = word_ratio, share
            precision, recall, _ = score(pairs)
            mark = "  <- chosen" if (word_ratio, share) == chosen else ""
            print(
                f"WORD_RATIO={word_ratio} MAX_EDIT_SHARE={share}:"
                f" precision {precision:.3f} recall {recall:.3f}{mark}"
            )
    match.WORD_RATIO, match.MAX_EDIT_SHARE = chosen
    precision, recall, wrong = score(pairs)
    print(f"chosen: precision {precision:.3f} recall {recall:.3f}")
    print("\n".join(wrong))


if __name__ == "__main__":
    main()
