"""Who may see the preview: the token in the printed address, then a cookie.

Campaign prices are confidential until launch, and the preview listens on
the office network. The printed address (and its QR code) carries a random
token; the first request with it sets a cookie and redirects to the same
address without the token, so the token does not linger in the address bar,
in screenshots or in the Referer sent to a buy link. Every later request,
the reload WebSocket included, is let in by the cookie alone.

Everything here is pure except :func:`new_token`, so the rules are tested
without a server.
"""

from __future__ import annotations

import enum
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

TOKEN_PARAM = "token"

#: The one sentence a visitor without the token reads (with its Chinese twin).
FORBIDDEN_SENTENCE = ("This preview is private: open the address printed by "
                      "`python build.py serve` (or scan its QR code) to get in.")
FORBIDDEN_SENTENCE_ZH = "此预览不公开：请打开 `python build.py serve` 打印的地址（或扫描它的二维码）进入。"


class Decision(enum.Enum):
    ALLOW = "allow"    # a valid cookie, or no token required
    GRANT = "grant"    # a valid token in the query: set the cookie, redirect without it
    DENY = "deny"      # 403


def new_token() -> str:
    """16 URL-safe characters (96 random bits): short enough for a small QR code."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class Access:
    """The token of one server run (``None`` with ``--no-token``) and its cookie."""

    token: str | None
    cookie_name: str = "dacu_preview"

    @classmethod
    def for_port(cls, enabled: bool, port: int) -> Access:
        # Cookies ignore ports: two previews on one machine need two cookie names
        # or each would log the other out.
        return cls(new_token() if enabled else None, f"dacu_preview_{port}")

    def decide(self, query_token: str | None, cookie: str | None) -> Decision:
        """Whether a request with this ``?token=`` value and cookie value gets in."""
        if self.token is None:
            return Decision.ALLOW
        if query_token is not None and _same(query_token, self.token):
            return Decision.GRANT
        if cookie is not None and _same(cookie, self.token):
            return Decision.ALLOW
        return Decision.DENY

    def cookie_header(self) -> str:
        """The ``Set-Cookie`` value granted with the token.

        HttpOnly: no page script needs it. SameSite=Lax: sent when a reviewer
        taps the address in a chat app, not on requests other sites make.
        No Max-Age: the token changes with every server run anyway.
        """
        assert self.token is not None
        return f"{self.cookie_name}={self.token}; Path=/; HttpOnly; SameSite=Lax"

    def address(self, base: str) -> str:
        """``base`` (``http://host:port/``) with the token, as printed and QR-encoded."""
        return base if self.token is None else f"{base}?{TOKEN_PARAM}={self.token}"


def _same(given: str, expected: str) -> bool:
    # Constant time, so the token cannot be guessed a character at a time.
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def without_token(path: str, query: str) -> str:
    """The request target with the ``token`` parameter removed (other parameters kept).

    Always a path on this server: ``//evil.com/`` or ``/\\evil.com`` would be
    read by a browser as another host, and the redirect carries the cookie grant.
    """
    rest = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != TOKEN_PARAM]
    return on_site(path) + ("?" + urlencode(rest) if rest else "")


def on_site(path: str) -> str:
    """``path`` as a path on this server: one leading slash, never a host (``//host``, ``/\\host``)."""
    return "/" + path.lstrip("/\\")


#: Host names every preview answers to, besides the address it printed.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(header: str | None) -> str:
    """The host name of a ``Host`` header: without port or brackets, lower case."""
    text = (header or "").strip().lower()
    if text.startswith("["):
        return text[1:text.find("]")] if "]" in text else ""
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.rstrip(".")


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """Whether a request's ``Host`` names this preview (DNS rebinding sends another name)."""
    return host_name(header) in allowed | LOCAL_HOSTS


#: The one sentence a request for another host name reads.
WRONG_HOST_SENTENCE = "This preview answers only at the address it printed, or at localhost."


def forbidden_page() -> str:
    """The 403 body: readable on a phone, no secrets, no scripts."""
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>403 · dacu preview</title></head>"
        "<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:32rem\">"
        f"<p>{_html(FORBIDDEN_SENTENCE)}</p><p lang=\"zh-CN\">{_html(FORBIDDEN_SENTENCE_ZH)}</p>"
        "</body></html>"
    )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
