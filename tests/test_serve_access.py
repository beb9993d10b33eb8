"""The access token: 403 without it, a cookie with it (dacu.serve.access)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from tornado.httpclient import HTTPClientError

from dacu.serve.access import FORBIDDEN_SENTENCE, Access, Decision, new_token, without_token
from serve_fixtures import (Preview, ReloadClient, StubBuild, preview, start_preview,  # noqa: F401
                            stub_site)

ACCESS = Access("s3cret-token-123", "dacu_preview_8000")


@pytest.mark.parametrize(("query", "cookie", "decision"), [
    (None, None, Decision.DENY),
    ("wrong", None, Decision.DENY),
    (None, "wrong", Decision.DENY),
    ("", "", Decision.DENY),
    ("s3cret-token-12", None, Decision.DENY),            # a prefix is not the token
    ("s3cret-token-123", None, Decision.GRANT),
    ("s3cret-token-123", "wrong", Decision.GRANT),
    (None, "s3cret-token-123", Decision.ALLOW),
    ("wrong", "s3cret-token-123", Decision.ALLOW),       # an old link with a stale token
    ("s3cret-token-123", "s3cret-token-123", Decision.GRANT),
])
def test_decide(query: str | None, cookie: str | None, decision: Decision) -> None:
    assert ACCESS.decide(query, cookie) is decision


def test_no_token_lets_everyone_in() -> None:
    assert Access(None).decide(None, None) is Decision.ALLOW


def test_tokens_are_random_and_short() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(t) == 16 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)


def test_cookie_is_http_only_and_per_port() -> None:
    access = Access.for_port(True, 8001)
    assert access.cookie_name == "dacu_preview_8001"
    assert access.cookie_header() == f"dacu_preview_8001={access.token}; Path=/; HttpOnly; SameSite=Lax"


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("/", "token=abc", "/"),
    ("/double11/", "token=abc&now=2026-11-11T10%3A00", "/double11/?now=2026-11-11T10%3A00"),
    ("/x/", "now=1&token=abc&review=1", "/x/?now=1&review=1"),
])
def test_without_token(path: str, query: str, expected: str) -> None:
    assert without_token(path, query) == expected


def test_address_carries_the_token() -> None:
    assert ACCESS.address("http://192.168.1.5:8000/") == "http://192.168.1.5:8000/?token=s3cret-token-123"
    assert Access(None).address("http://192.168.1.5:8000/") == "http://192.168.1.5:8000/"


# -- through the server -----------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/double11/", "/assets/hero.jpg", "/_dacu/status.json",
                                  "/_dacu/client.js", "/livereload.js", "/missing/"])
def test_without_token_or_cookie_403_with_the_sentence(preview: Preview, path: str) -> None:  # noqa: F811
    status, headers, body = preview.get(path, cookie=False)
    assert status == 403
    assert FORBIDDEN_SENTENCE in body.decode()
    assert "双11" not in body.decode() and "set-cookie" not in headers


def test_token_sets_cookie_and_drops_itself_from_the_address(preview: Preview) -> None:  # noqa: F811
    token = preview.server.access.token
    status, headers, _ = preview.get(f"/double11/?now=2026-11-11T10:00&token={token}", cookie=False)
    assert status == 303
    assert headers["location"] == "/double11/?now=2026-11-11T10%3A00"
    assert headers["set-cookie"] == preview.server.access.cookie_header()


def test_cookie_lets_in(preview: Preview) -> None:  # noqa: F811
    status, _, body = preview.get("/double11/", cookie=True)
    assert status == 200 and "双11全球好物节".encode() in body


def test_wrong_cookie_is_refused(preview: Preview) -> None:  # noqa: F811
    name = preview.server.access.cookie_name
    status, _, _ = preview.get("/double11/", cookie=False, headers={"Cookie": f"{name}=guess"})
    assert status == 403


def test_printed_address_works_in_one_step(preview: Preview) -> None:  # noqa: F811
    assert preview.url == f"http://127.0.0.1:{preview.port}/?token={preview.server.access.token}"
    status, headers, _ = preview.get(preview.url.split(str(preview.port), 1)[1], cookie=False)
    assert status == 303 and headers["location"] == "/"


def test_pages_keep_their_referrer_to_themselves(preview: Preview) -> None:  # noqa: F811
    # A buy link on a page must not carry the preview's address to the shop.
    _, headers, _ = preview.get("/double11/")
    assert headers["referrer-policy"] == "same-origin"


def test_reload_socket_needs_the_cookie(preview: Preview) -> None:  # noqa: F811
    refused = ReloadClient(preview.port, cookie=None)
    with pytest.raises(HTTPClientError) as caught:
        refused.connect()
    assert caught.value.code == 403
    refused.close()
    allowed = ReloadClient(preview.port, cookie=preview.cookie)
    assert allowed.connect()["command"] == "hello"
    allowed.close()


def test_reload_socket_refuses_other_origins(preview: Preview) -> None:  # noqa: F811
    # Any web page the reviewer opens could otherwise listen in on the socket.
    client = ReloadClient(preview.port, cookie=preview.cookie)
    client._request.headers["Origin"] = "http://evil.example"
    with pytest.raises(HTTPClientError) as caught:
        client.connect()
    assert caught.value.code == 403
    client.close()


@pytest.fixture
def open_preview(stub_site: Path) -> Iterator[Preview]:  # noqa: F811
    stub = StubBuild()
    server = start_preview(stub_site, stub, token=False)
    yield Preview(server, stub, stub_site)
    server.stop()


def test_no_token_flag_serves_everyone(open_preview: Preview) -> None:
    assert open_preview.url == f"http://127.0.0.1:{open_preview.port}/"
    status, headers, _ = open_preview.get("/double11/", cookie=False)
    assert status == 200 and "set-cookie" not in headers
    client = ReloadClient(open_preview.port, cookie=None)
    assert client.connect()["command"] == "hello"
    client.close()
