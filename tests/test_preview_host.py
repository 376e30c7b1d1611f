"""The live preview answers only this computer's own address: a web page that points its own
name at 127.0.0.1 (DNS rebinding) must not read a preview of stories still waiting on consent."""

from __future__ import annotations

import http.client

import pytest

from clemency.build import preview


@pytest.fixture
def server(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><head></head><p>Preview</p>")
    running = preview.serve(tmp_path, preview.PreviewState(), "127.0.0.1", 0)
    yield running.server_address[1]
    running.shutdown()
    running.server_close()


def fetch(port: int, host: str, method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, "/", headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_preview_answers_its_own_address(server):
    for host in (f"127.0.0.1:{server}", f"localhost:{server}"):
        status, body = fetch(server, host)
        assert status == 200 and b"Preview" in body


@pytest.mark.parametrize("host", ["rebind.attacker.example:{port}", "127.0.0.1:1", ""])
def test_the_preview_refuses_another_name(server, host):
    for method in ("GET", "HEAD"):
        status, body = fetch(server, host.format(port=server), method)
        assert status == 421 and b"Preview" not in body
