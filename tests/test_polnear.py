"""bench/polnear.py on a small brat folder written here: made-up sentences, never PolNeAR text."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from quotes.attribute.registry import Registry, load_registry
from quotes.config import speakers_path
from quotes.report.evaluate import OTHER, evaluate, load_gold

BENCH = Path(__file__).resolve().parents[1] / "bench" / "polnear.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("polnear_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


polnear = _load()

TEXT = (
    "Council votes on the bridge\n"
    "\n"
    "“We will open the bridge in May,” Maria Okafor said on Tuesday.\n"
    "\n"
    'The mayor\'s office said in a statement that the works were "well ahead of schedule."\n'
    "\n"
    "Okafor later told reporters that her deputy had said: “The budget holds.”\n"
    "\n"
    "The plan, it is claimed, “saves money for every household.”\n"
    "\n"
    "Residents say they nicknamed it “The Silver Line” long ago.\n"
    "\n"
    "Nobody here calls it “cheap” though.\n"
)


def at(text: str, part: str, after: str = "") -> tuple[int, int]:
    start = text.index(part, text.index(after) if after else 0)
    return start, start + len(part)


def t_line(name: str, kind: str, text: str, *parts: tuple[int, int]) -> str:
    spans = ";".join(f"{a} {b}" for a, b in parts)
    shown = " ".join(text[a:b] for a, b in parts)
    return f"{name}\t{kind} {spans}\t{shown}"


def annotation(text: str) -> str:
    """Six attributions, one nested in another, one without a source; plus noise lines."""
    quote_1 = at(text, "We will open the bridge in May,")
    lines = [
        t_line("T1", "Source", text, at(text, "Maria Okafor")),
        t_line("T2", "Cue", text, at(text, "said", "Maria Okafor")),
        # Discontinuous content: the comma is left out, as annotators sometimes do.
        t_line("T3", "Content", text, (quote_1[0], quote_1[1] - 1), (quote_1[1], quote_1[1] + 1)),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Source", text, at(text, "The mayor's office")),
        t_line("T6", "Cue", text, at(text, "said in a statement")),
        t_line("T7", "Content", text, at(text, 'that the works were "well ahead of schedule."')),
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7 ",
        t_line("T9", "Source", text, at(text, "Okafor", "Tuesday")),
        t_line("T10", "Cue", text, at(text, "told reporters")),
        t_line("T11", "Content", text, at(text, "that her deputy had said: “The budget holds.”")),
        "E3\tAttribution:T12 Content:T11 Cue:T10 Source:T9",
        t_line("T13", "Source", text, at(text, "her deputy")),
        t_line("T14", "Cue", text, at(text, "had said")),
        t_line("T15", "Content", text, at(text, "“The budget holds.”")),
        "E4\tAttribution:T16 Content:T15 Cue:T14 Source:T13",
        t_line("T17", "Cue", text, at(text, "it is claimed")),
        t_line("T18", "Content", text, at(text, "“saves money for every household.”")),
        "E5\tAttribution-no-source:T19 Content:T18 Cue:T17",
        t_line("T20", "Source", text, at(text, "Residents")),
        t_line("T21", "Cue", text, at(text, "say")),
        t_line("T22", "Content", text, at(text, "they nicknamed it “The Silver Line” long ago")),
        "E6\tAttribution:T23 Content:T22 Cue:T21 Source:T20",
        "#1\tAnnotatorNotes T3\tchecked twice",
        "a stray line of text that a multi-line span left behind",
        "",
    ]
    return "\n".join(lines) + "\n"


def brat_folder(root: Path, texts: dict[str, str], anns: dict[str, str]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, text in texts.items():
        (root / "text" / name).write_text(text, encoding="utf-8")
    for name, ann in anns.items():
        (root / "attributions" / name).write_text(ann, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(speakers_path())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return brat_folder(
        tmp_path / "train",
        {"news_bridge.txt": TEXT},
        {"news_bridge_ab12.ann": annotation(TEXT)},
    )


def test_parse_ann_reads_events_with_their_spans_and_skips_notes() -> None:
    found = polnear.parse_ann(annotation(TEXT))
    assert [a.event for a in found] == ["E1", "E2", "E3", "E4", "E5", "E6"]
    first = found[0]
    assert first.sources == (at(TEXT, "Maria Okafor"),)
    assert len(first.contents) == 2  # both pieces of the discontinuous content
    assert found[4].sources == ()  # Attribution-no-source


def test_a_second_content_role_is_kept() -> None:
    ann = "T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 9 12\tyes\nT4\tContent 20 24\tthen\n"
    ann += "E1\tAttribution:T5 Source:T1 Cue:T2 Content:T3 Content2:T4\n"
    [found] = polnear.parse_ann(ann)
    assert found.contents == ((9, 12), (20, 24))


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said “yes” and left.", ["yes"]),
        ('He said "yes" and "no".', ["yes", "no"]),
        ("“It is open,” she said, “and it stays open.”", ["It is open,", "and it stays open."]),
        ("“We don’t know,” he said.", ["We don’t know,"]),
        ("A headline: ‘We won’t pay’ says mayor", ["We won’t pay"]),
        ("“She told me ‘never’ twice,” he said.", ["She told me ‘never’ twice,"]),
        (
            "“The first paragraph runs on\n“and the next closes.”",
            ["The first paragraph runs on", "and the next closes."],
        ),
        ("The mayor’s office and the council’s plan.", []),  # apostrophes only
        ("An empty pair “” is nothing.", []),
    ],
)
def test_quoted_segments(text: str, quoted: list[str]) -> None:
    assert [text[a:b] for a, b in polnear.quoted_segments(text)] == quoted


@pytest.mark.parametrize(
    ("quoted", "title"),
    [
        ("The Silver Line", True),
        ("Friends of the Harbour", True),
        ("The budget holds.", False),
        ("We Will Win!", False),  # a sentence mark: speech
        ("Never,", False),  # one word is as often speech as a name
        ("saves money", False),
    ],
)
def test_title_case_names_are_labels_not_speech(quoted: str, title: bool) -> None:
    assert polnear.is_title(quoted) is title


def test_gold_quotes_are_the_quoted_segments_inside_contents() -> None:
    attributions = polnear.parse_ann(annotation(TEXT))
    golds = polnear.gold_quotes("news_bridge.txt", TEXT, attributions, "news_bridge_ab12.ann")
    # "The Silver Line" is a label; "cheap" lies in no content.
    assert [(g.text, g.source_text) for g in golds] == [
        ("We will open the bridge in May,", "Maria Okafor"),
        ("well ahead of schedule.", "The mayor's office"),
        ("The budget holds.", "her deputy"),  # the inner attribution, not Okafor's
        ("saves money for every household.", ""),
    ]
    assert golds[3].source is None
    assert [g.kind for g in golds] == ["full", "fragment", "fragment", "fragment"]
    assert golds[0].start == TEXT.index("We will")


def test_convert_writes_gold_that_quotes_eval_reads(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "gold.jsonl"
    assert polnear.convert(folder, out) == (1, 4)
    rows = load_gold(out)
    assert [(r.doc, r.quote_start, r.speaker) for r in rows] == [
        ("news_bridge.txt", "We will open the bridge in", OTHER),
        ("news_bridge.txt", "well ahead of schedule.", OTHER),
        ("news_bridge.txt", "The budget holds.", OTHER),
        ("news_bridge.txt", "saves money for every household.", OTHER),
    ]
    assert (rows[0].mention_start, rows[0].mention_end) == at(TEXT, "Maria Okafor")
    assert rows[0].mention == "Maria Okafor"
    assert not rows[3].has_mention
    raw = json.loads(out.read_text(encoding="utf-8").splitlines()[2])
    assert raw["why"].startswith("PolNeAR news_bridge_ab12.ann E4: source 'her deputy'")


def test_a_converted_mention_is_scored_by_eval(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "gold.jsonl"
    polnear.convert(folder, out)
    okafor = at(TEXT, "Okafor", "Maria")
    prediction = {
        "doc": "train/text/news_bridge.txt",
        "start": TEXT.index("We will"),
        "text": "We will open the bridge in May,",
        "kind": "full",
        "speaker": None,
        "mention": "Okafor",
        "mention_start": okafor[0],
        "mention_end": okafor[1],
        "rule": "cue_after_quote",
        "confidence": 0.9,
    }
    report = evaluate(load_gold(out), [prediction], load_registry(speakers_path()))
    assert (report.mention.gold, report.mention.found, report.mention.correct) == (3, 1, 1)


def test_gold_names_a_registry_speaker_only_by_a_plain_name(registry: Registry) -> None:
    assert polnear.gold_label("Vladimir Putin", registry) == "putin"
    assert polnear.gold_label("Russian President Vladimir Putin", registry) == "putin"
    assert polnear.gold_label("Putin's spokesman", registry) == OTHER  # possessive: someone else
    assert polnear.gold_label("Maria Okafor", registry) == OTHER
    assert polnear.gold_label("", registry) == OTHER


def test_one_annotation_per_article_chosen_by_name_and_repeats_skipped(tmp_path: Path) -> None:
    other = "“Trains will run all night,” Jon Berg said.\n"
    berg = t_line("T1", "Source", other, at(other, "Jon Berg"))
    content = t_line("T2", "Content", other, at(other, "“Trains will run all night,”"))
    chosen = f"{berg}\n{content}\nE1\tAttribution:T3 Source:T1 Content:T2\n"
    folder = brat_folder(
        tmp_path / "train",
        {"a_trains.txt": other, "b_trains_again.txt": other, "c_alone.txt": "No quotes.\n"},
        {
            "a_trains_0aaa.ann": "#1\tAnnotatorNotes T1\tnothing yet\n",  # no attribution
            "a_trains_1bbb.ann": chosen,
            "a_trains_2ccc.ann": content + "\nE1\tAttribution:T3 Content:T2\n",
            "b_trains_again_3ddd.ann": chosen,
        },
    )
    articles = list(polnear.articles(folder))
    assert [(a.doc, a.annotation) for a in articles] == [("a_trains.txt", "a_trains_1bbb.ann")]


def test_a_folder_without_the_layout_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert polnear.main(["score", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path}: expected text/*.txt and attributions/*.ann")
    assert len(err.splitlines()) == 1


def test_score_runs_the_core_and_scores_each_found_quote(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = polnear.score(folder)
    assert result.articles == 1
    assert len(result.scored) == 4
    assert all(s.found is not None for s in result.scored)  # every quote is found
    first = result.scored[0]
    assert first.verdict == "right"  # '“…,” Maria Okafor said': the cue names her
    assert first.found.mention_start is not None
    # The label and the scare quote lie in no gold quote.
    outside = sorted(TEXT[f.start : f.end] for _, f in result.outside)
    assert outside == ["The Silver Line", "cheap"]

    assert polnear.main(["score", str(folder), "--examples", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "direct quotes in gold 4 (3 with a Source, 1 without)" in out
    assert "  found 3/3 (100.0%)" in out
    assert any(line.startswith("reliability") for line in out)


@pytest.mark.parametrize(
    ("source", "mention", "verdict"),
    [
        ((10, 16), (10, 16), "right"),
        ((10, 16), (12, 30), "right"),
        ((10, 16), (16, 20), "wrong"),
        ((10, 16), None, "none"),
        (None, None, "none"),  # no gold source, no mention: right, counted as such
        (None, (1, 4), "wrong"),
    ],
)
def test_verdict(
    source: tuple[int, int] | None, mention: tuple[int, int] | None, verdict: str
) -> None:
    gold = polnear.GoldQuote("d.txt", 40, 60, "x", source, "", "", "d.ann", "E1")
    found = polnear.Found(
        40, 60, "r", 0.9, None, "m" if mention else None, *(mention or (None, None))
    )
    assert polnear.verdict(gold, found) == verdict
    assert polnear.verdict(gold, None) == "missed"


def test_alignment_takes_the_largest_unused_overlap() -> None:
    golds = [
        polnear.GoldQuote("d.txt", 0, 10, "x", None, "", "", "d.ann", "E1"),
        polnear.GoldQuote("d.txt", 20, 30, "y", None, "", "", "d.ann", "E2"),
        polnear.GoldQuote("d.txt", 50, 60, "z", None, "", "", "d.ann", "E3"),
    ]
    found = [
        polnear.Found(5, 22, "r", 0.5, None, None, None, None),  # 5 over the first, 2 the second
        polnear.Found(21, 30, "r", 0.5, None, None, None, None),
    ]
    assert polnear.align(golds, found) == [found[0], found[1], None]


def test_errors_shown_to_a_terminal_have_control_characters_escaped() -> None:
    assert polnear._shown("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07"
