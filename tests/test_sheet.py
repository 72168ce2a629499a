"""Quote sheets: every format, order, topic groups, conflicts, and hostile article text."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
import re
from datetime import UTC, date, datetime
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from quotes.report.rows import SourceRow
from quotes.report.sheet import (
    CSV_COLUMNS,
    FORMATS,
    OTHER_TOPICS,
    Sheet,
    SheetClaim,
    group_by_topic,
    md_escape,
    render,
    stem,
)

GENERATED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

SCRIPT = "<script>document.title='owned'</script>"
FORMULA = '=HYPERLINK("http://example.invalid/x","click me")'
MD_LINK = "[read more](javascript:alert(1))"
MD_EMPHASIS = "**urgent** and _quiet_ and `code`"


def source(
    path: str = "corpus/a.txt",
    day: date | None = date(2023, 4, 6),
    outlet: str | None = None,
    via: str | None = None,
    quote_id: int = 1,
) -> SourceRow:
    return SourceRow(path=path, outlet=outlet, via=via, date=day, quote=quote_id)


def claim(
    claim_id: int,
    text: str,
    day: date | None = date(2023, 4, 6),
    sources: list[SourceRow] | None = None,
    **fields: Any,
) -> SheetClaim:
    values: dict[str, Any] = {
        "sentence": None,
        "kind": "full",
        "confidence": 0.95,
        "rule": "cue_after_quote",
        "review": None,
        "conflict": False,
        "conflict_with": [],
    }
    values.update(fields)
    if sources is None:
        sources = [source(path=f"corpus/{claim_id}.txt", day=day, quote_id=claim_id)]
    return SheetClaim(claim_id=claim_id, text=text, date=day, sources=sources, **values)


def sheet(*claims: SheetClaim, name: str = "Alexander Lukashenko", **fields: Any) -> Sheet:
    values: dict[str, Any] = {"speaker_key": "lukashenko", "roles": ["President of Belarus"]}
    values.update(fields)
    return Sheet(name=name, claims=list(claims), generated_at=GENERATED, **values)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


class Tags(HTMLParser):
    """Every start tag and attribute of an HTML page, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse_html(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


def md_to_html(text: str) -> str:
    return MarkdownIt("commonmark").render(text)


# --- the records ------------------------------------------------------------------------------


def test_sheet_counts_claims_distinct_sources_and_date_span() -> None:
    shared = source(path="corpus/wire.txt", day=date(2023, 4, 6), quote_id=1)
    first = claim(1, "We keep the border calm.", sources=[shared])
    second = claim(
        2,
        "Our army is ready.",
        day=date(2022, 10, 10),
        sources=[
            source(path="corpus/wire.txt", day=date(2023, 4, 6), quote_id=2),
            source(path="corpus/late.txt", day=date(2023, 5, 1), quote_id=3),
            source(path="corpus/early.txt", day=date(2022, 10, 10), quote_id=4),
        ],
    )
    made = sheet(first, second)
    assert made.claim_count == 2
    # corpus/wire.txt carries both claims and is one source.
    assert made.source_count == 3
    assert made.date_span == (date(2022, 10, 10), date(2023, 5, 1))


def test_sheet_with_no_dates_has_no_span() -> None:
    assert sheet(claim(1, "Undated words here.", day=None)).date_span is None
    assert sheet().date_span is None
    assert sheet().claim_count == 0
    assert sheet().source_count == 0


def test_records_are_frozen_and_keep_no_reference_to_the_callers_lists() -> None:
    sources = [source()]
    made = claim(1, "Words.", sources=sources)
    sources.append(source(path="corpus/later.txt"))
    assert len(made.sources) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.text = "Other words."  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        sheet().name = "Someone else"  # type: ignore[misc]


# --- order ------------------------------------------------------------------------------------

ORDER_SHEET = sheet(
    claim(10, "Undated speech about grain.", day=None),
    claim(11, "Later words on the border.", day=date(2023, 4, 6)),
    claim(12, "Earliest words on the union.", day=date(2022, 10, 10)),
    claim(13, "Another undated speech.", day=None),
    claim(14, "Same day as the later words.", day=date(2023, 4, 6)),
)
DATE_ORDER = [12, 11, 14, 10, 13]


def claim_ids_in(fmt: str, text: str) -> list[int]:
    if fmt == "json":
        return [c["claim_id"] for c in json.loads(text)["claims"]]
    if fmt == "csv":
        return [int(r["claim_id"]) for r in csv_rows(text)]
    return [int(n) for n in re.findall(r"claim (\d+)", text)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_claims_come_in_date_order_with_undated_last(fmt: str) -> None:
    assert claim_ids_in(fmt, render(ORDER_SHEET, fmt)) == DATE_ORDER  # type: ignore[arg-type]


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_sheet_exactly() -> None:
    made = sheet(
        claim(
            7,
            "We will station more weapons in the west.",
            day=date(2023, 4, 6),
            sentence="Lukashenko told reporters: “We will station more weapons in the west.”",
            sources=[
                source(path="corpus/minsk.txt", day=date(2023, 4, 6), via="Belta", quote_id=3),
                source(path="corpus/wire.txt", day=date(2023, 4, 7), outlet="Wire", quote_id=9),
            ],
            conflict=True,
            conflict_with=["Dmitry Peskov"],
        ),
        claim(
            8,
            "calm at the border",
            day=None,
            kind="fragment",
            confidence=0.6,
            rule="enclosing_speech",
            review="confirmed",
        ),
    )
    assert (
        render(made, "md")
        == """\
# Quote sheet: Alexander Lukashenko

President of Belarus

**2 claims** from **3 sources**, 2023-04-06 to 2023-04-07. Generated 2026-11-01 12:00 UTC.

---

## 1. 2023-04-06 · full quote · claim 7

> We will station more weapons in the west.

**⚠ Conflict:** the same words are also credited to Dmitry Peskov.

Sentence: Lukashenko told reporters: “We will station more weapons in the west.”

Sources (2):
- 2023-04-06 · corpus/minsk.txt · via Belta
- 2023-04-07 · Wire · corpus/wire.txt

Confidence 0.95 (cue\\_after\\_quote) · review: unreviewed

## 2. undated · fragment quote · claim 8

> calm at the border

Sources (1):
- undated · corpus/8.txt

Confidence 0.60 (enclosing\\_speech) · review: confirmed
"""
    )


HOSTILE_TEXTS = [
    SCRIPT,
    MD_LINK,
    MD_EMPHASIS,
    FORMULA,
    "# Not a heading",
    "1. not a list",
    "- not a list",
    "> not a quote block",
    "| a | table |",
    "&lt;b&gt; entity",
    "<img src=x onerror=alert(1)>",
    "line one\n\n# line two",
    "~~struck~~",
]


def hostile_sheet(text: str) -> Sheet:
    """Article text in every field that comes from an article or a file name."""
    return sheet(
        claim(
            1,
            text,
            sentence=f"He said: {text}",
            sources=[source(path=f"corpus/{text}.txt", outlet=text, via=text)],
        ),
    )


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_markdown_escapes_hostile_article_text(text: str) -> None:
    rendered = md_to_html(render(hostile_sheet(text), "md"))
    # The only markup is the template's own: no tag, link, emphasis or heading from the text.
    tags = set(re.findall(r"<([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "p", "strong", "hr", "blockquote", "ul", "li"}
    assert rendered.count("<strong>") == 2  # the counts in the header, nothing else
    assert rendered.count("<h1>") == 1 and rendered.count("<h2>") == 1
    assert rendered.count("<li>") == 1
    assert "<script" not in rendered and "<a " not in rendered and "<img" not in rendered
    # And the words are still there to read, as text.
    visible = unescape(re.sub(r"<[^>]+>", "", rendered))
    assert " ".join(text.split()) in visible


def test_markdown_link_and_script_are_inert_in_the_source_text_too() -> None:
    text = render(hostile_sheet(f"{SCRIPT} {MD_LINK} {MD_EMPHASIS}"), "md")
    assert "<script" not in text
    assert "&lt;script&gt;" in text
    assert "[read more](" not in text
    assert r"\[read more\](javascript:alert(1))" in text
    assert r"\*\*urgent\*\* and \_quiet\_ and \`code\`" in text


def test_speaker_name_and_roles_are_escaped_too() -> None:
    made = sheet(name="*Star* <b>", roles=["[role](http://x)"])
    rendered = md_to_html(render(made, "md"))
    assert "<em>" not in rendered and "<b>" not in rendered and "<a " not in rendered
    assert "*Star* &lt;b&gt;" in rendered
    html = render(made, "html")
    assert "<b>" not in html and "*Star* &lt;b&gt;" in html


# Text made of what Markdown reacts to, for the property below.
MARKDOWN_ALPHABET = st.sampled_from(
    [*"\\`*_[]{}()<>#+-.!|~&;:=\"' \n\t1a", "&amp;", "&#60;", "http://x", "javascript:"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_ALPHABET, max_size=40).map("".join))
def test_md_escape_round_trips_through_a_commonmark_reader(text: str) -> None:
    # Where a sheet puts article text: a paragraph, a quote block, a list item.
    for prefix, shown, tags in (
        ("Sentence: ", "Sentence:", {"p"}),
        ("> ", "", {"blockquote", "p"}),
        ("- a · ", "a ·", {"ul", "li"}),
    ):
        rendered = md_to_html(prefix + md_escape(text))
        assert set(re.findall(r"<([a-z0-9]+)", rendered)) <= tags, (prefix, rendered)
        visible = unescape(re.sub(r"<[^>]+>", "", rendered)).strip()
        assert visible.removeprefix(shown).strip() == " ".join(text.split()), (prefix, rendered)


# --- HTML -------------------------------------------------------------------------------------

HTML_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "span",
    "p",
    "dl",
    "div",
    "dt",
    "dd",
    "time",
    "main",
    "section",
    "h2",
    "article",
    "blockquote",
    "strong",
    "ul",
    "li",
    "footer",
}


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_html_escapes_hostile_article_text(text: str) -> None:
    page = render(hostile_sheet(text), "html")
    parsed = parse_html(page)
    assert set(parsed.tags) <= HTML_TAGS
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not any(name.startswith("on") for name, _ in parsed.attributes)
    # The hostile text is on the page as text: quote, sentence, outlet, via and path.
    visible = "".join(parsed.text)
    assert visible.count(text) >= 5


def test_html_is_one_self_contained_print_ready_page() -> None:
    page = render(ORDER_SHEET, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page and "@page" in page
    assert "<script" not in page
    # No network: nothing is loaded from anywhere, and the policy forbids it anyway.
    assert not re.search(r"(src|href)\s*=", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page


def test_html_header_shows_name_roles_counts_and_span() -> None:
    parsed = parse_html(render(ORDER_SHEET, "html"))
    visible = " ".join(" ".join(parsed.text).split())
    assert "Quote sheet Alexander Lukashenko" in visible
    assert "President of Belarus" in visible
    assert "Claims 5 Sources 5 Dates 2022-10-10 to 2023-04-06" in visible


def test_html_claim_shows_quote_sentence_sources_confidence_and_review() -> None:
    made = sheet(
        claim(
            3,
            "The union state is strong.",
            sentence="Speaking in Minsk, he said “The union state is strong.”",
            sources=[source(path="corpus/m.txt", outlet="Minsk Daily", via="Belta")],
            confidence=0.3,
            rule="nearest_mention",
            review="reassigned",
        )
    )
    visible = " ".join(" ".join(parse_html(render(made, "html")).text).split())
    assert "The union state is strong." in visible
    assert "Sentence Speaking in Minsk, he said “The union state is strong.”" in visible
    assert "2023-04-06 · Minsk Daily · corpus/m.txt · via Belta" in visible
    assert "Confidence 0.30 (nearest_mention) · review: reassigned to this speaker" in visible


# --- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t"])
def test_csv_neutralises_formula_prefixes_in_every_article_field(prefix: str) -> None:
    text = prefix + 'HYPERLINK("http://example.invalid/x","click me")'
    rows = csv_rows(render(hostile_sheet(text), "csv"))
    assert len(rows) == 1
    for column in ("quote", "sentence", "outlet", "via"):
        if column == "sentence":
            continue  # starts with "He said:", checked below
        assert rows[0][column] == "'" + text, column
    assert rows[0]["sentence"] == f"He said: {text}"
    assert rows[0]["source"].startswith("corpus/")


def test_csv_quote_that_is_a_formula_is_quoted_text() -> None:
    rows = csv_rows(render(sheet(claim(1, FORMULA, sentence=FORMULA)), "csv"))
    assert rows[0]["quote"] == "'" + FORMULA
    assert rows[0]["sentence"] == "'" + FORMULA


def test_csv_has_one_row_per_claim_and_source() -> None:
    made = sheet(
        claim(
            1,
            "Two outlets carried this.",
            sources=[
                source(path="corpus/a.txt", via="Belta", quote_id=4),
                source(path="corpus/b.txt", day=date(2023, 4, 8), outlet="Wire", quote_id=5),
            ],
        ),
        claim(2, "One outlet carried this.", day=date(2023, 5, 1)),
    )
    rows = csv_rows(render(made, "csv"))
    assert list(rows[0].keys()) == CSV_COLUMNS
    cells = [(r["claim_id"], r["source"], r["source_date"], r["via"], r["outlet"]) for r in rows]
    assert cells == [
        ("1", "corpus/a.txt", "2023-04-06", "Belta", ""),
        ("1", "corpus/b.txt", "2023-04-08", "", "Wire"),
        ("2", "corpus/2.txt", "2023-05-01", "", ""),
    ]
    assert {r["speaker"] for r in rows} == {"Alexander Lukashenko"}
    assert rows[0]["review"] == "unreviewed"
    assert rows[0]["confidence"] == "0.95"


# --- JSON -------------------------------------------------------------------------------------


def test_json_is_structured_with_iso_dates() -> None:
    made = sheet(
        claim(
            5,
            "Words on the grain corridor.",
            sentence="He said: “Words on the grain corridor.”",
            sources=[source(path="corpus/g.txt", via="TASS", quote_id=8)],
            review="confirmed",
        )
    )
    data = json.loads(render(made, "json"))
    assert data["speaker"] == {
        "key": "lukashenko",
        "name": "Alexander Lukashenko",
        "roles": ["President of Belarus"],
    }
    assert data["generated_at"] == "2026-11-01T12:00:00+00:00"
    assert (data["claim_count"], data["source_count"]) == (1, 1)
    assert (data["first_date"], data["last_date"]) == ("2023-04-06", "2023-04-06")
    assert data["message"] is None
    assert data["by"] == "date"
    assert data["claims"] == [
        {
            "claim_id": 5,
            "text": "Words on the grain corridor.",
            "sentence": "He said: “Words on the grain corridor.”",
            "kind": "full",
            "date": "2023-04-06",
            "topic": None,
            "confidence": 0.95,
            "rule": "cue_after_quote",
            "review": "confirmed",
            "conflict": False,
            "conflict_with": [],
            "sources": [
                {
                    "path": "corpus/g.txt",
                    "record": "",
                    "outlet": None,
                    "url": None,
                    "title": None,
                    "author": None,
                    "published": None,
                    "via": "TASS",
                    "date": "2023-04-06",
                    "quote_id": 8,
                }
            ],
        }
    ]


def test_json_keeps_hostile_text_exactly() -> None:
    text = f"{SCRIPT} {FORMULA} {MD_LINK}"
    data = json.loads(render(hostile_sheet(text), "json"))
    assert data["claims"][0]["text"] == text
    assert data["claims"][0]["sources"][0]["via"] == text


# --- conflicts --------------------------------------------------------------------------------

CONFLICT_SHEET = sheet(
    claim(1, "Nobody credits these words twice.", day=date(2023, 1, 1)),
    claim(
        2,
        "These words are credited to two men.",
        day=date(2023, 2, 1),
        conflict=True,
        conflict_with=["Dmitry Peskov", "Vladimir Putin"],
    ),
)


def test_conflict_is_marked_with_who_else_is_credited_in_markdown() -> None:
    text = render(CONFLICT_SHEET, "md")
    assert text.count("⚠ Conflict") == 1
    mark = text.index("⚠ Conflict")
    assert text.index("claim 1") < text.index("claim 2") < mark
    assert "also credited to Dmitry Peskov, Vladimir Putin." in text


def test_conflict_is_marked_in_html() -> None:
    page = render(CONFLICT_SHEET, "html")
    assert page.count('class="conflict"') == 1
    assert 'class="claim has-conflict" id="claim-2"' in page
    visible = " ".join(" ".join(parse_html(page).text).split())
    assert "⚠ Conflict — the same words are also credited to Dmitry Peskov, Vladimir Putin." in (
        visible
    )


def test_conflict_without_names_still_says_so() -> None:
    made = sheet(claim(1, "Disputed words.", conflict=True))
    assert "also credited to another speaker." in render(made, "md")


def test_conflict_in_csv_and_json() -> None:
    rows = csv_rows(render(CONFLICT_SHEET, "csv"))
    assert [(r["conflict"], r["conflict_with"]) for r in rows] == [
        ("", ""),
        ("yes", "Dmitry Peskov; Vladimir Putin"),
    ]
    claims = json.loads(render(CONFLICT_SHEET, "json"))["claims"]
    assert [(c["conflict"], c["conflict_with"]) for c in claims] == [
        (False, []),
        (True, ["Dmitry Peskov", "Vladimir Putin"]),
    ]


# --- empty sheets -----------------------------------------------------------------------------

EMPTY = sheet(name="Sergei Shoigu", speaker_key="shoigu", roles=["Defence Minister"])
NO_QUOTES = "No quotes from Sergei Shoigu in the database."


def test_empty_sheet_in_markdown() -> None:
    text = render(EMPTY, "md")
    assert NO_QUOTES in text.splitlines()
    assert "**0 claims** from **0 sources**, no dated sources." in text


def test_empty_sheet_in_html() -> None:
    parsed = parse_html(render(EMPTY, "html"))
    visible = " ".join(" ".join(parsed.text).split())
    assert NO_QUOTES in visible
    assert "Claims 0 Sources 0 Dates no dated sources" in visible
    assert "article" not in parsed.tags


def test_empty_sheet_in_csv() -> None:
    rows = csv_rows(render(EMPTY, "csv"))
    assert rows == [
        {column: "" for column in CSV_COLUMNS} | {"speaker": "Sergei Shoigu", "quote": NO_QUOTES}
    ]


def test_empty_sheet_in_json() -> None:
    data = json.loads(render(EMPTY, "json"))
    assert data["claims"] == []
    assert data["message"] == NO_QUOTES
    assert (data["claim_count"], data["source_count"], data["first_date"]) == (0, 0, None)


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_sheet_by_topic_says_no_quotes_too(fmt: str) -> None:
    assert "No quotes from Sergei Shoigu" in render(EMPTY, fmt, by="topic")  # type: ignore[arg-type]


# --- topics -----------------------------------------------------------------------------------

TOPIC_CLAIMS = [
    claim(1, "These weapons stay in Belarus.", day=date(2023, 3, 1)),
    claim(2, "The grain deal is over.", day=date(2023, 1, 1)),
    claim(3, "A weapon is only a deterrent.", day=date(2023, 2, 1)),
    claim(4, "The grain must reach Africa.", day=None),
    claim(5, "More weapons will come to the border.", day=date(2022, 12, 1)),
    claim(6, "Nobody is talking to Kyiv.", day=date(2023, 4, 1)),
    claim(7, "The border is calm tonight.", day=date(2023, 4, 2)),
]


def topics(claims: list[SheetClaim]) -> list[tuple[str, list[int]]]:
    return [(label, [c.claim_id for c in members]) for label, members in group_by_topic(claims)]


def test_weapon_and_weapons_fall_into_one_group_labelled_by_the_commoner_form() -> None:
    assert topics(TOPIC_CLAIMS) == [
        ("weapons", [5, 3, 1]),  # each group in date order
        ("grain", [2, 4]),
        # "border" is in claims 5 and 7, but 5 is already taken: 7 alone is no topic.
        (OTHER_TOPICS, [6, 7]),
    ]


def test_topic_grouping_does_not_depend_on_input_order() -> None:
    expected = topics(TOPIC_CLAIMS)
    shuffled = list(TOPIC_CLAIMS)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert topics(shuffled) == expected


def test_topic_ties_go_to_the_alphabetically_first_word() -> None:
    claims = [
        claim(1, "Sanctions hurt the economy.", day=date(2023, 1, 1)),
        claim(2, "The economy survives sanctions.", day=date(2023, 1, 2)),
        claim(3, "Zebra crossings and apples.", day=date(2023, 1, 3)),
        claim(4, "Apples and zebra crossings.", day=date(2023, 1, 4)),
    ]
    # economy, sanctions, apples, crossings, zebra all cover two claims: alphabet decides.
    assert topics(claims) == [("apples", [3, 4]), ("economy", [1, 2])]


def test_stopwords_and_reporting_verbs_make_no_topic() -> None:
    claims = [
        claim(1, "We said that it will be so.", day=date(2023, 1, 1)),
        claim(2, "They said that it would be so.", day=date(2023, 1, 2)),
    ]
    assert topics(claims) == [(OTHER_TOPICS, [1, 2])]


def test_a_word_needs_two_claims_to_make_a_topic() -> None:
    assert topics([claim(1, "Missiles, missiles, missiles.")]) == [(OTHER_TOPICS, [1])]
    assert topics([]) == []


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("weapon", "weapons"), True),
        (("country", "countries"), True),
        (("deploy", "deployed", "deploying"), True),
        (("increase", "increased", "increases", "increasing"), True),
        (("belarus", "belaru"), False),  # -us is no plural
        (("crisis", "crisi"), False),
        (("useful", "useless"), False),
    ],
)
def test_stem(words: tuple[str, ...], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) is same


def test_markdown_by_topic_has_a_heading_per_group() -> None:
    text = render(sheet(*TOPIC_CLAIMS), "md", by="topic")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Topic: weapons (3 claims)",
        "## Topic: grain (2 claims)",
        "## Topic: other (2 claims)",
    ]
    # Claims are numbered through the whole sheet, one level below their topic.
    assert re.findall(r"^### (\d+)\. .* claim (\d+)$", text, flags=re.M) == [
        ("1", "5"),
        ("2", "3"),
        ("3", "1"),
        ("4", "2"),
        ("5", "4"),
        ("6", "6"),
        ("7", "7"),
    ]


def test_html_by_topic_has_a_section_per_group() -> None:
    page = render(sheet(*TOPIC_CLAIMS), "html", by="topic")
    assert re.findall(r'<h2 class="topic">(\w+) ', page) == ["weapons", "grain", "other"]
    assert page.count("<section") == page.count("</section>") == 3


def test_csv_and_json_by_topic_carry_the_topic() -> None:
    made = sheet(*TOPIC_CLAIMS)
    rows = csv_rows(render(made, "csv", by="topic"))
    assert [(r["topic"], r["claim_id"]) for r in rows][:3] == [
        ("weapons", "5"),
        ("weapons", "3"),
        ("weapons", "1"),
    ]
    data = json.loads(render(made, "json", by="topic"))
    assert data["by"] == "topic"
    assert [c["topic"] for c in data["claims"]] == [
        "weapons",
        "weapons",
        "weapons",
        "grain",
        "grain",
        "other",
        "other",
    ]


# --- arguments --------------------------------------------------------------------------------


def test_unknown_format_or_order_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sheet format 'pdf'"):
        render(sheet(), "pdf")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown sheet order 'speaker'"):
        render(sheet(), "md", by="speaker")  # type: ignore[arg-type]


def test_rendering_is_deterministic() -> None:
    made = sheet(*TOPIC_CLAIMS)
    for fmt in FORMATS:
        for by in ("date", "topic"):
            assert render(made, fmt, by) == render(made, fmt, by)  # type: ignore[arg-type]
