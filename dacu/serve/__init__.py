"""``python build.py serve``: the phone preview, rebuilt and reloaded on every save.

:func:`serve` builds the site, takes a port, prints the address (with its
access token) on a line of its own with a QR code under it, and serves until
Ctrl+C. The modules, in the order a save travels through them:

    watch     watchfiles events -> changes            (a thread)
    changes   a changed path -> the smallest rebuild  (pure)
    builder   coalesced rebuilds, the build status    (a thread)
    server    Tornado: site/, status, WebSocket       (the event loop)
    files     a URL path -> a file inside site/       (pure)
    access    the token and its cookie                (pure)
    inject    the preview script into each page       (pure)
    network   the LAN address and a free port
    qr        the address as a terminal QR code
    client.js the browser side: reload, overlay, review mode
    update.js a rebuilt page brought into the open one in place
    targets.js the elements of the page a finding is about (review mode)
"""

from __future__ import annotations

import ipaddress
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from dacu.core.i18n import Message, Translator, msg
from dacu.serve import qr
from dacu.serve.network import ALL_INTERFACES
from dacu.serve.builder import BuildFn
from dacu.serve.server import PreviewServer, open_in_browser

__all__ = ["serve", "PreviewServer"]


def serve(root: Path, *, host: str | None = None, port: int = 8000, token: bool = True,
          now: datetime | None = None, open_browser: bool = False, strict: bool = False,
          build: BuildFn | None = None, out: TextIO | None = None, err: TextIO | None = None,
          language: str | None = None) -> None:
    """Build ``root``, then serve its output for phones until interrupted.

    ``host`` None binds every interface and prints the machine's LAN address;
    ``port`` is the first port tried (the next free one is taken if needed);
    ``token`` False (``--no-token``) lets anyone on the network in; ``now``
    builds the pages as they look at that moment; ``language`` (``zh``, ``en``)
    overrides the site's language for findings, the overlay and review mode.
    The address goes to ``out``
    (stdout) on a line of its own, then the QR code; progress goes to ``err``.
    Raises :class:`OSError` when no port can be bound.
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    server = PreviewServer(root, build=build, host=host, port=port, token=token, now=now,
                           strict=strict, err=err, language=language)
    try:
        server.first_build()
    except KeyboardInterrupt:  # Ctrl+C during a long first build
        server.stop()
        return
    server.bind()
    print(server.url, file=out, flush=True)
    print(qr.render(server.url, ansi=out.isatty()), file=out, flush=True)
    translate = Translator(language)
    for line in _hints(server, host, port, token):
        print(translate(msg("dacu: {line}", line=line)), file=err)
    err.flush()
    if open_browser:
        open_in_browser(server.url)
    server.run()
    print(translate(msg("dacu: preview stopped")), file=err, flush=True)


def _hints(server: PreviewServer, host: str | None, port: int, token: bool) -> list[Message]:
    lines = [msg("serving {site} on port {port}; scan the code with a phone on the same network. Saves rebuild "
                 "and reload the page. Ctrl+C stops.", site=str(server.site), port=server.port)]
    if host is None or host in ALL_INTERFACES:
        lines.append(msg("listening on every network interface of this computer (all IPv4 addresses); the preview "
                         "answers only to {names}; use --host ADDRESS to listen on one", names=sorted(server.hosts)
                         + ["localhost"]))
    else:
        lines.append(msg("listening on {host} only", host=host))
    if port and server.port != port:
        lines.append(msg("port {port} was taken, so the preview uses {used}", port=port, used=server.port))
    if host is not None and _is_loopback(host):
        lines.append(msg("bound to {host}: only this computer can open the preview, not a phone", host=host))
    if not token:
        lines.append(msg("--no-token: anyone on this network can open the preview and its prices"))
    return lines


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
