"""The address a phone on the same network can open, and a free port.

A laptop has many IPv4 addresses: loopback, Docker bridges (172.17.x, also
"private"), VPN tunnels, virtual machine networks, and usually one Wi-Fi or
Ethernet address that the phones share a network with. :func:`choose_address`
ranks them (a pure function, tested on tables); :func:`interfaces` finds them.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from tornado.netutil import bind_sockets

LOOPBACK = "127.0.0.1"
ALL_INTERFACES = ("", "0.0.0.0", "::", "*")

# Name prefixes of interfaces a phone cannot reach: containers, VMs, VPNs,
# Apple's peer-to-peer links. Matched case-insensitively.
VIRTUAL_PREFIXES = (
    "lo", "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "vnic", "tun", "tap", "utun",
    "wg", "tailscale", "zt", "cni", "flannel", "cali", "kube", "lxc", "lxdbr", "podman",
    "vethernet", "awdl", "llw", "anpi", "bridge", "gif", "stf", "ipsec", "ppp",
)
# Home and office Wi-Fi use 192.168/16 most, then 10/8; 172.16/12 is mostly
# container networks, so it ranks last among the private ranges.
_RANGES = [(ipaddress.ip_network("192.168.0.0/16"), 3), (ipaddress.ip_network("10.0.0.0/8"), 2),
           (ipaddress.ip_network("172.16.0.0/12"), 1)]


@dataclass(frozen=True)
class Interface:
    """An IPv4 address and the name of its interface ("" when unknown)."""

    name: str
    address: str

    @property
    def virtual(self) -> bool:
        return self.name.lower().startswith(VIRTUAL_PREFIXES)


def choose_address(found: Iterable[Interface], default_route: str | None = None) -> str:
    """The address to print: the best private address of a real interface.

    Ranking, most important first: a real interface over a virtual one; an
    RFC 1918 private address over anything else (a public address works too,
    but a CGNAT 100.64/10 VPN address or a link-local 169.254 one does not);
    the address the default route leaves from; 192.168 over 10 over 172.16.
    Falls back to 127.0.0.1 when nothing else is up.
    """
    best: tuple[int, ...] | None = None
    choice = LOOPBACK
    for iface in found:
        try:
            ip = ipaddress.IPv4Address(iface.address)
        except ValueError:
            continue
        if ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified:
            continue
        rank = next((r for net, r in _RANGES if ip in net), 0)
        reachable = 0 if ip in ipaddress.ip_network("100.64.0.0/10") else 1
        score = (int(not iface.virtual), int(rank > 0), reachable, int(iface.address == default_route), rank)
        if best is None or score > best:  # ties keep the first, in the OS's order
            best, choice = score, iface.address
    return choice


def interfaces() -> list[Interface]:
    """This machine's IPv4 addresses with interface names where the OS tells them."""
    found = list(_linux_interfaces()) if sys.platform.startswith("linux") else []
    if not found:
        try:
            names = socket.gethostbyname_ex(socket.gethostname())[2]
        except OSError:
            names = []
        found = [Interface("", a) for a in names]
    return found


def _linux_interfaces() -> Iterator[Interface]:
    # The stdlib has no getifaddrs(); SIOCGIFADDR gives each interface's
    # primary IPv4 address, which is the one DHCP hands out.
    import fcntl
    import struct

    siocgifaddr = 0x8915
    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for name in names:
            try:
                packed = fcntl.ioctl(sock.fileno(), siocgifaddr, struct.pack("256s", name.encode()[:15]))
            except OSError:
                continue  # down, or no IPv4 address
            yield Interface(name, socket.inet_ntoa(packed[20:24]))


def default_route_address() -> str | None:
    """The local address the default route leaves from.

    connect() on a UDP socket only asks the kernel for a route; no packet is
    sent. 192.0.2.1 (TEST-NET-1) is never a real host.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("192.0.2.1", 9))
            address: str = sock.getsockname()[0]
            return address
    except OSError:
        return None


def lan_address() -> str:
    """The address to print for phones on this network."""
    return choose_address(interfaces(), default_route_address())


def public_host(bind_host: str | None) -> str:
    """The host to print for a server bound to ``bind_host``."""
    if bind_host is None or bind_host in ALL_INTERFACES:
        return lan_address()
    if ":" in bind_host:  # IPv6 literal
        return f"[{bind_host}]"
    return bind_host


def bind(host: str | None, port: int, tries: int = 50) -> tuple[list[socket.socket], int]:
    """Listening sockets on ``port``, or the next free port above it.

    Binding is the test: checking first and binding later races with any
    other program starting up. Port 0 lets the OS choose (tests use it).
    """
    address = "0.0.0.0" if host is None or host in ALL_INTERFACES else host
    last: OSError | None = None
    for candidate in _candidates(port, tries):
        try:
            sockets = bind_sockets(candidate, address=address)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            last = exc
            continue
        return sockets, sockets[0].getsockname()[1]
    raise OSError(errno.EADDRINUSE, f"ports {port} to {port + tries - 1} are all taken") from last


def _candidates(port: int, tries: int) -> Sequence[int]:
    return [0] if port == 0 else [p for p in range(port, port + tries) if p <= 65535]
