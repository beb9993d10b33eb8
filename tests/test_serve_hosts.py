"""The preview answers only under its own names and never redirects off-site (issue 13, item 8)."""

from __future__ import annotations

import io

import pytest

from dacu.serve import _hints
from dacu.serve.access import host_allowed, host_name, on_site, without_token
from serve_fixtures import Preview, preview, stub_site  # noqa: F401


@pytest.mark.parametrize("header,name", [("127.0.0.1:8000", "127.0.0.1"), ("[::1]:8000", "::1"),
                                         ("LocalHost", "localhost"), ("192.168.1.5:8001", "192.168.1.5"),
                                         ("evil.example.:80", "evil.example"), (None, "")])
def test_host_name(header: str | None, name: str) -> None:
    assert host_name(header) == name


def test_only_printed_and_local_names_are_allowed() -> None:
    printed = frozenset({"192.168.1.5"})
    assert host_allowed("192.168.1.5:8000", printed) and host_allowed("localhost:8000", printed)
    assert host_allowed("[::1]:8000", printed)
    assert not host_allowed("attacker.example:8000", printed)
    assert not host_allowed("192.168.1.6:8000", printed)
    assert not host_allowed(None, printed)


@pytest.mark.parametrize("path", ["//evil.com/", "/\\evil.com/", "///evil.com", "/\\/evil.com"])
def test_redirects_stay_on_site(path: str) -> None:
    assert without_token(path, "token=abc&x=1").startswith("/evil.com")
    assert on_site(path).startswith("/") and not on_site(path).startswith(("//", "/\\"))


def test_a_rebinding_host_gets_no_page(preview: Preview) -> None:  # noqa: F811
    code, _, body = preview.get("/", headers={"Host": "attacker.example:%d" % preview.port})
    assert code == 421 and b"only at the address it printed" in body
    for host in ("127.0.0.1", "localhost", "[::1]"):
        code, _, _ = preview.get("/_dacu/status.json", headers={"Host": f"{host}:{preview.port}"})
        assert code == 200


def test_the_token_redirect_never_leaves_the_site(preview: Preview) -> None:  # noqa: F811
    token = preview.server.access.token
    code, headers, _ = preview.get(f"//evil.com/?token={token}", cookie=False)
    assert code == 303 and headers["location"] == "/evil.com/"


def test_the_terminal_says_which_interfaces_it_listens_on(preview: Preview) -> None:  # noqa: F811
    lines = [str(line) for line in _hints(preview.server, None, 8000, True)]
    assert any("listening on every network interface" in line for line in lines)
    lines = [str(line) for line in _hints(preview.server, "127.0.0.1", 8000, True)]
    assert "listening on 127.0.0.1 only" in lines
