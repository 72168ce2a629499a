"""Tables for the quote splitter: marks, apostrophes, nesting, run-on paragraphs, kinds, offsets.

Every row is checked twice: once for what it promises (the quote texts, kinds, links or marks)
and once by ``check_spans`` for what every answer must keep whatever the rules decide: offsets
inside the text, spans in order and apart, trimmed, on one line, and sitting right between
their marks.
"""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

import pytest

from quotes.extract.marks import MARKS
from quotes.extract.read import parse_article
from quotes.extract.splitter import split
from quotes.types import Span

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
_LINE_BREAKS = "\r\n"


def check_spans(text: str, spans: list[Span], body_start: int = 0) -> None:
    """Assert the invariants that hold for any text, not just the rows of a table."""
    previous_end = body_start
    previous = None
    for span in spans:
        assert body_start <= span.start < span.end <= len(text), span
        assert previous_end <= span.start, f"{span} overlaps or precedes the span before it"
        quoted = text[span.start : span.end]
        assert quoted == quoted.strip(), f"{quoted!r} is not whitespace-trimmed"
        assert not any(c in quoted for c in _LINE_BREAKS), f"{quoted!r} crosses a line break"
        # What stands before the quote (past spaces) is its opening mark, or the paragraph
        # start when a run-on quote is closed without being reopened.
        i = span.start
        while i > body_start and text[i - 1].isspace() and text[i - 1] not in _LINE_BREAKS:
            i -= 1
        if i > body_start and text[i - 1] not in _LINE_BREAKS:
            assert text[i - 1] == span.open_mark, f"{quoted!r}: {text[i - 1]!r} before it"
        else:
            # Only a run-on quote may do that, carrying on the open one before it.
            assert previous is not None, f"{quoted!r} opens a paragraph without a mark"
            assert previous.close_mark is None, f"{quoted!r} continues a closed quote"
            assert previous.utterance == span.utterance, f"{quoted!r} is not linked"
        # What follows is its closing mark, or the end of the paragraph when left open.
        j = span.end
        while j < len(text) and text[j].isspace() and text[j] not in _LINE_BREAKS:
            j += 1
        if span.close_mark is None:
            # Left open: it runs to the line's end, or stops where another quote opens.
            assert j == len(text) or text[j] in _LINE_BREAKS or text[j] in MARKS, (
                f"{quoted!r} is open mid-line"
            )
        else:
            assert j < len(text) and text[j] == span.close_mark, f"{quoted!r} ends off its mark"
        if previous is not None:
            assert previous.paragraph <= span.paragraph
            assert previous.utterance <= span.utterance
        previous_end = span.end
        previous = span


def quote_texts(text: str, body_start: int = 0) -> list[str]:
    spans = split(text, body_start)
    check_spans(text, spans, body_start)
    return [text[s.start : s.end] for s in spans]


def labelled(spans: list[Span]) -> list[str]:
    """Utterance numbers as letters in order of appearance, so rows need not know the counter."""
    names: dict[int, str] = {}
    return [names.setdefault(s.utterance, "abcdefghij"[len(names)]) for s in spans]


# ---------------------------------------------------------------------------------------------
# Marks: which pairs are quotes, and which marks each span records.

MARK_ROWS = [
    pytest.param(
        '"The road is closed," the sheriff said.',
        [("The road is closed,", '"', '"')],
        id="straight",
    ),
    pytest.param(
        "“The road is closed,” the sheriff said.",
        [("The road is closed,", "“", "”")],
        id="curly",
    ),
    pytest.param(
        '"The road is closed,” the sheriff said.',
        [("The road is closed,", '"', "”")],
        id="mixed-straight-then-curly",
    ),
    pytest.param(
        '“The road is closed," the sheriff said.',
        [("The road is closed,", "“", '"')],
        id="mixed-curly-then-straight",
    ),
    pytest.param(
        "«Дорога закрыта», — сообщил шериф.",
        [("Дорога закрыта", "«", "»")],
        id="guillemets",
    ),
    pytest.param(
        "« La route est fermée », a déclaré le shérif.",
        [("La route est fermée", "«", "»")],
        id="guillemets-french-spaced",
    ),
    pytest.param(
        "„Die Straße ist gesperrt“, sagte der Sheriff.",
        [("Die Straße ist gesperrt", "„", "“")],
        id="german-low-high",
    ),
    pytest.param(
        "„Die Straße ist gesperrt”, sagte der Sheriff.",
        [("Die Straße ist gesperrt", "„", "”")],
        id="german-low-high-right",
    ),
    pytest.param(
        "»Die Straße ist gesperrt«, sagte der Sheriff.",
        [("Die Straße ist gesperrt", "»", "«")],
        id="german-reversed-guillemets",
    ),
    pytest.param(
        "'The road is closed,' the sheriff said.",
        [("The road is closed,", "'", "'")],
        id="single-straight",
    ),
    pytest.param(
        "‘The road is closed,’ the sheriff said.",
        [("The road is closed,", "‘", "’")],
        id="single-curly",
    ),
    pytest.param(
        'The sheriff said: "The road is closed.',
        [("The road is closed.", '"', None)],
        id="left-open-at-paragraph-end",
    ),
    pytest.param(
        "The sheriff said the road was closed.",
        [],
        id="no-marks",
    ),
]


@pytest.mark.parametrize(("text", "expected"), MARK_ROWS)
def test_marks(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    spans = split(text)
    check_spans(text, spans)
    assert [(text[s.start : s.end], s.open_mark, s.close_mark) for s in spans] == expected


# ---------------------------------------------------------------------------------------------
# Apostrophes are never quote marks; single quotes are, where they really are quotes.

APOSTROPHE_ROWS = [
    pytest.param("The governor’s office stayed silent.", [], id="curly-possessive"),
    pytest.param("Trucks waited at Texas’ southern border.", [], id="curly-s-possessive"),
    pytest.param("Supplies were left at the farmers' disposal.", [], id="straight-s-possessive"),
    pytest.param("It's late, and we won't wait.", [], id="contractions"),
    pytest.param("It’s late, and we won’t wait.", [], id="curly-contractions"),
    pytest.param("Prices rose all through the '90s.", [], id="decade-straight"),
    pytest.param("Prices rose all through the ’90s.", [], id="decade-curly"),
    pytest.param("Prices rose all through the ‘90s.", [], id="decade-wrong-way-curly"),
    pytest.param("The band played rock 'n' roll until dawn.", [], id="rock-n-roll"),
    pytest.param("’Twas a long night for the rescue crews.", [], id="twas-elision"),
    pytest.param("‘Tis the season for roadworks, the council said.", [], id="tis-elision"),
    pytest.param("Let 'em wait, the foreman said.", [], id="em-elision"),
    pytest.param("The O’Neills’ barn and the Smiths' shed burned down.", [], id="two-possessives"),
    pytest.param(
        "“It’s not over,” the governor’s aide said.",
        ["It’s not over,"],
        id="apostrophes-around-double-quote",
    ),
    pytest.param(
        "\"We won't pay for the farmers' losses,\" she said.",
        ["We won't pay for the farmers' losses,"],
        id="s-possessive-inside-double-quote",
    ),
    pytest.param("'It's over,' the coach said.", ["It's over,"], id="contraction-inside-single"),
    pytest.param(
        "She called it ‘a very '90s idea’ on air.",
        ["a very '90s idea"],
        id="decade-inside-single",
    ),
    pytest.param(
        "The union called it ‘the workers’ last chance’ before the vote.",
        ["the workers’ last chance"],
        id="s-possessive-inside-curly-single",
    ),
    pytest.param(
        "The union called it 'the workers' last chance' before the vote.",
        ["the workers' last chance"],
        id="s-possessive-inside-straight-single",
    ),
    pytest.param(
        "The banner read ‘no more cuts for nurses’ in red letters.",
        ["no more cuts for nurses"],
        id="s-mark-that-does-close",
    ),
    pytest.param(
        "She called it 'a win for the farmers' and 'a loss for the banks'.",
        ["a win for the farmers", "a loss for the banks"],
        id="two-single-quotes-ending-in-s",
    ),
    pytest.param(
        "She called it ‘a win for the farmers’ and ‘a loss for the banks’.",
        ["a win for the farmers", "a loss for the banks"],
        id="two-curly-single-quotes-ending-in-s",
    ),
    pytest.param(
        "The union called it ‘the workers’ demands’ and the owners’ reply came fast.",
        ["the workers’ demands"],
        id="s-close-then-later-possessive",
    ),
    pytest.param(
        "She called the show ‘pure rock 'n' roll’ on air.",
        ["pure rock 'n' roll"],
        id="rock-n-roll-inside-single",
    ),
    pytest.param(
        "The band played ‘rock ’n’ roll’ all night.",
        ["rock ’n’ roll"],
        id="curly-rock-n-roll-inside-single",
    ),
]

SINGLE_QUOTE_ROWS = [
    pytest.param(
        "Officials called the plan 'a disaster' on Friday.", ["a disaster"], id="straight"
    ),
    pytest.param("Officials called the plan ‘a disaster’ on Friday.", ["a disaster"], id="curly"),
    pytest.param("Minister says 'no deal' on budget", ["no deal"], id="headline-no-stop"),
    pytest.param("He called the ruling 'a farce'.", ["a farce"], id="before-full-stop"),
    pytest.param("The farmers' 'fair price' campaign grew.", ["fair price"], id="after-possessive"),
    pytest.param(
        "The poster promised '100 new homes' by spring.",
        ["100 new homes"],
        id="starts-with-a-number",
    ),
    pytest.param(
        "The sign said 'closed for the winter and nothing more.", [], id="unclosed-straight"
    ),
    pytest.param("The sign said ‘closed for the winter and nothing more.", [], id="unclosed-curly"),
    pytest.param(
        "'We will stay.\n'We will go,' she said.",
        ["We will go,"],
        id="unclosed-does-not-run-on",
    ),
]

NESTED_ROWS = [
    pytest.param(
        "“He called it ‘nonsense’ today,” the minister said.",
        ["He called it ‘nonsense’ today,"],
        id="curly-single-in-double",
    ),
    pytest.param(
        "\"He called it 'nonsense' today,\" the minister said.",
        ["He called it 'nonsense' today,"],
        id="straight-single-in-double",
    ),
    pytest.param(
        '"He said "no" twice," she wrote.',
        ['He said "no" twice,'],
        id="straight-double-in-double",
    ),
    pytest.param(
        "'They told us \"never again\",' she said.",
        ['They told us "never again",'],
        id="double-in-single",
    ),
    pytest.param(
        "“The sign said ‘Keep out’”, the farmer said.",
        ["The sign said ‘Keep out’"],
        id="inner-and-outer-close-together",
    ),
    pytest.param(
        "«Он назвал это „чепухой“», — сказал министр.",
        ["Он назвал это „чепухой“"],
        id="german-marks-in-guillemets",
    ),
    pytest.param(
        "„Er sagte ‚nein‘ und ging“, berichtete sie.",
        ["Er sagte ‚nein‘ und ging"],
        id="german-single-in-double",
    ),
]

LANGUAGE_ROWS = [
    pytest.param("«Мы не отступим», — заявил глава района.", ["Мы не отступим"], id="ru-dash"),
    pytest.param("Глава района назвал решение «ошибкой» и ушёл.", ["ошибкой"], id="ru-fragment"),
    pytest.param(
        "„Wir geben nicht auf“, sagte die Bürgermeisterin.", ["Wir geben nicht auf"], id="de"
    ),
    pytest.param(
        "Die Bürgermeisterin sagte: „Wir geben nicht auf.“",
        ["Wir geben nicht auf."],
        id="de-colon",
    ),
    pytest.param(
        "Sie nannte den Plan »einen Fehler« und ging.", ["einen Fehler"], id="de-reversed"
    ),
    pytest.param("« Bonjour », a lancé le maire.", ["Bonjour"], id="fr-spaced-comma"),
    pytest.param(
        "Le maire a déclaré : « Nous reconstruirons le pont. »",
        ["Nous reconstruirons le pont."],
        id="fr-stop-inside",
    ),
    pytest.param(
        "Le maire a déclaré : « Nous reconstruirons le pont ».",
        ["Nous reconstruirons le pont"],
        id="fr-stop-outside",
    ),
    pytest.param(
        "Le maire a qualifié le projet de « désastre » hier.", ["désastre"], id="fr-fragment"
    ),
    pytest.param("«\u00a0Bonjour\u00a0», a lancé le maire.", ["Bonjour"], id="fr-no-break-space"),
    pytest.param(
        "«\u202fNous partons\u202f», a-t-elle dit.", ["Nous partons"], id="fr-narrow-no-break"
    ),
]

# Dialogue set off by a dash opening the paragraph, cut by the writer's words between dashes.
DIALOGUE_ROWS = [
    pytest.param("— Nie zgadzamy się — powiedział wójt.", ["Nie zgadzamy się"], id="pl"),
    pytest.param(
        "— Nie zgadzamy się — powiedział wójt. — Ale rozmawiamy.",
        ["Nie zgadzamy się", "Ale rozmawiamy."],
        id="pl-resumed",
    ),
    pytest.param("— Мы готовы, — сказал глава района.", ["Мы готовы,"], id="ru"),
    pytest.param("— Jsme připraveni — řekl starosta.", ["Jsme připraveni"], id="cs"),
    # A list item or a dash before a name is no dialogue: nothing cuts it with a verb.
    pytest.param("— Item one of the list", [], id="list-item"),
    pytest.param("— Ann Baker — Acme Bank", [], id="dash-name"),
]


@pytest.mark.parametrize(("text", "expected"), DIALOGUE_ROWS)
def test_dash_dialogue(text: str, expected: list[str]) -> None:
    assert quote_texts(text) == expected
    assert {s.kind for s in split(text)} <= {"full"}


EDGE_ROWS = [
    pytest.param("", [], id="empty-text"),
    pytest.param("\n\n", [], id="blank-lines"),
    pytest.param('"We are ready," the coach said."', ["We are ready,"], id="stray-mark-at-end"),
    pytest.param('"We are ready,"" the coach said.', ["We are ready,"], id="doubled-close"),
    pytest.param(
        'The storm dropped 4" of rain, and "we stayed put," she said.',
        ["we stayed put,"],
        id="inch-mark-before-quote",
    ),
    pytest.param(
        '"We are ready," she said. "The road is open."',
        ["We are ready,", "The road is open."],
        id="two-quotes-one-paragraph",
    ),
    pytest.param(
        'Officials called it "a test" and said "nothing more".',
        ["a test", "nothing more"],
        id="two-fragments",
    ),
    pytest.param(
        '"The last thing they [the council] want is another delay," she said.',
        ["The last thing they [the council] want is another delay,"],
        id="brackets-inside",
    ),
    pytest.param(
        '"[We] will rebuild the school," the principal said.',
        ["[We] will rebuild the school,"],
        id="bracket-first",
    ),
    pytest.param(
        'The results ("a mess", one voter said) came late.', ["a mess"], id="in-parentheses"
    ),
    pytest.param(
        '"We waited... and waited... and nothing came," she said.',
        ["We waited... and waited... and nothing came,"],
        id="ellipsis-inside",
    ),
    pytest.param(
        '"...and then the water came," she said.',
        ["...and then the water came,"],
        id="ellipsis-first",
    ),
    pytest.param(
        "“We waited… and nothing came,” she said.",
        ["We waited… and nothing came,"],
        id="unicode-ellipsis-inside",
    ),
    pytest.param(
        '"The plan -- if there is one -- is late," she said.',
        ["The plan -- if there is one -- is late,"],
        id="double-hyphen-inside",
    ),
    pytest.param('The answer--"no"--came fast.', ["no"], id="double-hyphen-around"),
    pytest.param("The answer—“no”—came fast.", ["no"], id="em-dash-around"),
    pytest.param('The sign read "" and nothing else.', [], id="empty-pair"),
    pytest.param("The form had “ ” where the name goes.", [], id="blank-pair"),
    pytest.param('He wrote "" and then "we stay".', ["we stay"], id="empty-pair-then-quote"),
    pytest.param('" We stay " she said.', ["We stay"], id="spaces-inside-marks"),
    pytest.param('The mayor said: "Enough."', ["Enough."], id="at-end-no-newline"),
    pytest.param('The mayor said: "Enough."\n', ["Enough."], id="at-end-with-newline"),
    pytest.param('The mayor said: "Enough.', ["Enough."], id="unclosed-at-end-no-newline"),
    pytest.param('The mayor said:"We stay."', ["We stay."], id="no-space-after-colon"),
    pytest.param('"We stay,"she said.', ["We stay,"], id="no-space-after-close"),
    pytest.param(
        '"We are ready," she said.\r\n\r\n"The road is open," he said.\r\n',
        ["We are ready,", "The road is open,"],
        id="crlf",
    ),
]

TEXT_ROWS = APOSTROPHE_ROWS + SINGLE_QUOTE_ROWS + NESTED_ROWS + LANGUAGE_ROWS + EDGE_ROWS


@pytest.mark.parametrize(("text", "expected"), APOSTROPHE_ROWS)
def test_apostrophes(text: str, expected: list[str]) -> None:
    assert quote_texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), SINGLE_QUOTE_ROWS)
def test_single_quotes(text: str, expected: list[str]) -> None:
    assert quote_texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), NESTED_ROWS)
def test_only_the_outermost_quote_is_a_span(text: str, expected: list[str]) -> None:
    assert quote_texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), LANGUAGE_ROWS)
def test_russian_german_french(text: str, expected: list[str]) -> None:
    assert quote_texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), EDGE_ROWS)
def test_edges(text: str, expected: list[str]) -> None:
    assert quote_texts(text) == expected


# ---------------------------------------------------------------------------------------------
# Paragraphs: a quote left open runs on into the next paragraph that reopens (or closes) it.
# Rows are (quote, paragraph, utterance) with utterances as letters: same letter, same speech.

RUN_ON_ROWS = [
    pytest.param(
        '"We will stay here.\n"We will not leave," the farmer said.',
        [("We will stay here.", 0, "a"), ("We will not leave,", 1, "a")],
        id="reopened",
    ),
    pytest.param(
        '"We will stay here.\n\n"We will not leave," the farmer said.',
        [("We will stay here.", 0, "a"), ("We will not leave,", 1, "a")],
        id="reopened-after-blank-line",
    ),
    pytest.param(
        '"We will stay here.\n"We will not leave.\n"We will rebuild," the farmer said.',
        [
            ("We will stay here.", 0, "a"),
            ("We will not leave.", 1, "a"),
            ("We will rebuild,", 2, "a"),
        ],
        id="three-paragraphs",
    ),
    pytest.param(
        '"We will stay here.\r\n\r\n"We will not leave.\r\n\r\n"We will rebuild," he said.\r\n',
        [
            ("We will stay here.", 0, "a"),
            ("We will not leave.", 1, "a"),
            ("We will rebuild,", 2, "a"),
        ],
        id="three-paragraphs-crlf",
    ),
    pytest.param(
        '"We will stay here.\n"We will not leave.\nWe will rebuild," the farmer said.',
        [
            ("We will stay here.", 0, "a"),
            ("We will not leave.", 1, "a"),
            ("We will rebuild,", 2, "a"),
        ],
        id="three-paragraphs-last-not-reopened",
    ),
    pytest.param(
        "“We will stay here.\n“We will not leave,” the farmer said.",
        [("We will stay here.", 0, "a"), ("We will not leave,", 1, "a")],
        id="curly",
    ),
    pytest.param(
        "«Мы останемся здесь.\n«Мы не уйдём», — заявил фермер.",
        [("Мы останемся здесь.", 0, "a"), ("Мы не уйдём", 1, "a")],
        id="guillemets-ru",
    ),
    pytest.param(
        "„Wir bleiben hier.\n„Wir gehen nicht weg“, sagte der Bauer.",
        [("Wir bleiben hier.", 0, "a"), ("Wir gehen nicht weg", 1, "a")],
        id="german",
    ),
    pytest.param(
        'The farmer said: "We will stay here.\n"We will not leave."',
        [("We will stay here.", 0, "a"), ("We will not leave.", 1, "a")],
        id="opened-mid-paragraph",
    ),
    pytest.param(
        '"We will stay here.\nWe will not leave," the farmer said. "Never."',
        [("We will stay here.", 0, "a"), ("We will not leave,", 1, "a"), ("Never.", 1, "b")],
        id="closed-before-opening",
    ),
    pytest.param(
        '"We will stay here.\r\nWe will not leave," the farmer said.\r\n',
        [("We will stay here.", 0, "a"), ("We will not leave,", 1, "a")],
        id="closed-before-opening-crlf",
    ),
    pytest.param(
        '"We will stay," she said.\n"We will not leave," he said.',
        [("We will stay,", 0, "a"), ("We will not leave,", 1, "b")],
        id="closed-quotes-are-separate",
    ),
    pytest.param(
        '"We will stay here.\nThe valley flooded again that night.\n"We will not leave," he said.',
        [("We will stay here.", 0, "a"), ("We will not leave,", 2, "b")],
        id="narrative-paragraph-between",
    ),
    pytest.param(
        '"We will stay here.\nThe mayor called the decision "brave".',
        [("We will stay here.", 0, "a"), ("brave", 1, "b")],
        id="next-paragraph-opens-mid-sentence",
    ),
    pytest.param(
        '"We are ready," the coach said. "The fans know it.',
        [("We are ready,", 0, "a"), ("The fans know it.", 0, "b")],
        id="left-open-at-end-of-text",
    ),
    pytest.param(
        '"One.\n"Two," she said.\n"Three.\n"Four," he said.',
        [("One.", 0, "a"), ("Two,", 1, "a"), ("Three.", 2, "b"), ("Four,", 3, "b")],
        id="two-run-ons-in-a-row",
    ),
]


@pytest.mark.parametrize(("text", "expected"), RUN_ON_ROWS)
def test_run_on_paragraphs(text: str, expected: list[tuple[str, int, str]]) -> None:
    spans = split(text)
    check_spans(text, spans)
    got = [
        (text[s.start : s.end], s.paragraph, label)
        for s, label in zip(spans, labelled(spans), strict=True)
    ]
    assert got == expected
    # A span that carries an utterance on is speech by definition.
    for before, after in pairwise(spans):
        if after.utterance == before.utterance:
            assert after.kind == "full", after


@pytest.mark.parametrize(
    ("text", "expected"),
    [p for p in RUN_ON_ROWS + TEXT_ROWS if "\n" in p.values[0] and "\r" not in p.values[0]],
)
def test_crlf_gives_the_same_quotes_at_exact_offsets(text: str, expected: object) -> None:
    crlf = text.replace("\n", "\r\n")
    spans = split(crlf)
    check_spans(crlf, spans)
    lf_spans = split(text)
    assert [crlf[s.start : s.end] for s in spans] == [text[s.start : s.end] for s in lf_spans]
    assert labelled(spans) == labelled(lf_spans)
    assert [s.kind for s in spans] == [s.kind for s in lf_spans]


# ---------------------------------------------------------------------------------------------
# Kinds: speech set off on its own is ``full``; a phrase sunk in the writer's sentence is not.

KIND_ROWS = [
    pytest.param('"We stay," she said.', [("We stay,", "full")], id="paragraph-start"),
    pytest.param('The mayor said: "we stay."', [("we stay.", "full")], id="after-colon"),
    pytest.param('The mayor said, "we stay."', [("we stay.", "full")], id="after-comma"),
    pytest.param(
        'The answer came — "we stay" — within hours.', [("we stay", "full")], id="after-em-dash"
    ),
    pytest.param(
        'The answer came – "we stay" – within hours.', [("we stay", "full")], id="after-en-dash"
    ),
    pytest.param(
        'The answer came - "we stay" - within hours.', [("we stay", "full")], id="after-hyphen"
    ),
    pytest.param(
        'The answer came -- "we stay" -- within hours.',
        [("we stay", "full")],
        id="after-double-hyphen",
    ),
    pytest.param(
        'The vote ended. "We lost," she said.', [("We lost,", "full")], id="after-full-stop"
    ),
    pytest.param('Was it over? "We lost," she said.', [("We lost,", "full")], id="after-question"),
    pytest.param('It was over! "We lost," she said.', [("We lost,", "full")], id="after-bang"),
    pytest.param("«Мы не отступим», — заявил глава района.", [("Мы не отступим", "full")], id="ru"),
    pytest.param(
        "Die Bürgermeisterin sagte: „Wir geben nicht auf.“",
        [("Wir geben nicht auf.", "full")],
        id="de-colon",
    ),
    pytest.param(
        'Police denied the alleged "provocations" on Monday.',
        [("provocations", "fragment")],
        id="alleged-provocations",
    ),
    pytest.param(
        "They urged residents to “stay calm” overnight.",
        [("stay calm", "fragment")],
        id="to-stay-calm",
    ),
    pytest.param(
        "Глава района назвал решение «ошибкой» и ушёл.",
        [("ошибкой", "fragment")],
        id="ru-fragment",
    ),
    pytest.param(
        'The results ("a mess", one voter said) came late.',
        [("a mess", "fragment")],
        id="after-parenthesis",
    ),
    pytest.param(
        'She said that "The water rose faster than anyone expected." Then she left.',
        [("The water rose faster than anyone expected.", "full")],
        id="long-capitalised-sentence",
    ),
    pytest.param(
        'He told them "We will rebuild the old bridge."',
        [("We will rebuild the old bridge.", "full")],
        id="six-words-is-enough",
    ),
    pytest.param(
        'He told them "We will rebuild the bridge."',
        [("We will rebuild the bridge.", "fragment")],
        id="five-words-is-not",
    ),
    pytest.param(
        'She asked whether "Anyone here has seen the missing dog?"',
        [("Anyone here has seen the missing dog?", "full")],
        id="long-question",
    ),
    pytest.param(
        'He shouted that "We will never give up this valley!"',
        [("We will never give up this valley!", "full")],
        id="long-exclamation",
    ),
    pytest.param(
        'She said that "the water rose faster than anyone expected." Then she left.',
        [("the water rose faster than anyone expected.", "fragment")],
        id="long-lowercase",
    ),
    pytest.param(
        'He described "The most difficult winter the valley has known" in detail.',
        [("The most difficult winter the valley has known", "fragment")],
        id="long-capitalised-unfinished",
    ),
    pytest.param(
        'He called the U.S. "a partner" and left.',
        [("a partner", "fragment")],
        id="abbreviation-is-not-a-finished-sentence",
    ),
    pytest.param(
        'The vote ended. "We lost," she said, calling it "a bad day".',
        [("We lost,", "full"), ("a bad day", "fragment")],
        id="full-then-fragment",
    ),
]


@pytest.mark.parametrize(("text", "expected"), KIND_ROWS)
def test_kinds(text: str, expected: list[tuple[str, str]]) -> None:
    spans = split(text)
    check_spans(text, spans)
    assert [(text[s.start : s.end], s.kind) for s in spans] == expected


@pytest.mark.parametrize(("text", "expected"), KIND_ROWS)
def test_kinds_after_a_date_token_on_the_same_line(
    text: str, expected: list[tuple[str, str]]
) -> None:
    """``body_start`` makes the paragraph start after the token, so nothing changes."""
    dated = " date 2024-03-05 " + text
    body_start = len(" date 2024-03-05 ")
    spans = split(dated, body_start)
    check_spans(dated, spans, body_start)
    assert [(dated[s.start : s.end], s.kind) for s in spans] == expected


def test_body_start_skips_what_comes_before_it() -> None:
    text = '"Old news," he said. "Fresh news," she said.'
    body_start = text.index('"Fresh')
    assert quote_texts(text, body_start) == ["Fresh news,"]


def test_body_start_with_parsed_article() -> None:
    data = b' date 2024-03-05 "We will stay," she said.\n\n"The road is open."\n'
    article = parse_article("flood.txt", data)
    spans = split(article.text, article.body_start)
    check_spans(article.text, spans, article.body_start)
    assert [(article.text[s.start : s.end], s.kind) for s in spans] == [
        ("We will stay,", "full"),
        ("The road is open.", "full"),
    ]


def test_a_short_article_end_to_end() -> None:
    text = (
        "Floodwater reached the centre of Millbrook on Tuesday, and the mayor’s office"
        " asked residents to “stay indoors”.\n"
        "\n"
        "“The river rose by two metres in an hour,” Mayor Ana Torres said. “We have never"
        " seen anything like it.\n"
        "\n"
        "“The pumps are working, but the rain won't stop [until Thursday].”\n"
        "\n"
        "Engineers called the old levee 'a relic of the '60s' and said repairs would take"
        " weeks.\n"
        "\n"
        'Residents\' groups said the warnings came "too late" -- one shop owner put it'
        ' simply: "We lost everything."'
    )
    spans = split(text)
    check_spans(text, spans)
    assert [(text[s.start : s.end], s.kind) for s in spans] == [
        ("stay indoors", "fragment"),
        ("The river rose by two metres in an hour,", "full"),
        ("We have never seen anything like it.", "full"),
        ("The pumps are working, but the rain won't stop [until Thursday].", "full"),
        ("a relic of the '60s", "fragment"),
        ("too late", "fragment"),
        ("We lost everything.", "full"),
    ]
    assert labelled(spans) == ["a", "b", "c", "c", "d", "e", "f"]
    assert [s.close_mark for s in spans] == ["”", "”", None, "”", "'", '"', '"']


# ---------------------------------------------------------------------------------------------
# Properties over arbitrary text, and over the corpus.

# Fuzzing from a fixed seed rather than with Hypothesis: the same texts on every run, and no
# example database written into the shared tree.
_TOKENS = [
    "we", "stay", "The", "farmers'", "It's", "won’t", "'90s", "'n'", "Texas’", "said",
    ",", ".", ":", "!", "?", "...", "…", "—", "--", "-", "(", ")", "[", "]",
    '"', "“", "”", "„", "«", "»", "'", "‘", "’", "‚", "‹", "›",
    " ", " ", " ", "\u00a0", "\n", "\n\n", "\t",
]  # fmt: skip


def _random_texts(seed: int, count: int) -> list[tuple[str, int]]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        text = "".join(rng.choices(_TOKENS, k=rng.randint(0, 40)))
        texts.append((text, rng.randint(0, len(text))))
    return texts


@pytest.mark.parametrize("seed", range(4))
def test_any_text_keeps_the_invariants(seed: int) -> None:
    for text, body_start in _random_texts(seed, 500):
        spans = split(text, body_start)
        check_spans(text, spans, body_start)
        # Line endings never change what is found.
        crlf = text.replace("\n", "\r\n")
        crlf_spans = split(crlf)
        check_spans(crlf, crlf_spans)
        found = [text[s.start : s.end] for s in split(text)]
        assert [crlf[s.start : s.end] for s in crlf_spans] == found, repr(text)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_articles_keep_the_invariants(path: Path) -> None:
    article = parse_article(str(path), path.read_bytes())
    spans = split(article.text, article.body_start)
    check_spans(article.text, spans, article.body_start)
    assert spans, "every corpus article quotes someone"


# ---------------------------------------------------------------------------------------------
# Doubled apostrophes: one archive convention writes every quote as ''…''.

DOUBLED_ROWS = [
    pytest.param(
        "''The bridge will open in May,'' said Mr. Ortiz.",
        [("The bridge will open in May,", "full", 0)],
        id="quote-then-cue",
    ),
    pytest.param(
        "Ms. Hale said: ''We won't wait.'' Then she left.",
        [("We won't wait.", "full", 0)],
        id="apostrophe-inside-stays-in",
    ),
    pytest.param(
        "The mayor called it an ''old-fashioned'' plan.",
        [("old-fashioned", "fragment", 0)],
        id="fragment",
    ),
    pytest.param(
        "''It rained all week,'' he said. ''Nobody came.''",
        [("It rained all week,", "full", 0), ("Nobody came.", "full", 1)],
        id="two-quotes",
    ),
    pytest.param(
        "''We started early\n''and finished late,'' she said.",
        [("We started early", "full", 0), ("and finished late,", "full", 0)],
        id="run-on-paragraphs",
    ),
    pytest.param(
        "''He told me 'no' twice,'' she said.",
        [("He told me 'no' twice,", "full", 0)],
        id="single-quote-nested-inside",
    ),
    # Negatives: apostrophes that are no quotes stay apart.
    pytest.param("Rock 'n' roll in the '90s was the owners' pride.", [], id="elisions"),
    pytest.param("The Joneses' dog and the boss's car.", [], id="possessives"),
    pytest.param("A run of three ''' is no mark.", [], id="three-apostrophes"),
]


@pytest.mark.parametrize(("text", "expected"), DOUBLED_ROWS)
def test_doubled_apostrophes(text: str, expected: list[tuple[str, str, int]]) -> None:
    spans = split(text)
    check_spans(text, spans)
    assert [(text[s.start : s.end], s.kind, s.utterance) for s in spans] == expected
