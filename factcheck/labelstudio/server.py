"""A local Label Studio server as a component: its own venv, a cached template, start and stop.

``label-studio`` pins many heavy packages, so it lives in its own virtual
environment (default ``.labelstudio/venv`` under the project root, git-ignored);
the project itself needs only ``label-studio-sdk``. The first start of an empty
data folder runs about 50 s of migrations, so ``label-studio init`` runs once into
``.labelstudio/template-<version>/`` and every server starts from a copy of it
(about 5 s). Each copy gets fresh random API tokens (reset through the API on
its first start); they are kept in the data folder, mode 0600, never in git.

Traps of label-studio 1.23 handled here: ``--version`` starts a server (we read
the version from the package metadata), the default bind is 0.0.0.0 (we pass
127.0.0.1), a busy port silently moves to the next one (we choose a free port and
check the log names it), and plain ``HOST``/``PORT``/``USERNAME``/``PASSWORD``/
``DEBUG``/``DATABASE_NAME`` are read by the server (we drop them).

``launch()`` does it all for ``factcheck labelstudio serve --story ID``
(``nox -s labelstudio``), which also pushes the story and prints the login.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factcheck._fs import atomic_write
from factcheck.config import Settings, load_settings
from factcheck.errors import LabelStudioError

__all__ = [
    "LS_VERSION",
    "Server",
    "User",
    "ensure_template",
    "find_binary",
    "free_port",
    "install",
    "installed_version",
    "load_users",
    "prepare_data_dir",
    "server_env",
    "start_server",
]

LS_VERSION = "1.23.2"
CREDENTIALS = "factcheck-credentials.json"
#: Accounts created in every template: the first is the admin that owns projects.
DEFAULT_EMAILS = ("annotator@factcheck.test", "second@factcheck.test")
# Read by label-studio through get_env() as plain names: must not leak in from CI.
_DROP = ("HOST", "PORT", "USERNAME", "PASSWORD", "DEBUG", "DATABASE_NAME", "USER_TOKEN")
_DROP_PREFIXES = ("LABEL_STUDIO_", "HEARTEX_")


@dataclass(frozen=True)
class User:
    """A Label Studio account of a data folder (the token never leaves the folder and memory)."""

    email: str
    password: str = field(repr=False)
    token: str = field(repr=False)


def ls_home(settings: Settings | None = None) -> Path:
    """``.labelstudio/`` under the project root, or ``FACTCHECK_LABELSTUDIO_HOME``."""
    env = os.environ.get("FACTCHECK_LABELSTUDIO_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return (settings or load_settings()).root / ".labelstudio"


def find_binary(home: Path) -> Path:
    """The ``label-studio`` executable: ``FACTCHECK_LABEL_STUDIO_BIN`` or ``<home>/venv``."""
    env = os.environ.get("FACTCHECK_LABEL_STUDIO_BIN")
    binary = Path(env) if env else home / "venv" / "bin" / "label-studio"
    if not binary.is_file():
        raise LabelStudioError(
            f"label-studio is not installed at {binary}; install it into its own venv with "
            f"`python3 -m venv {home / 'venv'} && {home / 'venv/bin/pip'} install "
            f"label-studio=={LS_VERSION}` (or run `nox -s labelstudio`), or point "
            "FACTCHECK_LABEL_STUDIO_BIN at an existing label-studio executable"
        )
    return binary


def install(home: Path, *, python: str = sys.executable) -> Path:
    """Create ``<home>/venv`` with label-studio (minutes, once); return the executable."""
    binary = home / "venv" / "bin" / "label-studio"
    if binary.is_file():
        return binary
    home.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([python, "-m", "venv", str(home / "venv")], check=True)
        subprocess.run(
            [str(home / "venv/bin/pip"), "install", "--quiet", f"label-studio=={LS_VERSION}"],
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        raise LabelStudioError(
            f"installing label-studio=={LS_VERSION} into {home / 'venv'} failed "
            f"(exit {exc.returncode}); see the pip output above"
        ) from exc
    return binary


def installed_version(binary: Path) -> str:
    """label-studio's version from its package metadata (``--version`` would start a server)."""
    venv = binary.resolve().parent.parent
    found = sorted(venv.glob("lib/python*/site-packages/label_studio-*.dist-info"))
    if not found:
        raise LabelStudioError(
            f"{binary} is not a label-studio venv (no label_studio-*.dist-info under {venv}); "
            f"reinstall label-studio=={LS_VERSION}"
        )
    return found[-1].name.removeprefix("label_studio-").removesuffix(".dist-info")


def free_port() -> int:
    """A loopback port that is free now (the server must not fall back to port+1)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(data_dir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for the server: ours minus what label-studio would misread."""
    env = {
        k: v
        for k, v in (os.environ if base is None else base).items()
        if k not in _DROP and not k.startswith(_DROP_PREFIXES)
    }
    env.update(
        LABEL_STUDIO_BASE_DATA_DIR=str(data_dir),
        LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
        LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
        LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED="false",
        SENTRY_DSN="",
        FRONTEND_SENTRY_DSN="",
        COLLECT_ANALYTICS="false",
        LATEST_VERSION_CHECK="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def load_users(data_dir: Path) -> list[User]:
    """The accounts of a data folder (admin first), from its credentials file."""
    path = data_dir / CREDENTIALS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [User(u["email"], u["password"], u["token"]) for u in data["users"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LabelStudioError(
            f"cannot read the accounts of {data_dir} ({exc}); delete the folder to "
            "start again from the template",
            path=str(path),
        ) from exc


def _save_users(data_dir: Path, users: Sequence[User], *, fresh: bool) -> None:
    path = data_dir / CREDENTIALS
    data = {
        "fresh": fresh,  # tokens still those of the template: reset on first start
        "users": [{"email": u.email, "password": u.password, "token": u.token} for u in users],
    }
    atomic_write(path, json.dumps(data), mode=0o600)  # passwords and tokens: owner only


def ensure_template(
    home: Path, binary: Path, *, emails: Sequence[str] = DEFAULT_EMAILS, timeout: float = 300
) -> Path:
    """``<home>/template-<version>/``: a migrated data folder with accounts, built once."""
    from filelock import FileLock

    version = installed_version(binary)
    template = home / f"template-{version}"
    home.mkdir(parents=True, exist_ok=True)
    # pytest-xdist workers and a nox session may all ask at once: one builds, the others wait.
    with FileLock(str(home / f".template-{version}.lock"), timeout=timeout):
        if (template / CREDENTIALS).is_file():
            return template
        build = Path(tempfile.mkdtemp(dir=home, prefix=f".template-{version}-"))
        users = [User(e, secrets.token_urlsafe(12), secrets.token_hex(20)) for e in emails]
        log = build / "init.log"
        for u in users:
            # The account comes through the environment (label-studio reads
            # LABEL_STUDIO_USERNAME/PASSWORD/USER_TOKEN): a command line is visible to
            # every user of the machine in `ps` and /proc/<pid>/cmdline.
            env = server_env(build)
            env.update(
                LABEL_STUDIO_USERNAME=u.email,
                LABEL_STUDIO_PASSWORD=u.password,
                LABEL_STUDIO_USER_TOKEN=u.token,
            )
            cmd = [str(binary), "init", "--quiet", "--no-browser"]
            with log.open("ab") as out:
                rc = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
            if rc != 0:
                last = tail(log)
                shutil.rmtree(build, ignore_errors=True)
                raise LabelStudioError(
                    f"`label-studio init` failed (exit {rc}) building {template}:\n{last}"
                )
        _save_users(build, users, fresh=True)
        if template.exists():
            shutil.rmtree(template)
        os.replace(build, template)
    return template


def prepare_data_dir(template: Path, data_dir: Path) -> Path:
    """Copy the template to ``data_dir`` unless it already holds a data folder."""
    if (data_dir / CREDENTIALS).is_file():
        return data_dir
    if data_dir.exists() and any(data_dir.iterdir()):
        raise LabelStudioError(
            f"{data_dir} is not empty and is not a factcheck Label Studio data folder; "
            "choose another folder or empty it"
        )
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    if data_dir.exists():
        data_dir.rmdir()
    shutil.copytree(template, data_dir, ignore=shutil.ignore_patterns("*.log"))
    return data_dir


def tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class Server:
    """A running label-studio process: its URL, data folder, accounts and log."""

    url: str
    port: int
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes] = field(repr=False)
    users: list[User] = field(default_factory=list, repr=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def token(self) -> str:
        """The admin's API token."""
        return self.users[0].token

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM our own pid, then SIGKILL if it does not exit in ``timeout`` seconds."""
        if self.process.poll() is not None:
            return
        os.kill(self.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            self.process.wait(5)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _get(url: str, token: str | None = None, *, method: str = "GET", timeout: float = 5) -> bytes:
    req = urllib.request.Request(url, method=method)
    if token:
        req.add_header("Authorization", f"Token {token}")
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read()


def start_server(
    binary: Path, data_dir: Path, *, port: int | None = None, timeout: float = 180
) -> Server:
    """Start label-studio on 127.0.0.1:``port`` (default: a free one) over ``data_dir``.

    Returns once ``/health`` answers; fails fast, with the log's tail, if the
    process exits first or listens on another port.
    """
    port = port or free_port()
    log = data_dir / "server.log"
    users = load_users(data_dir)
    cmd = [str(binary), "start", "--no-browser", "--internal-host", "127.0.0.1",
           "--port", str(port)]  # fmt: skip
    with log.open("ab") as out:
        proc = subprocess.Popen(
            cmd, env=server_env(data_dir), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    server = Server(url, port, data_dir, log, proc, users)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise LabelStudioError(
                    f"label-studio exited with status {proc.returncode} while starting on "
                    f"port {port}; last lines of {log}:\n{tail(log)}"
                )
            try:
                if b"UP" in _get(f"{url}/health", timeout=2):
                    break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise LabelStudioError(
                    f"label-studio did not answer {url}/health within {timeout:.0f} s; "
                    f"last lines of {log}:\n{tail(log)}"
                )
            time.sleep(0.25)
        text = log.read_text(encoding="utf-8", errors="replace")
        if f"127.0.0.1:{port}" not in text:
            # Someone else answered /health: our server moved to another port.
            raise LabelStudioError(
                f"port {port} was taken by another server; label-studio moved elsewhere. "
                f"Choose a free port. Last lines of {log}:\n{tail(log)}"
            )
        _rotate_tokens(server)
    except BaseException:
        server.stop()
        raise
    return server


def _rotate_tokens(server: Server) -> None:
    """A data folder fresh from the template gets its own random tokens."""
    path = server.data_dir / CREDENTIALS
    if not json.loads(path.read_text(encoding="utf-8")).get("fresh"):
        return
    fresh = []
    for u in server.users:
        try:
            body = _get(f"{server.url}/api/current-user/reset-token/", u.token, method="POST")
        except urllib.error.HTTPError as exc:
            raise LabelStudioError(
                f"resetting the API token of {u.email} failed with HTTP {exc.code}; delete "
                f"{server.data_dir} and the template to start again"
            ) from exc
        fresh.append(User(u.email, u.password, json.loads(body)["token"]))
    _save_users(server.data_dir, fresh, fresh=False)
    server.users = fresh


# -------------------------------------------------------------------- launch


def launch(
    settings: Settings | None = None, *, data_dir: Path | None = None, port: int | None = None
) -> Server:
    """Install if needed, build the template if needed, copy it, start: what ``serve`` runs."""
    home = ls_home(settings)
    binary = install(home)
    template = ensure_template(home, binary)
    data_dir = prepare_data_dir(template, (data_dir or home / "data").resolve())
    port = port or (8080 if _is_free(8080) else free_port())
    return start_server(binary, data_dir, port=port)


def _is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
