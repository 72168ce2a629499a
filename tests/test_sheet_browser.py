"""The HTML sheet in a real browser: quotes visible, article script shown as text, never run.

Uses Debian's headless Chromium (package ``chromium``; ``.ci/run`` installs it where it can).
Skipped, with the reason shown, where there is no browser.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from quotes.report.rows import SourceRow
from quotes.report.sheet import Sheet, SheetClaim, render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no headless browser: install Debian's chromium (apt-get install chromium)",
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WINDOW = (1000, 1400)

# If this ran, the page title would change and an element with id "owned" would appear.
ATTACK = (
    "<script>document.title='owned';"
    "document.body.insertAdjacentHTML('beforeend','<p id=\"owned\">owned</p>')</script>"
)
QUOTES = [
    "We will keep the western border calm and quiet.",
    "The union state grows stronger every single year.",
]


def hostile_sheet() -> Sheet:
    wire = SourceRow("corpus/minsk_wire.txt", date(2023, 4, 6), "Belta", "1")
    daily = SourceRow("corpus/daily.txt", date(2023, 4, 7), None, "2", outlet="The Daily")
    claims = [
        SheetClaim(
            claim_id=1,
            text=QUOTES[0],
            sentence=f"Lukashenko told reporters: “{QUOTES[0]}”",
            kind="full",
            date=date(2023, 4, 6),
            sources=[wire, daily],
            confidence=0.95,
            rule="cue_after_quote",
            review="confirmed",
            conflict=True,
            conflict_with=["Dmitry Peskov"],
        ),
        SheetClaim(
            claim_id=2,
            text=f"{QUOTES[1]} {ATTACK}",
            sentence='He added <img src="x" onerror="document.title=\'img\'"> later.',
            kind="full",
            date=date(2023, 5, 1),
            sources=[SourceRow("corpus/may.txt", date(2023, 5, 1), ATTACK, "3")],
            confidence=0.9,
            rule="cue_before_quote",
            review=None,
            conflict=False,
            conflict_with=[],
        ),
    ]
    return Sheet(
        speaker_key="lukashenko",
        name="Alexander Lukashenko",
        roles=["President of Belarus"],
        claims=claims,
        generated_at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
    )


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sheet") / "sheet.html"
    path.write_text(render(hostile_sheet(), "html"), encoding="utf-8")
    return path


def body_of(dom: str) -> str:
    match = re.search(r"<body[^>]*>(.*)</body>", dom, flags=re.S)
    assert match, dom[:500]
    return match.group(1)


def test_the_browser_runs_a_pages_own_script(tmp_path: Path) -> None:
    """The control: this page's script does run, so the sheet's silence below means something."""
    control = tmp_path / "control.html"
    control.write_text(
        f"<!DOCTYPE html><html><head><title>control</title></head><body><p>x</p>{ATTACK}"
        "</body></html>",
        encoding="utf-8",
    )
    dom = chromium(tmp_path, "--dump-dom", control.as_uri()).stdout
    assert "<title>owned</title>" in dom
    assert '<p id="owned">owned</p>' in dom


def test_quotes_are_visible_and_article_script_is_text_never_run(
    page: Path, tmp_path: Path
) -> None:
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "<title>Quote sheet: Alexander Lukashenko</title>" in dom
    body = body_of(dom)
    for quote in QUOTES:
        assert re.search(r'<blockquote class="quote">' + re.escape(quote), body), quote
    # The script is on the page as text, in the quote and as the source's agency...
    shown = ATTACK.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert body.count(shown) == 2
    # ...and nothing of it became an element or ran.
    assert "<script" not in dom
    assert '<p id="owned">' not in dom
    assert "<img" not in dom
    assert "owned</title>" not in dom and "<title>img</title>" not in dom
    assert '<p class="conflict"><strong>⚠ Conflict</strong>' in body


def png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the image data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, width, height, pixels = 8, 0, 0, b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunk = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            pixels += chunk
        offset += 12 + length
    return width, height, len(set(zlib.decompress(pixels)))


def test_screenshot_is_a_real_png_of_the_page(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "sheet.png"
    chromium(
        tmp_path,
        f"--screenshot={shot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--hide-scrollbars",
        page.as_uri(),
    )
    data = shot.read_bytes()
    width, height, colours = png_size_and_colours(data)
    assert (width, height) == WINDOW
    # A blank or one-colour page has a handful of byte values; text and rules have many.
    assert colours > 50


def test_print_to_pdf_gives_a_pdf(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "sheet.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" in data[-1024:]
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 1
    assert b"/Title (Quote sheet: Alexander Lukashenko)" in data
    # A4 from the sheet's @page rule: 595 x 842 points, give or take Chromium's rounding.
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes
    for width, height in boxes:
        assert abs(float(width) - 595) < 1 and abs(float(height) - 842) < 1
