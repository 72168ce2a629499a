"""`quotes serve` over HTTP: access token, CSRF, escaping, one-line errors, sheet downloads.

Each test serves a fresh database of each backend (the ``db_url`` fixture) from a real
uvicorn server on a free loopback port; ``test_web_browser`` drives the same server in
Chromium. The articles are made up for these tests.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner
from sqlalchemy import text

from quotes.cli import cli
from quotes.cli.serve import settings_from
from quotes.db.engine import open_database
from quotes.web.app import create_app
from quotes.web.settings import Settings

SCRIPT = "<script>document.title='owned'</script>"
HOSTILE_FILE = "hostile <b>wire.txt"
# One file per pattern a page must get right: a claim two sources carry (wire, daily), a
# topic word only in the writer's sentence (the harvest), the same words credited to two
# speakers (troops), and article text full of markup.
ARTICLES = {
    "wire.txt": (
        ' date 2024-03-01 Russian President Vladimir Putin said on Friday: "Grain exports to'
        ' Africa will double next year."\n\n"We will not send troops anywhere," Putin told'
        ' reporters.\n\n"The harvest was the best in a decade," Putin said of the grain season.'
    ),
    "daily.txt": (
        ' date 2024-03-02 "Grain exports to Africa will double next year," Putin said at the'
        " meeting."
    ),
    "peskov.txt": (
        ' date 2024-03-03 Kremlin spokesman Dmitry Peskov said: "The grain corridor stays closed'
        ' for now."\n\n"There will be no new talks this week," Peskov added.'
    ),
    "conflict.txt": ' date 2024-03-04 "We will not send troops anywhere," Peskov said.',
    HOSTILE_FILE: (
        " date 2024-03-05 Belarusian leader Alexander Lukashenko said:"
        f' "{SCRIPT} We keep the border <b>calm</b> <img src=x onerror=alert(1)>."'
    ),
}


@dataclass(frozen=True)
class Site:
    url: str
    db_url: str
    runner: CliRunner

    def cli(self, *args: str) -> str:
        result = self.runner.invoke(cli, [*args, "--db", self.db_url])
        assert result.exception is None, result.output
        assert result.exit_code == 0, result.output
        return result.stdout


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The application on a real server in a thread, at the URL yielded; stopped after."""
    app = create_app(settings)
    sock = free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


def ingest_articles(folder: Path, db_url: str, runner: CliRunner) -> None:
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")
    result = runner.invoke(cli, ["ingest", "-q", "--db", db_url, str(folder)])
    assert result.exception is None and result.exit_code == 0, result.output


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    for name in ("QUOTES_DB", "QUOTES_SPEAKERS", "QUOTES_REVIEWER", "QUOTES_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


@pytest.fixture
def site(db_url: str, tmp_path: Path, runner: CliRunner) -> Iterator[Site]:
    """The made-up articles ingested and served; no reviewer set, so the page asks."""
    ingest_articles(tmp_path / "articles", db_url, runner)
    with serving(Settings(db_url=db_url)) as url:
        yield Site(url, db_url, runner)


class Client:
    """A browser-like HTTP client: cookies kept, redirects not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(
        self, path: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)


def quote_ids(site: Site) -> dict[str, dict[str, object]]:
    rows = map(json.loads, site.cli("export", "--format", "jsonl").splitlines())
    return {str(r["text"]): r for r in rows}


def only_error_line(body: str) -> str:
    """The message of a one-line error page (and that the page is nothing more)."""
    found = re.fullmatch(
        r'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>quotes: error'
        r'</title><link rel="stylesheet" href="/static/app.css"></head><body>'
        r'<p class="error">([^<\n]*)</p></body></html>',
        body,
    )
    assert found, body[:2000]
    return found.group(1)


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(site: Site) -> None:
    client = Client(site.url)
    status, page, _ = client.request("/review")
    assert status == 200
    quote = re.search(r'data-quote="(\w+)"', page)
    assert quote
    uid = quote.group(1)
    for form in ({"action": "reject"}, {"action": "reject", "csrf": "0" * 64}):
        status, body, _ = client.request(f"/review/{uid}", form)
        assert status == 403
        assert only_error_line(body).startswith("refused: this form&#39;s CSRF token is missing")
    # Nor does the token of another browser's session do.
    other = Client(site.url)
    csrf = re.search(r'name="csrf" value="(\w+)"', other.request("/review")[1])
    assert csrf
    status, _, _ = client.request(f"/review/{uid}", {"action": "reject", "csrf": csrf.group(1)})
    assert status == 403
    assert "review:     not reviewed" in site.cli("show", uid)


def test_a_review_posted_with_the_token_lands_in_the_log(site: Site) -> None:
    client = Client(site.url)
    page = client.request("/review")[1]
    csrf = re.search(r'name="csrf" value="(\w+)"', page)
    assert csrf
    status, _, headers = client.request("/reviewer", {"csrf": csrf.group(1), "reviewer": "Ann"})
    assert (status, headers["location"]) == (303, "/review")
    uid = quote_ids(site)["The grain corridor stays closed for now."]["id"]
    form = {"csrf": csrf.group(1), "action": "speaker", "assign": "vladimir putin", "i": "0"}
    status, _, headers = client.request(f"/review/{uid}", form | {"note": "the <b>video</b>"})
    assert status == 303
    assert headers["location"] == f"/review?i=0&last={uid}&step=1"
    shown = site.cli("show", str(uid))
    assert "speaker:    Vladimir Putin  (rules said Dmitry Peskov)" in shown
    assert "review:     reassigned" in shown
    assert re.search(r"Ann  speaker peskov -> putin  “the <b>video</b>”", shown), shown
    # A name that is not the registry's is refused, never guessed.
    status, body, _ = client.request(f"/review/{uid}", form | {"assign": "Vladimir Putn"})
    assert status == 400
    assert "no registry speaker is called" in only_error_line(body)


def test_article_text_is_escaped_on_every_page(site: Site) -> None:
    client = Client(site.url)
    uid = quote_ids(site)[f"{SCRIPT} We keep the border <b>calm</b> <img src=x onerror=alert(1)>."][
        "id"
    ]
    claim = re.search(r'href="/claim/(\d+)"', client.request("/?speaker=lukashenko")[1])
    assert claim
    pages = [
        "/?speaker=lukashenko",
        "/speaker/lukashenko",
        f"/claim/{claim.group(1)}",
        f"/quote/{uid}",
        f"/document/{uid}",
        "/review?speaker=lukashenko",
    ]
    for path in pages:
        status, body, headers = client.request(path)
        assert status == 200, path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;" in body, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in body, path
        assert "hostile &lt;b&gt;wire.txt" in body, path
        # The page's own markup has one script (its static file) and no image at all.
        assert re.findall(r"<script[^>]*>", body) == ['<script src="/static/app.js" defer>'], path
        assert "<img" not in body and "<b>" not in body, path


def test_a_database_error_is_a_page_of_one_line(site: Site) -> None:
    engine = open_database(site.db_url)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE quotes RENAME TO quotes_away"))
    engine.dispose()
    status, body, _ = Client(site.url).request("/review")
    assert status == 503
    message = only_error_line(body)
    assert re.fullmatch(
        r"database error \((OperationalError|ProgrammingError)\); check --db and run"
        r" `quotes db upgrade`",
        message,
    ), message


def test_without_a_token_only_a_loopback_host_is_answered(site: Site) -> None:
    """A page elsewhere that points its own name at 127.0.0.1 reads nothing (DNS rebinding)."""
    client = Client(site.url)
    status, body, _ = client.request("/review", headers={"Host": "rebound.example:8000"})
    assert status == 403
    assert only_error_line(body) == (
        "this server answers to 127.0.0.1 and localhost only; see --token"
    )
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.request("/review", headers={"Host": host})[0] == 200, host


def test_unknown_things_are_one_line_pages(site: Site) -> None:
    client = Client(site.url)
    for path, status, message in [
        ("/claim/99999", 404, "no claim 99999: claims are listed on the Ask page"),
        ("/quote/zzzz", 404, "no quote &#39;zzzz&#39;: ids are listed by"),
        ("/speaker/nobody", 404, "no speaker &#39;nobody&#39; in the registry"),
        ("/speaker/putin/sheet.exe", 404, "no sheet format &#39;exe&#39;"),
        ("/review?below=2", 400, "confidence &#39;2&#39; is not a number from 0 to 1"),
        ("/nowhere", 404, "Not Found"),
    ]:
        got, body, _ = client.request(path)
        assert got == status, path
        assert only_error_line(body).startswith(message), (path, body)


def test_sheet_downloads_are_what_quotes_sheet_writes(site: Site) -> None:
    client = Client(site.url)
    page = client.request("/speaker/putin")[1]
    for fmt in ("md", "html", "csv", "json"):
        assert f'href="/speaker/putin/sheet.{fmt}" download' in page
        status, body, headers = client.request(f"/speaker/putin/sheet.{fmt}")
        assert status == 200
        assert headers["content-disposition"] == f'attachment; filename="putin.{fmt}"'
        expected = site.cli("sheet", "putin", "--format", fmt)
        # Each is stamped with the minute it was made: compare everything else (and the CSV's
        # CRLF rows as lines: CliRunner gives them as LF).
        stamp = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d[^\"\n<|,]*")
        got = stamp.sub("STAMP", body).splitlines()
        assert got == stamp.sub("STAMP", expected).splitlines(), fmt
    assert json.loads(body)["claim_count"] == 3


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_access_token_is_needed_on_every_request(
    db_url: str, tmp_path: Path, runner: CliRunner
) -> None:
    ingest_articles(tmp_path / "articles", db_url, runner)
    with serving(Settings(db_url=db_url, token="s3cret")) as url:
        for path in ("/", "/review", "/static/app.js", "/speaker/putin/sheet.json"):
            status, body, _ = Client(url).request(path)
            assert status == 403, path
            assert only_error_line(body).startswith("this server needs its access token")
        assert Client(url).request("/?token=wrong")[0] == 403
        client = Client(url)
        status, _, headers = client.request("/review?speaker=putin&token=s3cret")
        # The token moves from the address into a cookie at once.
        assert (status, headers["location"]) == (303, "/review?speaker=putin")
        assert client.request("/review?speaker=putin")[0] == 200
        bearer = {"Authorization": "Bearer s3cret"}
        assert Client(url).request("/speakers", headers=bearer)[0] == 200


def test_serve_refuses_another_host_without_a_token(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--db", "x.db"])
    assert result.exit_code == 2
    assert "--host 0.0.0.0 lets other machines in: give --token (or QUOTES_TOKEN)" in result.output
    assert not Path("x.db").exists()


def test_the_page_stays_open_while_ingest_and_reattribute_write(site: Site, tmp_path: Path) -> None:
    client = Client(site.url)
    page = client.request("/review?speaker=peskov")[1]
    csrf = re.search(r'name="csrf" value="(\w+)"', page)
    shown = re.search(r'data-quote="(\w+)"', page)
    assert csrf and shown
    client.request("/reviewer", {"csrf": csrf.group(1), "reviewer": "Ann"})
    later = tmp_path / "later"
    later.mkdir()
    (later / "later.txt").write_text(
        ' date 2024-04-01 "Wheat prices will fall by autumn," Peskov said.', encoding="utf-8"
    )
    site.cli("ingest", "-q", str(later))
    # Reattribute writes every stored quote again; the quote on the page keeps its id.
    site.cli("reattribute", "-q")
    form = {"csrf": csrf.group(1), "action": "confirm", "speaker": "peskov", "i": "0"}
    assert client.request(f"/review/{shown.group(1)}", form)[0] == 303
    assert "review:     confirmed" in site.cli("show", shown.group(1))
    answer = client.request("/?speaker=peskov&topic=wheat")[1]
    assert "Wheat prices will fall by autumn," in answer


def test_serve_says_in_one_line_when_the_database_cannot_open(
    runner: CliRunner, tmp_path: Path
) -> None:
    missing = tmp_path / "no" / "such" / "quotes.db"
    result = runner.invoke(cli, ["serve", "--db", str(missing)])
    assert result.exit_code == 1
    # serve reads an existing database and never makes one.
    assert result.output == (
        f"Error: no database at {missing}; run `quotes ingest` first (or check --db)\n"
    )
    assert not missing.parent.exists()


def test_the_environment_fills_in_reviewer_and_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_REVIEWER", "Night Desk")
    monkeypatch.setenv("QUOTES_TOKEN", "t0k")
    assert settings_from("x.db", None, "0.0.0.0", None, None) == Settings(
        "x.db", None, "Night Desk", "t0k"
    )
    # Options come before the environment.
    assert settings_from(None, None, "::1", "Ann", "opt") == Settings(None, None, "Ann", "opt")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_fixed_reviewer_is_on_every_decision_and_never_asked(
    db_url: str, tmp_path: Path, runner: CliRunner
) -> None:
    ingest_articles(tmp_path / "articles", db_url, runner)
    site = Site("", db_url, runner)
    uid = str(quote_ids(site)["The grain corridor stays closed for now."]["id"])
    with serving(Settings(db_url=db_url, reviewer="Night Desk")) as url:
        client = Client(url)
        page = client.request("/review")[1]
        assert 'id="reviewer-name"' not in page
        csrf = re.search(r'name="csrf" value="(\w+)"', page)
        assert csrf
        # A reviewer cookie cannot stand in for the fixed name.
        session = next(c.value for c in client.jar if c.name == "quotes_session")
        cookie = {"Cookie": f"quotes_session={session}; quotes_reviewer=Mallory"}
        form = {"csrf": csrf.group(1), "action": "none", "i": "0"}
        assert client.request(f"/review/{uid}", form, cookie)[0] == 303
    shown = site.cli("show", uid)
    assert "review:     none" in shown
    assert re.search(r"\n  \S+  Night Desk  none peskov -> none", shown), shown
