"""Scoring against gold: hand-made gold rows and predictions with numbers checked by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quotes.attribute.registry import Registry, load_registry
from quotes.config import speakers_path
from quotes.errors import QuotesError, RegistryError
from quotes.report.evaluate import (
    ERRORS,
    OTHER,
    GoldRow,
    evaluate,
    load_gold,
    match,
    mention_verdict,
    normalise,
    render_report,
    same_doc,
)

SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "corpus.jsonl"
DOC_A = "100_aaaa.txt"
DOC_B = "101_bbbb.txt"
NAMES = {
    "lukashenko": "Alexander Lukashenko",
    "putin": "Vladimir Putin",
    "peskov": "Dmitry Peskov",
    None: None,
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(speakers_path())


def gold(doc: str, start: str, speaker: str, kind: str = "full", via: str | None = None) -> GoldRow:
    return GoldRow(doc=doc, quote_start=start, speaker=speaker, kind=kind, via=via)


def pred(
    doc: str,
    text: str,
    speaker: str | None,
    *,
    start: int = 0,
    rule: str = "cue_after_quote",
    kind: str = "full",
    via: str | None = None,
    confidence: float | None = 0.9,
    mention: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """A prediction in the export contract; ``speaker`` is a registry key or None."""
    return {
        "id": f"{doc}:{start}",
        "doc": f"corpus/{doc}",
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": kind,
        "speaker": NAMES[speaker],
        "mention": None if mention is None else "someone",
        "mention_start": None if mention is None else mention[0],
        "mention_end": None if mention is None else mention[1],
        "cue": "said",
        "rule": rule,
        "confidence": confidence,
        "via": via,
        "date": None,
    }


# Three quotes in two documents: Lukashenko twice, Putin once.
GOLD = [
    gold(DOC_A, "The bridge will open in", "Lukashenko"),
    gold(DOC_A, "Nobody asked us", "Putin", kind="fragment"),
    gold(DOC_B, "We shall plant more trees", "Lukashenko"),
]


def perfect() -> list[dict[str, Any]]:
    return [
        pred(DOC_A, "The bridge will open in spring, not before.", "lukashenko", start=10),
        pred(DOC_A, "nobody asked us", "putin", start=90, rule="enclosing_speech", kind="fragment"),
        pred(DOC_B, "We shall plant more trees this year.", "lukashenko", start=5),
    ]


def test_a_perfect_run_scores_one_hundred_percent(registry: Registry) -> None:
    report = evaluate(GOLD, perfect(), registry)
    assert (report.gold, report.found, report.speaker_correct) == (3, 3, 3)
    assert report.found_rate == report.speaker_accuracy == report.speaker_accuracy_found == 1.0
    assert report.invented == report.misses == report.wrong == report.kind_disagreements == []
    assert report.per_speaker["lukashenko"].f1 == report.per_speaker["putin"].f1 == 1.0
    assert report.per_speaker["shoigu"].precision is None  # nothing to count either way
    text = render_report(report)
    for line in ("found 3/3 (100.0%)", "speaker accuracy 3/3 (100.0%)", "invented 0"):
        assert line in text.splitlines()


def test_a_wrong_speaker_costs_the_predicted_precision_and_the_gold_recall(
    registry: Registry,
) -> None:
    predictions = perfect()
    predictions[2] = pred(DOC_B, "We shall plant more trees.", "putin", start=5, rule="role_cue")
    report = evaluate(GOLD, predictions, registry)

    assert (report.found, report.speaker_correct) == (3, 2)
    assert report.speaker_accuracy == pytest.approx(2 / 3)
    luka, putin = report.per_speaker["lukashenko"], report.per_speaker["putin"]
    assert (luka.tp, luka.fp, luka.fn, luka.support) == (1, 0, 1, 2)
    assert (luka.precision, luka.recall, luka.f1) == (1.0, 0.5, pytest.approx(2 / 3))
    assert (putin.tp, putin.fp, putin.fn, putin.support) == (1, 1, 0, 1)
    assert (putin.precision, putin.recall, putin.f1) == (0.5, 1.0, pytest.approx(2 / 3))
    assert report.per_rule["role_cue"].precision == 0.0
    assert report.per_rule["cue_after_quote"].precision == 1.0

    [wrong] = report.wrong
    assert (wrong.gold, wrong.predicted, wrong.rule) == ("lukashenko", "putin", "role_cue")
    assert wrong.quote_start == "We shall plant more trees"
    assert "wrong speaker (1):" in render_report(report)


def test_an_unmatched_prediction_in_a_gold_document_is_invented(registry: Registry) -> None:
    extra = pred(DOC_A, "Prices will fall.", "putin", start=200, rule="pronoun_cue")
    elsewhere = pred("999_zzzz.txt", "Not in the gold at all.", "putin")
    report = evaluate(GOLD, [*perfect(), extra, elsewhere], registry)

    assert report.found == 3 and report.predictions == 4  # the other document is ignored
    [invented] = report.invented
    assert (invented.text, invented.speaker, invented.rule) == (
        "Prices will fall.",
        "putin",
        "pronoun_cue",
    )
    assert report.per_speaker["putin"].fp == 1
    assert report.per_speaker["putin"].precision == 0.5
    assert (report.per_rule["pronoun_cue"].count, report.per_rule["pronoun_cue"].precision) == (
        1,
        0.0,
    )
    assert "invented 1" in render_report(report).splitlines()


def test_a_gold_row_without_a_prediction_is_a_miss(registry: Registry) -> None:
    report = evaluate(GOLD, perfect()[:2], registry)
    assert report.found == 2 and report.found_rate == pytest.approx(2 / 3)
    [miss] = report.misses
    assert (miss.doc, miss.quote_start, miss.speaker) == (
        DOC_B,
        "We shall plant more trees",
        "lukashenko",
    )
    luka = report.per_speaker["lukashenko"]
    assert (luka.tp, luka.fn, luka.precision, luka.recall) == (1, 1, 1.0, 0.5)
    assert report.unseen_docs == [DOC_B]
    assert "found 2/3 (66.7%)" in render_report(report)


def test_gold_other_matches_a_prediction_with_no_registry_speaker(registry: Registry) -> None:
    rows = [gold(DOC_A, "Stay home", OTHER, kind="fragment"), gold(DOC_A, "Go out", "other")]
    predictions = [
        pred(DOC_A, "stay home", None, start=1),
        pred(DOC_A, "Go out now", "peskov", start=50),
    ]
    report = evaluate(rows, predictions, registry)

    other, peskov = report.per_speaker[OTHER], report.per_speaker["peskov"]
    assert (other.tp, other.fp, other.fn) == (1, 0, 1)
    assert (peskov.tp, peskov.fp, peskov.fn) == (0, 1, 0)
    [wrong] = report.wrong
    assert (wrong.gold, wrong.predicted) == (OTHER, "peskov")


@pytest.mark.parametrize("name", ["Lukashenka", "lukashenko", "Alexander Lukashenko", "Łukaszenka"])
def test_gold_speaker_names_resolve_leniently(registry: Registry, name: str) -> None:
    rows = [gold(DOC_A, "The bridge will open", name)]
    report = evaluate(rows, perfect()[:1], registry)
    assert report.speaker_correct == 1


def test_an_unknown_gold_speaker_names_the_gold_line(registry: Registry) -> None:
    row = GoldRow(DOC_A, "The bridge", "Zelensky", "full", line=7, source="g.jsonl")
    with pytest.raises(RegistryError, match=r"g\.jsonl:7: no speaker matches 'Zelensky'"):
        evaluate([row], perfect(), registry)


@pytest.mark.parametrize(
    ("path", "same"),
    [
        (DOC_A, True),
        (f"corpus/{DOC_A}", True),
        (f"/home/someone/news/corpus/{DOC_A}", True),
        (f"corpus\\{DOC_A}", True),
        (f"corpus/x{DOC_A}", False),  # a longer file name that merely ends the same way
        (f"{DOC_A}/other.txt", False),
    ],
)
def test_documents_are_compared_by_file_name(path: str, same: bool) -> None:
    assert same_doc(DOC_A, path) is same


def test_an_absolute_prediction_path_still_matches(registry: Registry) -> None:
    predictions = [{**p, "doc": f"/srv/data/{p['doc']}"} for p in perfect()]
    assert evaluate(GOLD, predictions, registry).found == 3


@pytest.mark.parametrize(
    ("start", "text"),
    [
        ("I’ve said it twice", "I've said it twice, and I will say it again."),
        ("I've said it twice", "I’ve said it twice, and I will say it again."),
        ("the  “red” line", "The \u201cred\u201d line\nis clear."),
        ("ﬁnal offer", "final offer, take it or leave it."),  # NFKC unfolds the ligature
    ],
)
def test_quote_starts_match_across_marks_spacing_and_case(
    registry: Registry, start: str, text: str
) -> None:
    assert normalise(text).startswith(normalise(start))
    report = evaluate([gold(DOC_A, start, "Putin")], [pred(DOC_A, text, "putin")], registry)
    assert report.found == 1 and report.speaker_correct == 1


def test_each_prediction_matches_one_gold_row_the_earliest_first() -> None:
    rows = [gold(DOC_A, "Yes", "Putin"), gold(DOC_A, "Yes", "Putin"), gold(DOC_A, "Yes", "Putin")]
    # Given out of order: matching follows the document, not the list.
    predictions = [
        pred(DOC_A, "Yes, indeed.", "putin", start=80),
        pred(DOC_A, "yes", "putin", start=3),
    ]
    assert match(rows, predictions) == [1, 0, None]


def test_kind_and_via_are_compared_on_matched_rows(registry: Registry) -> None:
    rows = [
        gold(DOC_A, "The bridge will open in", "Lukashenko", via="Belta"),
        gold(DOC_A, "Nobody asked us", "Putin", kind="fragment"),
        gold(DOC_B, "We shall plant more trees", "Lukashenko", kind="fragment"),
    ]
    predictions = perfect()
    predictions[0]["via"] = "BELTA"  # case does not matter
    predictions[1]["via"] = "Tass"
    report = evaluate(rows, predictions, registry)

    assert report.via_agree == 2  # Belta~BELTA and null~None; Tass differs
    [via] = report.via_disagreements
    assert (via.gold, via.predicted) == (None, "Tass")
    fragment = report.per_kind["fragment"]
    assert (fragment.support, fragment.found, fragment.correct, fragment.kind_agree) == (2, 2, 2, 1)
    assert (fragment.recall, fragment.kind_agreement) == (1.0, 0.5)
    [disagreement] = report.kind_disagreements
    assert (disagreement.gold, disagreement.predicted) == ("fragment", "full")


def test_the_report_serialises_to_json(registry: Registry) -> None:
    predictions = perfect()[1:]
    predictions.append(pred(DOC_A, "Something else entirely.", "putin", start=300))
    data = json.loads(json.dumps(evaluate(GOLD, predictions, registry).to_dict()))
    assert (data["gold"], data["found"], data["speaker_correct"]) == (3, 2, 2)
    assert data["found_rate"] == pytest.approx(0.6667)
    assert data["per_speaker"]["shoigu"]["precision"] is None
    assert data["invented"][0]["text"] == "Something else entirely."
    assert data["misses"][0]["quote_start"] == "The bridge will open in"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROW = json.dumps(
    {
        "doc": DOC_A,
        "quote_start": "Hello",
        "speaker": "Putin",
        "kind": "full",
        "via": None,
        "why": "test",
    }
)


def test_load_gold_skips_blank_lines_and_keeps_line_numbers(tmp_path: Path) -> None:
    rows = load_gold(write(tmp_path, ROW, "", "   ", ROW))
    assert [r.line for r in rows] == [1, 4]
    assert rows[0] == GoldRow(
        DOC_A, "Hello", "Putin", "full", None, "test", 1, str(tmp_path / "gold.jsonl")
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('{"doc": "a.txt", "quote_start": ', "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"doc": "a.txt", "quote_start": "Hi", "kind": "full"}', "missing speaker"),
        (
            '{"doc": "a.txt", "quote_start": "", "speaker": "Putin", "kind": "full"}',
            "quote_start must be",
        ),
        (
            '{"doc": "a.txt", "quote_start": "Hi", "speaker": "Putin", "kind": "full", "via": 3}',
            "via must",
        ),
    ],
)
def test_a_malformed_gold_line_is_an_error_naming_file_and_line(
    tmp_path: Path, bad: str, message: str
) -> None:
    path = write(tmp_path, ROW, "", bad)
    with pytest.raises(QuotesError, match=message) as caught:
        load_gold(path)
    assert f"{path}:3:" in str(caught.value)


def test_a_missing_gold_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(QuotesError, match="not found"):
        load_gold(tmp_path / "nowhere.jsonl")


@pytest.mark.skipif(not SHARED_GOLD.exists(), reason=f"no shared gold file at {SHARED_GOLD}")
def test_the_shared_gold_file_parses(registry: Registry) -> None:
    rows = load_gold(SHARED_GOLD)
    assert len(rows) == 24
    assert {r.kind for r in rows} == {"full", "fragment"}
    # Every speaker resolves: scoring with no predictions turns each row into a miss.
    assert len(evaluate(rows, [], registry).misses) == 24


def with_mention(row: GoldRow, start: int, end: int) -> GoldRow:
    return GoldRow(
        row.doc, row.quote_start, row.speaker, row.kind, mention_start=start, mention_end=end
    )


@pytest.mark.parametrize(
    ("predicted", "verdict"),
    [
        ((40, 50), "right"),  # the same span
        ((45, 60), "right"),  # overlapping on one side: "Mr. Smith" against "Smith"
        ((30, 41), "right"),
        ((30, 40), "wrong"),  # ends where the gold starts: no character shared
        ((50, 55), "wrong"),  # starts where the gold ends
        ((0, 3), "wrong"),
        (None, "none"),
    ],
)
def test_a_mention_is_right_when_its_offsets_overlap_the_gold_mention(
    predicted: tuple[int, int] | None, verdict: str
) -> None:
    row = with_mention(gold(DOC_A, "Hello", OTHER), 40, 50)
    assert mention_verdict(row, pred(DOC_A, "Hello", None, mention=predicted)) == verdict


def test_mention_accuracy_counts_found_rows_with_a_gold_mention(registry: Registry) -> None:
    rows = [
        with_mention(GOLD[0], 0, 9),
        with_mention(GOLD[1], 60, 70),
        with_mention(GOLD[2], 0, 4),
        gold(DOC_B, "Nothing to see", OTHER),  # no gold mention: not scored for it
    ]
    predictions = perfect()
    predictions[0]["mention_start"], predictions[0]["mention_end"] = 2, 8  # right
    predictions[1]["mention_start"], predictions[1]["mention_end"] = 20, 30  # wrong
    predictions.append(pred(DOC_B, "Nothing to see here.", None, start=70, mention=(50, 55)))
    report = evaluate(rows, predictions, registry)  # the third has no mention

    mention = report.mention
    assert (mention.gold, mention.found, mention.correct, mention.wrong, mention.none) == (
        3,
        3,
        1,
        1,
        1,
    )
    assert mention.accuracy == pytest.approx(1 / 3)
    assert report.per_rule["cue_after_quote"].errors["no mention"] == 1
    assert report.per_rule["enclosing_speech"].errors["wrong mention"] == 1
    assert report.per_rule["cue_after_quote"].mention_precision == 1.0  # 1 of 1 given
    assert [(m.rule, m.predicted_start) for m in report.wrong_mentions] == [
        ("enclosing_speech", 20),
        ("cue_after_quote", None),
    ]
    lines = render_report(report).splitlines()
    for line in (
        "gold rows with a mention 3, found 3",
        "mention right 1/3 (33.3%) of found",
        "no mention 1/3 (33.3%) of found",
        "wrong mention 1/3 (33.3%) of found",
        "wrong or missing mention (2):",
    ):
        assert line in lines


def test_without_gold_mentions_the_report_has_no_mention_figures(registry: Registry) -> None:
    text = render_report(evaluate(GOLD, perfect(), registry))
    assert "mention" not in text
    assert "errors by rule:" in text.splitlines()


def test_errors_are_counted_by_rule_and_kind(registry: Registry) -> None:
    rows = [
        gold(DOC_A, "One", "Putin"),
        gold(DOC_A, "Two", OTHER),
        gold(DOC_A, "Three", "Peskov"),
        gold(DOC_A, "Four", "Peskov"),
    ]
    predictions = [
        pred(DOC_A, "One.", "peskov", start=0, rule="role_cue"),  # wrong person
        pred(DOC_A, "Two.", "putin", start=10, rule="nearest_mention"),  # named, gold other
        pred(DOC_A, "Three.", None, start=20, rule="none"),  # no speaker
        pred(DOC_A, "Four.", "peskov", start=30, rule="role_cue"),  # right
        pred(DOC_A, "Five.", "putin", start=40, rule="nearest_mention"),  # invented, named
        pred(DOC_A, "Six.", None, start=50, rule="none"),  # invented, nobody named
    ]
    report = evaluate(rows, predictions, registry)

    errors = {rule: score.errors for rule, score in report.per_rule.items()}
    assert errors["role_cue"] == dict.fromkeys(ERRORS, 0) | {"wrong person": 1}
    assert errors["nearest_mention"] == dict.fromkeys(ERRORS, 0) | {
        "named other": 1,
        "invented named": 1,
    }
    assert errors["none"] == dict.fromkeys(ERRORS, 0) | {"no speaker": 1}
    assert report.per_rule["role_cue"].precision == 0.5
    lines = render_report(report).splitlines()
    start = lines.index("errors by rule:")
    table = lines[start + 1 : start + 6]
    assert table[0].split() == [
        "rule",
        "wrong",
        "person",
        "named",
        "other",
        "no",
        "speaker",
        "invented",
        "named",
    ]
    assert [row.split() for row in table[1:]] == [
        ["nearest_mention", "0", "1", "0", "1"],
        ["none", "0", "0", "1", "0"],
        ["role_cue", "1", "0", "0", "0"],
        ["total", "1", "1", "1", "1"],
    ]


def test_the_reliability_table_bins_found_quotes_by_confidence(registry: Registry) -> None:
    rows = [with_mention(gold(DOC_A, word, "Putin"), 0, 5) for word in ("A", "B", "C", "D")]
    predictions = [
        pred(DOC_A, "A.", "putin", start=10, confidence=0.95, mention=(0, 5)),
        pred(DOC_A, "B.", "peskov", start=20, confidence=1.0, mention=(1, 3)),  # wrong name
        pred(DOC_A, "C.", "putin", start=30, confidence=0.62, mention=(7, 9)),  # wrong mention
        pred(DOC_A, "D.", None, start=40, confidence=0.0),  # names no one: not in "named"
        pred(DOC_A, "E.", "putin", start=50, confidence=0.91),  # invented
        pred(DOC_A, "F.", "putin", start=60, confidence=None),  # no confidence: no bin
    ]
    report = evaluate(rows, predictions, registry)

    bins = {b.label: b for b in report.reliability}
    assert list(bins) == ["0.0-0.1", "0.6-0.7", "0.9-1.0"]
    top, middle, bottom = bins["0.9-1.0"], bins["0.6-0.7"], bins["0.0-0.1"]
    assert (top.named, top.correct, top.rate, top.invented) == (2, 1, 0.5, 1)
    assert (top.mentioned, top.mention_correct) == (2, 2)
    assert (middle.named, middle.correct, middle.mentioned, middle.mention_correct) == (1, 1, 1, 0)
    assert (bottom.named, bottom.mentioned, bottom.rate) == (0, 0, None)
    text = render_report(report)
    assert "reliability" in text
    data = json.loads(json.dumps(report.to_dict()))
    assert data["reliability"][2] == {
        "low": 0.9,
        "high": 1.0,
        "named": 2,
        "correct": 1,
        "rate": 0.5,
        "mentioned": 2,
        "mention_correct": 2,
        "mention_rate": 1.0,
        "invented": 1,
    }
    assert (data["mention"]["accuracy"], data["mention"]["none_rate"]) == (0.5, 0.25)
    assert data["per_rule"]["cue_after_quote"]["errors"]["wrong person"] == 1


def test_load_gold_reads_the_optional_mention(tmp_path: Path) -> None:
    row = json.loads(ROW) | {"mention": "Mr. Putin", "mention_start": 3, "mention_end": 12}
    [loaded] = load_gold(write(tmp_path, json.dumps(row)))
    assert (loaded.mention, loaded.mention_start, loaded.mention_end) == ("Mr. Putin", 3, 12)
    assert loaded.has_mention
    assert not load_gold(write(tmp_path, ROW))[0].has_mention


@pytest.mark.parametrize(
    ("offsets", "message"),
    [
        ({"mention_start": 3}, "mention_end must be a character offset"),
        ({"mention_start": 3, "mention_end": "12"}, "mention_end must be"),
        ({"mention_start": -1, "mention_end": 4}, "mention_start must be"),
        ({"mention_start": True, "mention_end": 4}, "mention_start must be"),
        ({"mention_start": 4.0, "mention_end": 9}, "mention_start must be"),
        ({"mention_start": 9, "mention_end": 9}, "mention_start 9 must be before mention_end 9"),
    ],
)
def test_bad_mention_offsets_are_an_error_naming_the_line(
    tmp_path: Path, offsets: dict[str, object], message: str
) -> None:
    path = write(tmp_path, json.dumps(json.loads(ROW) | offsets))
    with pytest.raises(QuotesError, match=message) as caught:
        load_gold(path)
    assert f"{path}:1:" in str(caught.value)
