"""Credentials never shown, paging bounded: against a small local HTTP server that
misbehaves on purpose (echoes the request's headers, pages forever), and the real
`label-studio init` watched through /proc while it runs."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck import labelstudio
from factcheck.errors import LabelStudioError

TOKEN = "f00dfeed" * 5
PASSWORD = "hunter2-s3cret"


class _Fake(http.server.BaseHTTPRequestHandler):
    mode = "echo-400"
    requests = 0

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass

    def do_GET(self) -> None:
        type(self).requests += 1
        headers = "".join(f"{k}: {v}\n" for k, v in self.headers.items())
        if self.mode == "endless":  # the same page whatever ?page= says
            self._send(200, json.dumps({"count": 10**9, "next": "x", "results": [
                {"id": 1, "title": "p"}]}).encode(), "application/json")  # fmt: skip
        elif self.mode == "echo-400":
            self._send(400, json.dumps({"detail": headers}).encode(), "application/json")
        else:  # HTTP 200 with a body that is not JSON
            self._send(200, f"<html>debug page\n{headers}</html>".encode(), "text/html")

    def _send(self, code: int, body: bytes, kind: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def fake() -> Iterator[tuple[str, type[_Fake]]]:
    handler = type("Handler", (_Fake,), {"requests": 0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("mode", ["echo-400", "echo-200-html"])
def test_a_body_echoing_the_authorization_header_never_shows_the_token(fake, mode):
    host, handler = fake
    handler.mode = mode
    client = labelstudio.connect(f"http://{host}", TOKEN)
    with pytest.raises(LabelStudioError) as info:
        labelstudio.find_project(client, "any")
    message = str(info.value)
    assert handler.requests >= 1
    assert TOKEN not in message and TOKEN[:12] not in message
    assert ("HTTP 400" if mode == "echo-400" else "HTTP 200") in message
    assert "\n" not in message


def test_a_password_in_the_url_is_never_shown(fake, monkeypatch):
    host, handler = fake
    handler.mode = "echo-400"
    monkeypatch.setenv("LABEL_STUDIO_URL", f"http://admin:{PASSWORD}@{host}")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", TOKEN)
    with pytest.raises(LabelStudioError) as info:
        labelstudio.find_project(labelstudio.connect(), "any")
    message = str(info.value)
    assert PASSWORD not in message and TOKEN not in message
    assert host in message  # still says which server


def test_a_pager_that_never_ends_is_a_clear_bounded_error(fake):
    host, handler = fake
    handler.mode = "endless"
    client = labelstudio.connect(f"http://{host}", TOKEN)
    with pytest.raises(LabelStudioError, match="pagination never ends"):
        labelstudio.find_project(client, "missing")
    assert handler.requests <= 3


def test_scrub_hides_authorization_values_and_url_credentials():
    text = f"Authorization: Bearer abc.def-ghi\nurl http://u:{PASSWORD}@h/ Token {TOKEN}"
    clean = labelstudio.client.scrub(text)
    assert "abc.def-ghi" not in clean and PASSWORD not in clean and TOKEN not in clean


def test_label_studio_init_gets_no_secret_on_its_command_line(tmp_path):
    """The real `label-studio init` (about a minute), its /proc cmdline read while it runs."""
    from factcheck.labelstudio import server as lsserver

    home = Path(os.environ.get("FACTCHECK_LABELSTUDIO_HOME") or ".labelstudio").resolve()
    try:
        binary = lsserver.find_binary(home)
    except LabelStudioError as exc:
        pytest.skip(str(exc))
    seen: list[bytes] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if (
                    b"init" in cmd
                    and str(tmp_path).encode() not in cmd
                    and (b"label-studio" in cmd or b"label_studio" in cmd)
                    and cmd not in seen
                ):
                    seen.append(cmd)
            done.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        template = lsserver.ensure_template(tmp_path / "home", binary, emails=["a@example.com"])
    finally:
        done.set()
        watcher.join()
    (user,) = lsserver.load_users(template)
    assert seen, "the init process was not observed"
    for cmd in seen:
        assert user.password.encode() not in cmd and user.token.encode() not in cmd
        assert b"--password" not in cmd and b"--user-token" not in cmd
    log = (template / "init.log").read_text(encoding="utf-8", errors="replace")
    assert user.password not in log and user.token not in log
