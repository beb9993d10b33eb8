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
from pathlib import Path
from typing import Any, TextIO

from tornado import web
from tornado.httpserver import HTTPServer
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from dacu.core.i18n import Translator, msg
from dacu.serve import network
from dacu.serve.access import Access, host_name
from dacu.serve.builder import Builder, BuildFn, Status
from dacu.serve.changes import Layout, Plan, Reload
from dacu.serve.handlers import (CLIENT_URL, STATUS_URL, ClientScript, LiveReloadScript, ReloadSocket, SiteHandler,
                                 StatusHandler)
from dacu.serve.texts import site_language, texts_attribute
from dacu.core.i18n import Message, Translator, msg
from dacu.report.text import count_errors, count_pages, count_warnings
from dacu.serve.watch import Watcher

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
        self.last_sent_at = 0.0  # wall clock (time.time()) of the latest message: the preview's timeline

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
        self.last_sent_at = time.time()
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
        self.translate = Translator(language or site_language(self.root))  # the terminal's and the overlay's words
        self._texts = texts_attribute(self.translate.language)
        self.builder = Builder(self.root, build or _engine_build(), now=now, strict=strict, language=language,
                               translate=lambda message: self.translate(message),
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
                self.translate = Translator(site_language(self.root))
                self._texts = texts_attribute(self.translate.language)
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
        warnings = len(status.findings) - len(status.errors)
        if status.state == "ok":
            line = _after(msg("{clock} built {pages} in {seconds:.2f} s", clock=clock, pages=count_pages(status.pages),
                              seconds=status.seconds), plan)
            if warnings:
                line = msg("{line}, {warnings}", line=line, warnings=count_warnings(warnings))
            self._log(self.translate(line))
            return
        errors = status.errors
        failed = _after(msg("{clock} build failed", clock=clock), plan)
        self._log(self.translate(msg("{line}: {errors}; the preview keeps the last good pages and shows the errors on "
                                     "them", line=failed, errors=count_errors(len(errors)))))
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


def _after(line: Message, plan: Plan) -> Message:
    """``line`` followed by the save that caused it: "after content/a.md and 2 more"."""
    if not plan.changes:
        return line
    more = len(plan.changes) - 1
    change = plan.changes[0].path if not more else msg("{path} and {more} more", path=plan.changes[0].path, more=more)
    return msg("{line} after {change}", line=line, change=change)


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
        print(f"dacu: {handler.get_status()} {request.method} {request.uri}", file=sys.stderr)  # a log line, not prose


def open_in_browser(url: str, delay: float = 0.5) -> None:
    """Open ``url`` in the desktop browser once the server had time to start."""
    import webbrowser

    timer = threading.Timer(delay, webbrowser.open, args=(url,))
    timer.daemon = True
    timer.start()
