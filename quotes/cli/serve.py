"""The ``quotes serve`` command: options in, the web application served by uvicorn."""

from __future__ import annotations

import os
import secrets

import click

from quotes.web.guard import is_loopback
from quotes.web.settings import Settings


@click.command("serve")
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="SQLAlchemy URL or SQLite file [env QUOTES_DB; default: quotes.db here].",
)
@click.option(
    "--speakers",
    "speakers_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Speaker registry TOML [env QUOTES_SPEAKERS; default: the packaged one].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--reviewer",
    help="Who reviews, written on every log row [env QUOTES_REVIEWER; else the page asks].",
)
@click.option(
    "--token",
    help="Access token every request must carry; required off 127.0.0.1 [env QUOTES_TOKEN].",
)
def serve_command(
    db_url: str | None,
    speakers_file: str | None,
    host: str,
    port: int,
    reviewer: str | None,
    token: str | None,
) -> None:
    """Serve pages to ask, read quote sheets and claims, and review attributions.

    Listens on 127.0.0.1 unless --host says otherwise; any other address needs
    --token (or QUOTES_TOKEN), and the printed link carries it once. Review
    decisions go into the same log as `quotes review`.

    \b
    Example:
      quotes serve --db team.db --reviewer "A. Editor"
      quotes serve --host 0.0.0.0 --port 8080 --token "$(openssl rand -hex 16)"
    """
    settings = settings_from(db_url, speakers_file, host, reviewer, token)
    # The web stack is loaded only by this command: the others start faster without it.
    import uvicorn

    from quotes.web.app import create_app

    app = create_app(settings)
    token = settings.token
    shown = f"[{host}]" if ":" in host else host
    link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"serving on {link}  (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def settings_from(
    db_url: str | None,
    speakers_file: str | None,
    host: str,
    reviewer: str | None,
    token: str | None,
) -> Settings:
    """The options with QUOTES_REVIEWER and QUOTES_TOKEN filled in; no token off loopback."""
    token = token or os.environ.get("QUOTES_TOKEN") or None
    reviewer = reviewer or os.environ.get("QUOTES_REVIEWER") or None
    if not is_loopback(host) and token is None:
        raise click.UsageError(
            f"--host {host} lets other machines in: give --token (or QUOTES_TOKEN), e.g."
            f" --token {secrets.token_hex(16)}"
        )
    return Settings(db_url, speakers_file, reviewer, token)
