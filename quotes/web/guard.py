"""What keeps the pages safe to serve: the access token, the CSRF token, response headers.

A browser session is a random id in a cookie; the CSRF token a form carries is an HMAC of
it under a key made when the server starts, so a page of another site can neither read nor
forge it, and a restart invalidates every open form.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

SESSION_COOKIE = "quotes_session"
TOKEN_COOKIE = "quotes_token"
REVIEWER_COOKIE = "quotes_reviewer"
CSRF_FIELD = "csrf"

# Scripts and styles only from the server itself: an article's markup, were it ever let
# through unescaped, could still run nothing.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server to this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_session() -> str:
    return secrets.token_urlsafe(24)


class Guard:
    """The server's secrets: the access token (if any) and the key CSRF tokens are made with."""

    def __init__(self, token: str | None) -> None:
        self.token = token or None
        self._key = secrets.token_bytes(32)

    def allows(self, offered: str | None) -> bool:
        """Whether a request carrying ``offered`` may be served."""
        if self.token is None:
            return True
        return offered is not None and hmac.compare_digest(
            offered.encode("utf-8"), self.token.encode("utf-8")
        )

    def csrf(self, session: str) -> str:
        return hmac.new(self._key, session.encode("ascii", "replace"), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: str | None, offered: str | None) -> bool:
        if not session or not offered:
            return False
        return hmac.compare_digest(self.csrf(session), offered)
