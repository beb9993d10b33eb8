"""The printed address, the port and the QR code (dacu.serve.network, dacu.serve.qr)."""

from __future__ import annotations

import socket

import pytest
import segno

from dacu.serve import qr
from dacu.serve.network import Interface, bind, choose_address, public_host

I = Interface


@pytest.mark.parametrize(("found", "default_route", "expected"), [
    ([], None, "127.0.0.1"),
    ([I("lo", "127.0.0.1")], None, "127.0.0.1"),
    ([I("lo", "127.0.0.1"), I("wlan0", "192.168.1.23")], None, "192.168.1.23"),
    # Docker's bridge is "private" too, and often listed first
    ([I("docker0", "172.17.0.1"), I("wlp2s0", "192.168.31.8")], None, "192.168.31.8"),
    ([I("br-3f2a", "172.18.0.1"), I("veth12", "172.18.0.2"), I("eth0", "10.20.30.40")], None, "10.20.30.40"),
    # a VPN that owns the default route: the phone is on the Wi-Fi, not the VPN
    ([I("tun0", "10.8.0.6"), I("en0", "192.168.0.104")], "10.8.0.6", "192.168.0.104"),
    ([I("utun3", "100.101.1.2"), I("tailscale0", "100.64.0.9"), I("en0", "10.0.0.5")], None, "10.0.0.5"),
    # two real private addresses: the default route decides
    ([I("eth0", "10.1.2.3"), I("wlan0", "192.168.1.9")], "10.1.2.3", "10.1.2.3"),
    ([I("eth0", "10.1.2.3"), I("wlan0", "192.168.1.9")], None, "192.168.1.9"),
    # link-local (no DHCP answer) is never printed
    ([I("eth0", "169.254.10.2"), I("docker0", "172.17.0.1")], None, "172.17.0.1"),
    # a public address on a real interface beats a virtual private one
    ([I("virbr0", "192.168.122.1"), I("eth0", "203.0.113.7")], None, "203.0.113.7"),
    # names unknown (not Linux): the private address still wins
    ([I("", "203.0.113.7"), I("", "192.168.1.50")], None, "192.168.1.50"),
    ([I("eth0", "not an address"), I("eth1", "::1")], None, "127.0.0.1"),
])
def test_choose_address(found: list[Interface], default_route: str | None, expected: str) -> None:
    assert choose_address(found, default_route) == expected


def test_public_host_for_a_given_host() -> None:
    assert public_host("127.0.0.1") == "127.0.0.1"
    assert public_host("::1") == "[::1]"


def test_taken_port_moves_to_the_next() -> None:
    first, port = bind("127.0.0.1", 0)
    try:
        second, next_port = bind("127.0.0.1", port, tries=5)
        try:
            assert next_port != port and port < next_port <= port + 4
        finally:
            for s in second:
                s.close()
    finally:
        for s in first:
            s.close()


def test_bound_port_is_really_taken() -> None:
    sockets, port = bind("127.0.0.1", 0)
    try:
        probe = socket.socket()
        with pytest.raises(OSError):
            probe.bind(("127.0.0.1", port))
        probe.close()
    finally:
        for s in sockets:
            s.close()


def _modules(text: str) -> list[list[int]]:
    """The QR matrix back from the plain drawing (█ light/light, ▀ light/dark, ▄ dark/light)."""
    rows: list[list[int]] = []
    halves = {"\u2588": (0, 0), "\u2580": (0, 1), "\u2584": (1, 0), " ": (1, 1)}
    for line in text.splitlines():
        pairs = [halves[ch] for ch in line]
        rows.append([p[0] for p in pairs])
        rows.append([p[1] for p in pairs])
    return rows


def test_qr_code_encodes_the_address() -> None:
    url = "http://192.168.1.23:8000/?token=AbCdEfGh12345678"
    drawn = _modules(qr.render(url, ansi=False, border=2))
    expected = [list(row) for row in segno.make(url, error="m", micro=False, boost_error=False)
                .matrix_iter(scale=1, border=2)]
    assert drawn[:len(expected)] == expected
    assert len(qr.render(url, ansi=False).splitlines()[0]) <= 80


def test_qr_code_on_a_terminal_sets_both_colours() -> None:
    text = qr.render("http://x/", ansi=True)
    assert "\x1b[38;5;0;48;5;15m" in text and text.endswith("\x1b[0m")
