"""The preview's request handlers: site/, the status, the scripts, the reload socket.

Each handler gets its :class:`~dacu.serve.server.PreviewServer` and lets a
request in only with the token or its cookie (:class:`Guarded`).
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.websocket import WebSocketHandler

from dacu.serve.access import (TOKEN_PARAM, WRONG_HOST_SENTENCE, Decision, forbidden_page, host_allowed, on_site,
                               without_token)
from dacu.serve.files import content_type, is_html, resolve
from dacu.core.i18n import msg
from dacu.serve.inject import inject

if TYPE_CHECKING:
    from dacu.serve.server import PreviewServer

STATUS_URL = "/_dacu/status.json"
CLIENT_URL = "/_dacu/client.js"
_WHOLE_FILE_LIMIT = 4 * 1024 * 1024  # larger files are streamed in chunks
#: The theme's static files, named by their content (dacu.render.theme.fingerprint).
_FINGERPRINTED = re.compile(r"^/static/(?:[^/]+/)*[^/]+\.[0-9a-f]{8}\.[A-Za-z0-9]+$")


class Guarded(web.RequestHandler):
    """Lets a request in by token or cookie (see :mod:`dacu.serve.access`)."""

    server: PreviewServer
    #: Page requests drop the token from the address; a WebSocket cannot redirect.
    redirects_on_grant = True

    def initialize(self, server: PreviewServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        # Unreleased prices: keep them out of other sites' Referer headers,
        # of search engines and of shared caches.
        self.set_header("Referrer-Policy", "same-origin")
        self.set_header("X-Robots-Tag", "noindex, nofollow")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Cache-Control", "no-cache")

    def prepare(self) -> None:
        if not host_allowed(self.request.headers.get("Host"), self.server.allowed_hosts):
            # DNS rebinding: a page from another site, resolved to this machine, reads
            # the preview under its own name. Only the printed names are answered.
            self.set_status(421)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(WRONG_HOST_SENTENCE)
            return
        access = self.server.access
        decision = access.decide(self.get_query_argument(TOKEN_PARAM, None),
                                 self.get_cookie(access.cookie_name))
        if decision is Decision.DENY:
            self.set_status(403)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(forbidden_page())
        elif decision is Decision.GRANT and self.request.method in ("GET", "HEAD") and self.redirects_on_grant:
            self.add_header("Set-Cookie", access.cookie_header())
            self.redirect(without_token(self.request.path, self.request.query), status=303)


class SiteHandler(Guarded):
    """Files of site/, and only them (see :mod:`dacu.serve.files`)."""

    SUPPORTED_METHODS = ("GET", "HEAD")

    async def get(self) -> None:
        await self._send(body=True)

    async def head(self) -> None:
        await self._send(body=False)

    async def _send(self, body: bool) -> None:
        target = resolve(self.server.site, self.request.path)
        if target is not None and target.redirect is not None:
            query = self.request.query
            self.redirect(on_site(target.redirect) + (f"?{query}" if query else ""))
            return
        if target is None or target.file is None:
            self._not_found(body)
            return
        path = target.file
        try:
            if is_html(path):
                self._send_page(path.read_bytes(), body)
            else:
                await self._send_file(path, body)
        except (FileNotFoundError, NotADirectoryError):
            self._not_found(body)  # swapped away by a build between resolve and open

    def _send_page(self, html: bytes, body: bool, status: int = 200) -> None:
        page = inject(html, self.server.snippet())
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        # WeChat's and other in-app browsers cache hard; a preview must never show an old build.
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Length", str(len(page)))
        self.finish(page if body else None)

    async def _send_file(self, path: Path, body: bool) -> None:
        st = path.stat()
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        self.set_header("Content-Type", content_type(path))
        if _FINGERPRINTED.search(self.request.path):
            # The name is the content (dacu.3f2a9c1b.css): a reload after a save need not ask again,
            # and the page's blocking style sheets and script come from the browser's cache.
            self.set_header("Cache-Control", "max-age=31536000, immutable")
        self.set_header("ETag", etag)
        if etag in (self.request.headers.get("If-None-Match") or ""):
            self.set_status(304)
            self.finish()
            return
        if not body:
            self.set_header("Content-Length", str(st.st_size))
            self.finish()
            return
        with path.open("rb") as fh:
            if st.st_size <= _WHOLE_FILE_LIMIT:
                self.finish(fh.read())
                return
            while chunk := fh.read(256 * 1024):  # chunked transfer: the size may change under us
                self.write(chunk)
                await self.flush()
        self.finish()

    def _not_found(self, body: bool) -> None:
        # An HTML 404 with the preview script: when a build brings the page, it reloads.
        translate = self.server.translate
        title = html.escape(translate(msg("404 · dacu preview")))
        why = html.escape(translate(msg("Not found: the preview serves the pages of the last good build, "
                                        "and this is not one of them.")))
        text = ("<!doctype html><html><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>{title}</title></head>"
                "<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem\">"
                f"<p>{why}</p></body></html>")
        self._send_page(text.encode(), body, status=404)

    def compute_etag(self) -> None:
        return None  # pages are never cached; files carry their own ETag


class StatusHandler(Guarded):
    """The latest build's state and findings, for the overlay and review mode."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(self.server.builder.status.to_json(), ensure_ascii=False))


class ClientScript(Guarded):
    """The dacu client (in-place updates, overlay, review mode); it loads livereload.js itself."""

    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.finish(_client_js())


class LiveReloadScript(Guarded, LiveReloadJSHandler):  # type: ignore[misc]  # livereload is untyped
    """livereload.js from the livereload package, behind the token."""


class ReloadSocket(Guarded, LiveReloadHandler):  # type: ignore[misc]  # livereload is untyped
    """livereload's WebSocket protocol handler, behind the token, per server."""

    redirects_on_grant = False

    def check_origin(self, origin: str) -> bool:
        # livereload accepts any origin; only pages of this preview may listen.
        return WebSocketHandler.check_origin(self, origin)

    def on_message(self, message: str | bytes) -> None:
        super().on_message(message)
        # After the handshake livereload adds the socket to its process-wide set;
        # move it to this server's hub.
        if self in LiveReloadHandler.waiters:
            LiveReloadHandler.waiters.discard(self)
            self.server.hub.sockets.add(self)

    def on_close(self) -> None:
        self.server.hub.sockets.discard(self)
        super().on_close()


def _client_js() -> bytes:
    # Read on each request (a few KB, the page loads it once): no copy kept in the module.
    # update.js and targets.js first: they define what client.js uses (a rebuilt page brought in
    # place; the elements a finding is about). One response, so the page still loads one script.
    folder = resources.files("dacu.serve")
    return b"\n".join(folder.joinpath(name).read_bytes() for name in ("update.js", "targets.js", "client.js"))
