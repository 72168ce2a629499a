"""Claim normalisation and matching, measured on the labelled pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.dedupe.match import same_claim
from quotes.dedupe.normalise import guard_tokens, normalise

PAIRS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "claim_pairs.jsonl").read_text().splitlines()
    if line.strip()
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The last thing they [Russia] need.", "the last thing they need"),
        ("They (the West) wanted… to win...", "they wanted to win"),
        ("“It’s over,” — he said", "its over he said"),
        ("Co-operation  in\tdefence", "cooperation in defence"),
        ("more than 1,000 people", "more than 1000 people"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_guard_tokens_hold_negations_and_numbers() -> None:
    assert guard_tokens("we will not send 1000 troops") == (
        frozenset({"not"}),
        frozenset({"1000"}),
    )


def test_the_labelled_pairs_are_all_decided_right() -> None:
    """Precision and recall on the pairs are 1.0, as the README states."""
    wrong = [
        (p["a"], p["b"], p["why"])
        for p in PAIRS
        if same_claim(normalise(p["a"]), normalise(p["b"])) != p["same"]
    ]
    assert wrong == []
    assert sum(p["same"] for p in PAIRS) >= 25 and sum(not p["same"] for p in PAIRS) >= 20


@pytest.mark.parametrize("pair", PAIRS, ids=[p["why"] for p in PAIRS])
def test_matching_is_symmetric(pair: dict[str, object]) -> None:
    a, b = normalise(str(pair["a"])), normalise(str(pair["b"]))
    assert same_claim(a, b) == same_claim(b, a)
