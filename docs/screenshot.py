"""Take docs/review-queue.png: the project's corpus/ served by `quotes serve`, in Chromium.

Run from the repository root: ``.venv/bin/python docs/screenshot.py``. Needs Debian's
chromium and the dev extra (Playwright, pointed at that browser: nothing is downloaded).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "review-queue.png"
QUOTES = str(Path(sys.executable).with_name("quotes"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("no chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "quotes.db")
        subprocess.run([QUOTES, "ingest", "-q", "--db", db, "corpus"], check=True, cwd=ROOT)
        port = free_port()
        server = subprocess.Popen(
            [QUOTES, "serve", "--db", db, "--port", str(port), "--reviewer", "ana"]
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        sys.exit("quotes serve did not start")
                    time.sleep(0.1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox"]
                )
                page = browser.new_page(viewport={"width": 1000, "height": 760})
                page.goto(f"http://127.0.0.1:{port}/review")
                page.screenshot(path=str(OUT))
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
