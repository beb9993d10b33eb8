"""The preview server: site/ for phones, rebuilt and reloaded on every save.

Pieces, each in its own module: :mod:`~dacu.serve.watch` notices saves,
:mod:`~dacu.serve.changes` decides what they need, :mod:`~dacu.serve.builder`
rebuilds in a worker thread, and this module serves site/ with Tornado and
tells the browsers through livereload's WebSocket handler.

Why not ``livereload.Server``: it rebuilds inside the server loop (a phone
waits while a build runs), drops any reload within 3 s of the previous one,
injects its script only before a lowercase ``</head>`` in the first 64 KB,
and its static handler follows symlinks out of the root and lists nothing
but answers folders with 403. So this module keeps livereload's WebSocket
protocol handler and its client script, and replaces the rest.

Threads: the Tornado loop (serving, WebSockets), the watcher, the builder.
The builder reports back with ``call_soon_threadsafe``; nothing else crosses.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sys
import threading
import time
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from dacu.serve import network
from dacu.serve.access import (TOKEN_PARAM, WRONG_HOST_SENTENCE, Access, Decision, forbidden_page, host_allowed,
                               host_name, on_site, without_token)
from dacu.serve.builder import Builder, BuildFn, Status
from dacu.serve.changes import Layout, Plan, Reload
from dacu.serve.files import content_type, is_html, resolve
from dacu.serve.inject import inject
from dacu.serve.texts import site_language, texts_attribute
from dacu.serve.watch import Watcher

STATUS_URL = "/_dacu/status.json"
CLIENT_URL = "/_dacu/client.js"
_WHOLE_FILE_LIMIT = 4 * 1024 * 1024  # larger files are streamed in chunks

# livereload's own reload path (LiveReloadHandler.poll_tasks) drops a reload
# within 3 s of the previous one. It is never used here: each server's Hub
# sends reloads itself to the sockets it took out of livereload's set, so no
# class attribute of livereload needs changing.


class Hub:
    """The browsers of one server, and the messages they understand.

    livereload keeps its connections in one set shared by the whole process;
    each server keeps its own, so two previews (or tests) do not cross-talk.
    Used from the event loop thread only.
    """

    def __init__(self) -> None:
        self.sockets: set[WebSocketHandler] = set()

    def reload(self, path: str = "/", *, css: bool = False) -> None:
        """Reload the page, or with ``css`` swap the stylesheet at ``path`` in place."""
        self._send({"command": "reload", "path": path, "liveCSS": css, "liveImg": False})

    def status_changed(self) -> None:
        """Ask the page's dacu script to fetch the status (overlay, review marks)."""
        self._send({"command": "reload", "path": STATUS_URL, "liveCSS": False, "liveImg": False})

    def close_all(self) -> None:
        for socket in list(self.sockets):
            socket.close()
        self.sockets.clear()

    def _send(self, message: dict[str, Any]) -> None:
        text = json.dumps(message)
        for socket in list(self.sockets):
            try:
                socket.write_message(text)
            except WebSocketClosedError:
                self.sockets.discard(socket)


class PreviewServer:
    """Builds ``root``, serves its output and keeps the browsers current.

    ``build`` defaults to :func:`dacu.build.build_site`; tests pass their own
    (with ``watch_packaged_theme=False`` when it does not read dacu's theme).
    Use :meth:`run` to serve in this thread, or :meth:`start` / :meth:`stop`
    to serve from a background thread.
    """

    def __init__(self, root: Path, *, build: BuildFn | None = None, host: str | None = None,
                 port: int = 8000, token: bool = True, now: datetime | None = None,
                 strict: bool = False, watch: bool = True, watch_packaged_theme: bool = True,
                 err: TextIO | None = None, language: str | None = None) -> None:
        self.root = root.resolve()
        self.layout = read_layout(self.root)
        self.err = err if err is not None else sys.stderr
        self._language = language  # None: the site's own setting, read again when it changes
        self._texts = texts_attribute(language or site_language(self.root))  # the overlay's words
        self.builder = Builder(self.root, build or _engine_build(), now=now, strict=strict, language=language,
                               on_done=self._built_in_worker, log=self._log, usage_errors=_usage_errors())
        self.watcher = (Watcher(self.root, lambda: self.layout, self._submit, packaged_theme=watch_packaged_theme)
                        if watch else None)
        self.hub = Hub()
        self._host = host
        self._requested_port = port
        self._token = token
        self.sockets: list[Any] = []
        self.port = 0
        self.access = Access(None)
        self.allowed_hosts: frozenset[str] = frozenset()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_state = "ok"

    # -- lifecycle ----------------------------------------------------------------

    @property
    def site(self) -> Path:
        return self.root / self.layout.output

    @property
    def base_url(self) -> str:
        """``http://<lan address>:<port>/``, without the token."""
        return f"http://{network.public_host(self._host)}:{self.port}/"

    @property
    def hosts(self) -> frozenset[str]:
        """The host names requests may carry: the printed address and the one bound (localhost always)."""
        names = {host_name(network.public_host(self._host))}
        if self._host is not None and self._host not in network.ALL_INTERFACES:
            names.add(host_name(self._host if ":" not in self._host else f"[{self._host}]"))
        return frozenset(names)

    @property
    def url(self) -> str:
        """The address to print and encode: with the token when there is one."""
        return self.access.address(self.base_url)

    def first_build(self) -> Status:
        """The build before serving (synchronous), reported on the terminal.

        The watcher starts first: a save during this build is queued for the
        builder, not lost.
        """
        if self.watcher is not None:
            self.watcher.start()
        try:
            status = self.builder.build_now()
        except BaseException:
            if self.watcher is not None:
                self.watcher.stop()
            raise
        self._last_state = status.state
        self._report(status, Plan())
        return status

    def bind(self) -> None:
        """Take the port (the next free one if it is taken) and make the token for it."""
        self.sockets, self.port = network.bind(self._host, self._requested_port)
        self.access = Access.for_port(self._token, self.port)
        self.allowed_hosts = self.hosts   # once: the LAN address is looked up, not asked per request

    def run(self) -> None:
        """Serve until :meth:`stop` (or Ctrl+C); call :meth:`bind` first."""
        try:
            asyncio.run(self._main())
        except KeyboardInterrupt:
            pass

    def start(self, timeout: float = 10.0) -> None:
        """Serve from a background thread; returns once requests are answered."""
        self._thread = threading.Thread(target=self.run, name="dacu-serve", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the preview server did not start")

    def stop(self, timeout: float = 10.0) -> None:
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stopped.set)
        if self._thread is not None:
            self._thread.join(timeout)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        http = HTTPServer(self._application())
        http.add_sockets(self.sockets)
        self.builder.start()
        self._ready.set()
        try:
            await self._stopped.wait()
        finally:
            http.stop()
            self.hub.close_all()
            if self.watcher is not None:
                self.watcher.stop()
            self.builder.stop()
            await http.close_all_connections()

    def _application(self) -> web.Application:
        args = {"server": self}
        return web.Application(
            [
                (r"/livereload", ReloadSocket, args),
                (r"/livereload\.js", LiveReloadScript, args),
                (CLIENT_URL.replace(".", r"\."), ClientScript, args),
                (STATUS_URL.replace(".", r"\."), StatusHandler, args),
                (r"/.*", SiteHandler, args),
            ],
            log_function=_log_errors_only,
            websocket_ping_interval=20,  # notice phones that went to sleep
            compress_response=False,
        )

    # -- rebuilding -------------------------------------------------------------

    def _submit(self, plan: Plan) -> None:
        if plan.settings:
            self.layout = read_layout(self.root)  # the theme or output folder may have moved
            if self._language is None:
                self._texts = texts_attribute(site_language(self.root))
        self.builder.submit(plan)

    def _built_in_worker(self, status: Status, plan: Plan) -> None:
        loop = self._loop
        if loop is None:
            return
        try:
            loop.call_soon_threadsafe(self._built, status, plan)
        except RuntimeError:
            pass  # the server stopped while this build ran: nobody to tell

    def _built(self, status: Status, plan: Plan) -> None:
        """Tell the browsers (event loop thread): overlay, stylesheet swap or reload."""
        was_ok, self._last_state = self._last_state == "ok", status.state
        self._report(status, plan)
        if status.state == "failed":
            self.hub.status_changed()  # site/ is unchanged: no reload, just the findings
        elif plan.reload is Reload.CSS and was_ok:
            self.hub.status_changed()
            self.hub.reload(plan.css_paths[0], css=True)  # the client swaps every changed sheet at once
        else:
            self.hub.reload("/")

    # -- terminal -----------------------------------------------------------------

    def _log(self, text: str) -> None:
        print(text, file=self.err, flush=True)

    def _report(self, status: Status, plan: Plan) -> None:
        clock = time.strftime("%H:%M:%S")
        why = f" after {plan.describe()}" if plan else ""
        warnings = len(status.findings) - len(status.errors)
        if status.state == "ok":
            extra = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
            self._log(f"{clock} built {status.pages} pages in {status.seconds:.2f} s{why}{extra}")
            return
        errors = status.errors
        self._log(f"{clock} build failed{why}: {len(errors)} error{'s' * (len(errors) != 1)}; "
                  "the preview keeps the last good pages and shows the errors on them")
        for f in errors:
            place = f.get("file") or "(dacu)"
            if f.get("line") is not None:
                place += f":{f['line']}"
            if f.get("key"):
                place += f" ({f['key']})"
            self._log(f"  {place}: {f.get('message', '')} [{f.get('rule', '')}]")

    # -- pages --------------------------------------------------------------------

    def snippet(self) -> bytes:
        """The script tag added to every page; it knows the build the page came from."""
        status = self.builder.status
        return (f'<script src="{CLIENT_URL}" data-run="{status.run}" '
                f'data-generation="{status.generation}" {self._texts} defer></script>').encode()


def read_layout(root: Path) -> Layout:
    """Theme and output folder from the site's settings (defaults when unreadable)."""
    from dacu.core import Findings
    from dacu.core import load_settings

    try:
        settings = load_settings(root, Findings())
    except Exception:  # settings problems are the build's findings to report, not ours
        return Layout()
    return Layout(theme=settings.theme, output=settings.output)


def _engine_build() -> BuildFn:
    """The engine's build_site with one session for the server's life (compiled templates kept across saves)."""
    from dacu.build import build_site
    from dacu.session import Session

    return functools.partial(build_site, session=Session())


def _usage_errors() -> tuple[type[Exception], ...]:
    from dacu.core.usage import UsageProblem

    return (UsageProblem,)


def _log_errors_only(handler: web.RequestHandler) -> None:
    # Tornado logs every 404 as a warning; a preview's favicon misses are noise.
    if handler.get_status() >= 500:
        request = handler.request
        print(f"dacu: {handler.get_status()} {request.method} {request.uri}", file=sys.stderr)


# -- request handlers -------------------------------------------------------------

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
        text = ("<!doctype html><html><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>404 · dacu preview</title></head>"
                "<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem\">"
                "<p>Not found: the preview serves the pages of the last good build, "
                "and this is not one of them.</p></body></html>")
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
    """The dacu client (overlay, review mode); it loads livereload.js itself."""

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
    return resources.files("dacu.serve").joinpath("client.js").read_bytes()


def open_in_browser(url: str, delay: float = 0.5) -> None:
    """Open ``url`` in the desktop browser once the server had time to start."""
    import webbrowser

    timer = threading.Timer(delay, webbrowser.open, args=(url,))
    timer.daemon = True
    timer.start()
