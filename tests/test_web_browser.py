"""`quotes serve` in headless Chromium: ask, follow a source, review with the keyboard.

Playwright drives Debian's ``chromium`` (``executable_path``; Playwright downloads no
browser of its own). Skipped, with the reason shown, where there is no browser. A failing
test leaves a screenshot of the page in its ``tmp_path``.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web import HOSTILE_FILE, SCRIPT, Site, ingest_articles, serving

from quotes.web.settings import Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no headless browser: install Debian's chromium (apt-get install chromium)",
    ),
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed (dev extra)"),
]
WINDOW = {"width": 1100, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None and CHROMIUM is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """A fresh browser context's page; if the test fails, a screenshot of it in tmp_path."""
    context = browser.new_context(viewport=WINDOW)
    page = context.new_page()
    page.set_default_timeout(20_000)
    failed_before = request.session.testsfailed
    yield page
    # The call's report is counted before teardown: a rise means this test just failed.
    if request.session.testsfailed > failed_before:
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failed page: {shot}")
    context.close()


@pytest.fixture
def site(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    for name in ("QUOTES_DB", "QUOTES_SPEAKERS", "QUOTES_REVIEWER", "QUOTES_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()
    ingest_articles(tmp_path / "articles", db_url, runner)
    with serving(Settings(db_url=db_url)) as url:
        yield Site(url, db_url, runner)


def test_ask_shows_the_right_claim_first_in_the_cli_order(site: Site, page: Page) -> None:
    page.goto(site.url + "/")
    page.fill("input[name=speaker]", "Putin")
    page.fill("input[name=topic]", "grain exports")
    with page.expect_navigation():
        page.press("input[name=topic]", "Enter")
    claims = page.locator("ol.claims > li.claim")
    first = claims.first.locator("blockquote.text")
    assert first.inner_text() == "Grain exports to Africa will double next year."
    shown = [int(i.split("-")[1]) for i in claims.evaluate_all("els => els.map(e => e.id)")]
    cli = [
        row["claim_id"] for row in json.loads(site.cli("ask", "putin", "grain exports", "--json"))
    ]
    assert shown == cli
    # A topic word found only in the writer's sentence still finds its claim, lower down.
    page.fill("input[name=topic]", "grain")
    with page.expect_navigation():
        page.press("input[name=topic]", "Enter")
    texts = page.locator("ol.claims blockquote.text").all_inner_texts()
    assert texts[0] == "Grain exports to Africa will double next year."
    assert "The harvest was the best in a decade," in texts[1:]


def test_open_a_claim_and_follow_a_source_link(site: Site, page: Page) -> None:
    page.goto(site.url + "/?speaker=putin&topic=grain+exports")
    with page.expect_navigation():
        page.click("ol.claims > li.claim >> nth=0 >> blockquote.text a")
    assert page.locator("blockquote.claim-text").inner_text() == (
        "Grain exports to Africa will double next year."
    )
    sources = page.locator("ul.sources a.source")
    paths = sources.all_inner_texts()
    assert [Path(p).name for p in paths] == ["wire.txt", "daily.txt"]
    assert page.locator("table.quotes tbody tr").count() == 2
    with page.expect_navigation():
        sources.nth(1).click()
    assert Path(page.locator("h1.path").inner_text()).name == "daily.txt"
    assert page.locator("pre.article mark.quote").inner_text() == (
        "Grain exports to Africa will double next year,"
    )
    assert "Putin said at the meeting." in page.locator("pre.article").inner_text()


def test_a_conflict_shows_both_speakers_side_by_side(site: Site, page: Page) -> None:
    page.goto(site.url + "/?speaker=peskov&topic=troops")
    with page.expect_navigation():
        page.click("ol.claims blockquote.text a")
    sides = page.locator(".side-by-side .side h3").all_inner_texts()
    assert sides[0] == "Dmitry Peskov"
    assert re.fullmatch(r"Vladimir Putin \(claim \d+\)", sides[1])
    rival = page.locator(".side.rival a.source").all_inner_texts()
    assert [Path(p).name for p in rival] == ["wire.txt"]


def current(page: Page) -> dict[str, str]:
    item = page.locator("#item")
    return {
        "id": str(item.get_attribute("data-quote")),
        "speaker": item.locator("dd.speaker").inner_text(),
    }


def press_and_wait(page: Page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_review_three_quotes_with_the_keyboard(site: Site, page: Page) -> None:
    page.goto(site.url + "/review")
    # Asked once, then kept in a cookie.
    page.fill("#reviewer-name", "Desk Editor")
    with page.expect_navigation():
        page.press("#reviewer-name", "Enter")
    assert page.locator("nav.top .who strong").inner_text() == "Desk Editor"
    assert page.locator("#reviewer-name").count() == 0

    confirmed = current(page)
    press_and_wait(page, "c")
    assert page.locator("#last .status").inner_text() == "confirmed"

    reassigned = current(page)
    assert reassigned["id"] != confirmed["id"]
    target = "Dmitry Peskov" if reassigned["speaker"] == "Vladimir Putin" else "Vladimir Putin"
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "speaker-picker"
    page.keyboard.type(target)
    press_and_wait(page, "Enter")
    assert page.locator("#last .status").inner_text() == "reassigned"

    rejected = current(page)
    assert rejected["id"] not in (confirmed["id"], reassigned["id"])
    page.keyboard.press("t")
    page.keyboard.type("a headline, not speech")
    page.keyboard.press("Enter")  # hands the keys back; the note goes with the decision
    press_and_wait(page, "x")
    assert page.locator("#last .status").inner_text() == "rejected"

    disputed = json.loads(site.cli("audit", "--disputed", "--json"))
    assert [(d["id"], d["action"], d["reviewer"]) for d in disputed] == [
        (reassigned["id"], "speaker", "Desk Editor")
    ]
    keys = {"Dmitry Peskov": "peskov", "Vladimir Putin": "putin"}
    assert disputed[0]["reviewer_says"] == keys[target]
    shown = {q["id"]: site.cli("show", q["id"]) for q in (confirmed, reassigned, rejected)}
    assert "review:     confirmed" in shown[confirmed["id"]]
    assert re.search(r"\n  \S+  Desk Editor  confirm ", shown[confirmed["id"]])
    assert "review:     reassigned" in shown[reassigned["id"]]
    assert f"speaker:    {target}  (rules said" in shown[reassigned["id"]]
    assert "review:     rejected" in shown[rejected["id"]]
    assert "Desk Editor  reject " in shown[rejected["id"]]
    assert "“a headline, not speech”" in shown[rejected["id"]]

    # u undoes the last decision, through the same log.
    press_and_wait(page, "u")
    assert page.locator("#last .status").inner_text() == "not reviewed"
    again = site.cli("show", rejected["id"])
    assert "review:     not reviewed" in again
    assert re.search(r"Desk Editor  undo\s+\(undoes #\d+\)", again), again


def test_the_queue_filters_and_the_next_key(site: Site, page: Page) -> None:
    page.goto(site.url + "/review?speaker=peskov")
    assert page.locator("#item dd.speaker").inner_text() == "Dmitry Peskov"
    total = int(re.search(r"of (\d+)", page.locator(".position").inner_text()).group(1))  # type: ignore[union-attr]
    assert total == 3
    seen = [current(page)["id"]]
    for _ in range(total - 1):
        press_and_wait(page, "j")
        seen.append(current(page)["id"])
    assert len(set(seen)) == 3
    assert page.locator("#next").count() == 0
    press_and_wait(page, "k")
    assert current(page)["id"] == seen[-2]


def test_hostile_article_text_is_shown_as_text(site: Site, page: Page) -> None:
    words = f"{SCRIPT} We keep the border <b>calm</b> <img src=x onerror=alert(1)>."
    dialogs: list[Any] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site.url + "/?speaker=lukashenko")
    assert page.locator("ol.claims blockquote.text").inner_text() == words
    assert HOSTILE_FILE in page.locator("ul.sources a.source").inner_text()
    with page.expect_navigation():
        page.click("ul.sources a.quote-link")
    assert page.locator("blockquote.claim-text").inner_text() == words
    page.goto(site.url + "/review?speaker=lukashenko")
    assert words in page.locator("#item .sentence").inner_text()
    for _ in range(2):
        assert page.title() != "owned"
        assert page.locator("main img, main b, main script").count() == 0
        page.goto(site.url + "/?speaker=lukashenko")
    assert dialogs == []


def test_a_post_without_csrf_is_refused_in_the_browser(site: Site, page: Page) -> None:
    page.goto(site.url + "/review")
    uid = current(page)["id"]
    # The browser's own session cookie goes along; only the form's token is missing.
    response = page.request.post(f"{site.url}/review/{uid}", form={"action": "reject"})
    assert response.status == 403
    assert "CSRF token is missing or stale" in response.text()
    assert "review:     not reviewed" in site.cli("show", uid)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_screenshot_of_the_review_queue(site: Site, page: Page, tmp_path: Path) -> None:
    page.goto(site.url + "/review")
    shot = tmp_path / "review.png"
    page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == WINDOW["width"]
    assert page.locator("#item mark.cue").count() + page.locator("#item mark.mention").count() > 0
