"""The sentence around a quote, with its cue and speaker mention marked."""

from __future__ import annotations

from quotes.output import styled
from quotes.report.highlight import excerpt

DOC = 'Rain fell all day. "We will build the bridge," the mayor told reporters on Monday. Then.'


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_cue_and_mention_are_marked_in_plain_text() -> None:
    quote = _span(DOC, "We will build the bridge,")
    sentence = (DOC.index('"We'), DOC.index(" Then"))
    shown = excerpt(DOC, quote, sentence, _span(DOC, "the mayor"), "told")
    assert (
        shown.plain() == '…"We will build the bridge," [[the mayor]] {{told}} reporters on Monday.…'
    )


def test_a_cue_word_inside_the_quote_is_not_taken_for_the_cue() -> None:
    doc = '"I told them twice," she told the court.'
    shown = excerpt(doc, _span(doc, "I told them twice,"), None, _span(doc, "she"), "told")
    assert shown.plain().endswith("[[she]] {{told}} the court.")
    assert "I told them" in shown.plain()


def test_a_mention_outside_the_sentence_widens_the_window() -> None:
    doc = "The minister spoke first. Later came this: “All is calm.” Nothing more."
    quote = _span(doc, "All is calm.")
    sentence = _span(doc, "Later came this: “All is calm.”")
    shown = excerpt(doc, quote, sentence, _span(doc, "The minister"), None)
    assert shown.plain().startswith("[[The minister]] spoke first.")
    assert not shown.cut_before and shown.cut_after


def test_without_a_sentence_a_window_is_shown_and_cut_marked() -> None:
    doc = "x " * 400 + '"Quoted words" he said ' + "y " * 400
    shown = excerpt(doc, _span(doc, "Quoted words"), None, _span(doc, "he"), "said")
    assert shown.cut_before and shown.cut_after
    assert '"Quoted words" [[he]] {{said}}' in shown.plain()
    assert len(shown.text) < 400


def test_rich_text_styles_the_marks() -> None:
    quote = _span(DOC, "We will build the bridge,")
    shown = styled(excerpt(DOC, quote, None, _span(DOC, "the mayor"), "told"))
    styles = {shown.plain[s.start : s.end]: str(s.style) for s in shown.spans}
    assert styles["the mayor"] == "bold"
    assert styles["told"] == "bold underline"
