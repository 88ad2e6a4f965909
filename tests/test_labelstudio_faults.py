"""Label Studio failures: one clear LabelStudioError each, and the golden file untouched.

The server is real; only the injected faults (a 500, a timeout) are made up, by an
httpx transport that forwards every other request to the real server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from factcheck.cli import main
from factcheck.config import load_settings
from factcheck.errors import LabelStudioError
from factcheck.labelstudio import connect, pull, push

STORY = "coalition-paris-2026-01-06"
REPO = Path(__file__).resolve().parent.parent


class Faulty(httpx.BaseTransport):
    """Forwards to the real server, except that ``fault(request)`` may answer instead."""

    def __init__(self, fault: Callable[[httpx.Request], httpx.Response | None]) -> None:
        self.real = httpx.HTTPTransport()
        self.fault = fault
        self.export_calls = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if "/export" in request.url.path:
            self.export_calls += 1
        answer = self.fault(request)
        return answer if answer is not None else self.real.handle_request(request)


def client_with(url: str, token: str, transport: httpx.BaseTransport, timeout: float = 10):
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=url, api_key=token, max_retries=0,
                       httpx_client=httpx.Client(transport=transport, timeout=timeout))  # fmt: skip


@pytest.fixture()
def pushed(labelstudio, project: Path):
    """The story pushed to a fresh project of the session server; the golden's bytes."""
    settings = load_settings()
    title = f"fault-{uuid.uuid4().hex[:8]}"
    push(settings, STORY, connect(labelstudio.url, labelstudio.token), title=title,
         predictions=False)  # fmt: skip
    golden = settings.annotations_dir / f"{STORY}.yaml"
    return settings, title, golden, golden.read_bytes()


def unchanged(golden: Path, before: bytes) -> bool:
    leftovers = [p.name for p in golden.parent.iterdir() if p.name.startswith(".")]
    return golden.read_bytes() == before and not leftovers


@pytest.mark.labelstudio
def test_wrong_token(labelstudio, pushed):
    settings, title, golden, before = pushed
    bad = "0" * 40
    with pytest.raises(LabelStudioError, match="refused the API key") as err:
        pull(settings, STORY, connect(labelstudio.url, bad), title=title)
    assert "HTTP 401" in str(err.value) and bad not in str(err.value)
    assert unchanged(golden, before)


@pytest.mark.labelstudio
def test_500_from_export(labelstudio, pushed):
    settings, title, golden, before = pushed

    def fail(request: httpx.Request) -> httpx.Response | None:
        if "/export" in request.url.path:
            return httpx.Response(500, json={"detail": "injected failure"})
        return None

    transport = Faulty(fail)
    with pytest.raises(LabelStudioError, match="HTTP 500 while exporting") as err:
        pull(settings, STORY, client_with(labelstudio.url, labelstudio.token, transport),
             title=title)  # fmt: skip
    assert "injected failure" in str(err.value) and labelstudio.token not in str(err.value)
    assert transport.export_calls == 1
    assert unchanged(golden, before)


@pytest.mark.labelstudio
def test_timeout_on_export(labelstudio, pushed):
    settings, title, golden, before = pushed

    def slow(request: httpx.Request) -> httpx.Response | None:
        if "/export" in request.url.path:
            raise httpx.ReadTimeout("injected timeout", request=request)
        return None

    with pytest.raises(LabelStudioError, match="did not answer in time while exporting"):
        pull(settings, STORY, client_with(labelstudio.url, labelstudio.token, Faulty(slow)),
             title=title)  # fmt: skip
    assert unchanged(golden, before)


@pytest.mark.labelstudio
def test_server_stopped_mid_pull(labelstudio, project: Path):
    """A server of its own, stopped (by pid) when the pull reaches the export."""
    from factcheck.labelstudio import server as lsserver

    # Same install and template as the session fixture (which has built the template).
    home = Path(os.environ.get("FACTCHECK_LABELSTUDIO_HOME") or REPO / ".labelstudio")
    binary = lsserver.find_binary(home)
    data = lsserver.prepare_data_dir(lsserver.ensure_template(home, binary), project / "ls")
    server = lsserver.start_server(binary, data)
    try:
        settings = load_settings()
        title = f"stop-{uuid.uuid4().hex[:8]}"
        push(settings, STORY, connect(server.url, server.token), title=title, predictions=False)
        golden = settings.annotations_dir / f"{STORY}.yaml"
        before = golden.read_bytes()

        def stop(request: httpx.Request) -> None:
            if "/export" in request.url.path:
                server.stop()

        with pytest.raises(LabelStudioError, match="cannot reach Label Studio") as err:
            pull(settings, STORY, client_with(server.url, server.token, Faulty(stop)),
                 title=title)  # fmt: skip
        assert "while exporting" in str(err.value) and not server.alive()
        assert unchanged(golden, before)
    finally:
        server.stop()


def test_server_down(project: Path):
    from factcheck.labelstudio.server import free_port

    settings = load_settings()
    golden = settings.annotations_dir / f"{STORY}.yaml"
    before = golden.read_bytes()
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(LabelStudioError, match=f"cannot reach Label Studio at {url}"):
        pull(settings, STORY, connect(url, "a" * 40))
    assert unchanged(golden, before)


@pytest.mark.labelstudio
def test_cli_wrong_token_one_line_no_token(labelstudio, project: Path, monkeypatch, capsys):
    secret = "f" * 40
    monkeypatch.setenv("LABEL_STUDIO_URL", labelstudio.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", secret)
    golden = project / "annotations" / f"{STORY}.yaml"
    before = golden.read_bytes()
    assert main(["labelstudio", "pull", "--story", STORY, "--dry-run"]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("factcheck: error: ") and err.count("\n") == 1
    assert "LABEL_STUDIO_API_KEY" in err and secret not in out + err
    assert unchanged(golden, before)


def test_cli_without_connection_settings(project: Path, monkeypatch, capsys):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    assert main(["labelstudio", "push", "--story", STORY]) == 2
    err = capsys.readouterr().err
    assert "LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY not set" in err
