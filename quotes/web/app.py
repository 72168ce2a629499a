"""The ``quotes serve`` application: server-rendered pages over one database.

Starlette runs the plain (``def``) endpoints in a thread pool, so each request reads the
database in its own SQLAlchemy session while ``quotes ingest`` may write to it (WAL on
SQLite). Every page escapes what it shows (Jinja autoescape), every change is a POST that
carries a CSRF token, and any error reaches the browser as one line.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, unquote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from quotes import config
from quotes.attribute.registry import Registry, load_registry
from quotes.db.engine import in_transaction, open_database, session_factory
from quotes.db.models import Review
from quotes.db.store import sync_speakers
from quotes.errors import QuotesError, RegistryError
from quotes.report.audit import AuditFilter
from quotes.web import queries
from quotes.web.guard import (
    CSRF_FIELD,
    HEADERS,
    REVIEWER_COOKIE,
    SESSION_COOKIE,
    TOKEN_COOKIE,
    Guard,
    is_loopback,
    new_session,
)
from quotes.web.settings import Settings

HERE = Path(__file__).resolve().parent
# The review log's reviewer column holds this many characters (PostgreSQL enforces it).
REVIEWER_LENGTH: int = Review.__table__.c.reviewer.type.length  # type: ignore[attr-defined]
ASK_LIMIT = 20
# The queue page lists this many items after the one being reviewed.
UPCOMING = 8
ACTIONS = ("confirm", "speaker", "none", "reject", "undo")
SHEET_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@dataclass(slots=True)
class State:
    sessions: sessionmaker[Session]
    registry: Registry
    guard: Guard
    reviewer: str | None
    templates: Jinja2Templates


def valid_reviewer(name: str | None) -> str | None:
    """The name stripped, if it can go in the log (1 to REVIEWER_LENGTH printable characters)."""
    name = (name or "").strip()
    if not name or len(name) > REVIEWER_LENGTH or not name.isprintable():
        return None
    return name


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = lambda value: value.isoformat() if value else "undated"
    env.filters["query"] = lambda params: urlencode({k: v for k, v in params.items() if v})
    return env


def create_app(settings: Settings) -> Starlette:
    """The application over ``settings.db_url``: an existing database at the newest schema
    (``quotes ingest`` makes one, ``quotes db upgrade`` migrates it); reviews write to it."""
    engine = open_database(config.database_url(settings.db_url), access="write")
    sessions = session_factory(engine)
    registry = load_registry(config.speakers_path(settings.speakers_file))
    in_transaction(sessions, lambda session: sync_speakers(session, registry))
    reviewer = valid_reviewer(settings.reviewer) if settings.reviewer else None
    if settings.reviewer and reviewer is None:
        raise QuotesError(f"--reviewer: give a name of 1 to {REVIEWER_LENGTH} characters")
    state = State(
        sessions,
        registry,
        Guard(settings.token),
        reviewer,
        Jinja2Templates(env=_environment()),
    )
    routes = [
        Route("/", _page(ask_page)),
        Route("/speakers", _page(speakers_page)),
        Route("/speaker/{key}", _page(speaker_page)),
        Route("/speaker/{key}/sheet.{fmt}", _page(sheet_download)),
        Route("/claim/{claim_id:int}", _page(claim_page)),
        Route("/quote/{quote_id}", _page(quote_page)),
        Route("/document/{quote_id}", _page(document_page)),
        Route("/review", _page(review_page)),
        Route("/review/{quote_id}", review_action, methods=["POST"]),
        Route("/reviewer", set_reviewer, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=_guard_requests)],
        exception_handlers={
            QuotesError: _quotes_error,
            SQLAlchemyError: _database_error,
            HTTPException: _http_error,
            Exception: _any_error,
        },
    )
    app.state.quotes = state
    return app


def _state(request: Request) -> State:
    return cast(State, request.app.state.quotes)


# --- safety ---------------------------------------------------------------------------------


async def _guard_requests(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """The access token on every request, a browser session for CSRF, the safety headers."""
    guard = _state(request).guard
    if guard.token is None and not is_loopback(request.url.hostname or ""):
        # Without a token only this machine is let in, and a page elsewhere that points its
        # own name at 127.0.0.1 (DNS rebinding) would read our pages and CSRF tokens as its
        # own: so the Host must name the loopback too.
        return _secured(
            _one_line("this server answers to 127.0.0.1 and localhost only; see --token", 403)
        )
    if guard.token is not None:
        offered = request.query_params.get("token")
        if offered is not None and guard.allows(offered):
            # Taken from the link `quotes serve` printed once, then kept in a cookie so it
            # does not linger in the address bar, history or a shared link.
            rest = {k: v for k, v in request.query_params.items() if k != "token"}
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response: Response = RedirectResponse(target, status_code=303)
            response.set_cookie(TOKEN_COOKIE, offered, httponly=True, samesite="strict")
            return _secured(response)
        bearer = request.headers.get("authorization", "")
        carried = bearer[7:] if bearer.lower().startswith("bearer ") else None
        if not guard.allows(carried or request.cookies.get(TOKEN_COOKIE)):
            return _secured(
                _one_line(
                    "this server needs its access token: open the link `quotes serve` printed",
                    403,
                )
            )
    session = request.cookies.get(SESSION_COOKIE)
    fresh = session is None
    request.state.session = session or new_session()
    response = await call_next(request)
    if fresh:
        response.set_cookie(SESSION_COOKIE, request.state.session, httponly=True, samesite="strict")
    return _secured(response)


def _secured(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _one_line(message: str, status: int) -> Response:
    """An error as a page of one line: never a traceback, never the database's own words."""
    body = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>quotes: error</title>'
        '<link rel="stylesheet" href="/static/app.css"></head><body>'
        f'<p class="error">{escape(message)}</p></body></html>'
    )
    return HTMLResponse(body, status_code=status)


async def _quotes_error(request: Request, exc: Exception) -> Response:
    return _one_line(str(exc), 404 if "no quote" in str(exc) else 400)


async def _database_error(request: Request, exc: Exception) -> Response:
    if "locked" in str(getattr(exc, "orig", "")):
        return _one_line("the database is busy with another writer; try again in a moment", 503)
    # The driver's own words can carry the URL and its password: only the kind is shown.
    return _one_line(
        f"database error ({type(exc).__name__}); check --db and run `quotes db upgrade`", 503
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _one_line(str(exc.detail), exc.status_code)


async def _any_error(request: Request, exc: Exception) -> Response:
    return _one_line(f"internal error ({type(exc).__name__}); the server log has the details", 500)


def _csrf_checked(request: Request, form: Any) -> None:
    session = request.cookies.get(SESSION_COOKIE)
    if not _state(request).guard.csrf_ok(session, form.get(CSRF_FIELD)):
        raise HTTPException(
            403, "refused: this form's CSRF token is missing or stale; reload the page and retry"
        )


# --- pages ----------------------------------------------------------------------------------

Endpoint = Callable[[Request, Session], Response]


def _page(endpoint: Endpoint) -> Callable[[Request], Response]:
    """A plain endpoint given a read session of its own (run in Starlette's thread pool)."""

    @functools.wraps(endpoint)
    def wrapped(request: Request) -> Response:
        with _state(request).sessions() as session:
            return endpoint(request, session)

    return wrapped


def _reviewer(request: Request) -> str | None:
    state = _state(request)
    return state.reviewer or valid_reviewer(unquote(request.cookies.get(REVIEWER_COOKIE, "")))


def _render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    state = _state(request)
    context.update(
        csrf=state.guard.csrf(request.state.session),
        reviewer=_reviewer(request),
        reviewer_fixed=state.reviewer is not None,
        speakers=queries.speaker_choices(state.registry),
    )
    return state.templates.TemplateResponse(request, name, context, status_code=status)


def ask_page(request: Request, session: Session) -> Response:
    speaker = request.query_params.get("speaker", "").strip()
    topic = request.query_params.get("topic", "").strip()
    result, problem = None, None
    if speaker:
        try:
            key = queries.lookup_speaker(_state(request).registry, speaker)
        except RegistryError as exc:
            problem = str(exc)
        else:
            result = queries.ask_claims(session, key, topic or None, ASK_LIMIT)
    return _render(
        request, "ask.html", speaker_query=speaker, topic=topic, result=result, problem=problem
    )


def speakers_page(request: Request, session: Session) -> Response:
    return _render(request, "speakers.html")


def _speaker_key(request: Request) -> str:
    key = request.path_params["key"]
    if key not in {s.key for s in _state(request).registry}:
        raise HTTPException(404, f"no speaker {key!r} in the registry")
    return str(key)


def speaker_page(request: Request, session: Session) -> Response:
    sheet = queries.sheet_view(session, _state(request).registry, _speaker_key(request))
    return _render(request, "speaker.html", sheet=sheet, formats=queries.SHEET_FORMATS)


def sheet_download(request: Request, session: Session) -> Response:
    key, fmt = _speaker_key(request), request.path_params["fmt"]
    if fmt not in queries.SHEET_FORMATS:
        raise HTTPException(404, f"no sheet format {fmt!r}; choose md, html, csv or json")
    body = queries.sheet_file(session, _state(request).registry, key, fmt)
    disposition = f'attachment; filename="{key}.{fmt}"'
    return Response(body, media_type=SHEET_TYPES[fmt], headers={"Content-Disposition": disposition})


def claim_page(request: Request, session: Session) -> Response:
    claim_id = request.path_params["claim_id"]
    claim = queries.claim_view(session, claim_id)
    if claim is None:
        raise HTTPException(404, f"no claim {claim_id}: claims are listed on the Ask page")
    return _render(request, "claim.html", claim=claim)


def quote_page(request: Request, session: Session) -> Response:
    quote = queries.quote_view(session, request.path_params["quote_id"])
    return _render(request, "quote.html", quote=quote)


def document_page(request: Request, session: Session) -> Response:
    document = queries.document_view(session, request.path_params["quote_id"])
    return _render(request, "document.html", document=document)


# --- review ---------------------------------------------------------------------------------

FILTERS = ("speaker", "rule", "below", "unreviewed", "disputed")


def _filters(params: Any) -> dict[str, str]:
    """The queue's filters as given (only the ones set), to carry from page to page."""
    return {name: str(params.get(name, "")).strip() for name in FILTERS if params.get(name)}


def _below(value: str | None) -> float | None:
    if not value:
        return None
    try:
        below = float(value)
    except ValueError:
        raise QuotesError(f"confidence {value!r} is not a number from 0 to 1") from None
    if not 0 <= below <= 1:
        raise QuotesError(f"confidence {value!r} is not a number from 0 to 1")
    return below


def review_page(request: Request, session: Session) -> Response:
    state = _state(request)
    params = request.query_params
    filters = _filters(params)
    speaker = filters.get("speaker")
    key = queries.lookup_speaker(state.registry, speaker) if speaker else None
    chosen = AuditFilter(
        speaker=key,
        rule=filters.get("rule"),
        below=_below(filters.get("below")),
        unreviewed=bool(filters.get("unreviewed")),
    )
    queue = queries.review_queue(session, state.registry, chosen, bool(filters.get("disputed")))
    position = _position(params.get("i"), queue.total)
    last = params.get("last") or None
    # After a decision the page moves on, unless the quote decided left this place already.
    if params.get("step") and position < queue.total and queue.items[position].quote_id == last:
        position = min(position + 1, max(queue.total - 1, 0))
    item = queue.items[position] if position < queue.total else None
    last_quote = queries.quote_view(session, last) if last else None
    return _render(
        request,
        "review.html",
        queue=queue,
        item=item,
        position=position,
        upcoming=queue.items[position + 1 : position + 1 + UPCOMING],
        filters=filters,
        last=last_quote,
        history=queries.quote_view(session, item.quote_id).detail.history if item else (),
        rules=sorted({i.rule for i in queue.items}),
        message=params.get("message"),
    )


def _position(value: str | None, total: int) -> int:
    try:
        position = int(value or 0)
    except ValueError:
        position = 0
    return max(0, min(position, max(total - 1, 0)))


def _pick(registry: Registry, name: str) -> str:
    """A speaker chosen in the picker: a registry name or key exactly (case aside), no guess."""
    wanted = name.strip().casefold()
    for speaker in registry:
        if wanted in (speaker.key.casefold(), speaker.name.casefold()):
            return speaker.key
    raise QuotesError(f"no registry speaker is called {name.strip()!r}; pick a name from the list")


async def review_action(request: Request) -> Response:
    form = await request.form()
    _csrf_checked(request, form)
    state = _state(request)
    reviewer = _reviewer(request)
    back = _filters(form)
    if reviewer is None:
        raise HTTPException(400, "say who is reviewing first (the box at the top of the queue)")
    action = str(form.get("action", ""))
    if action not in ACTIONS:
        raise HTTPException(400, f"unknown review action {action!r}")
    speaker = str(form.get("assign", "")).strip()
    key = None
    if action == "speaker":
        if not speaker:
            raise QuotesError("reassign: type or pick the speaker's name first")
        key = _pick(state.registry, speaker)
    note = str(form.get("note", "")).strip() or None
    quote_id = request.path_params["quote_id"]

    def work(session: Session) -> queries.Decided:
        return queries.decide(session, quote_id, action, reviewer, key, note)  # type: ignore[arg-type]

    decided = await run_in_threadpool(in_transaction, state.sessions, work)
    target = {**back, "i": str(form.get("i", "0")), "last": decided.quote_id}
    if action != "undo":
        target["step"] = "1"
    return RedirectResponse(_review_url(target), status_code=303)


def _review_url(params: dict[str, str]) -> str:
    return "/review" + (f"?{urlencode(params)}" if params else "")


async def set_reviewer(request: Request) -> Response:
    form = await request.form()
    _csrf_checked(request, form)
    name = valid_reviewer(str(form.get("reviewer", "")))
    if name is None:
        raise HTTPException(400, f"give a reviewer name of 1 to {REVIEWER_LENGTH} characters")
    back = _filters(form)
    response = RedirectResponse(_review_url(back), status_code=303)
    # A year: the name is asked once per browser, and it is only a label in the log.
    response.set_cookie(
        REVIEWER_COOKIE, quote(name), max_age=365 * 86400, httponly=True, samesite="strict"
    )
    return response
