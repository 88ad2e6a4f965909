"""Session-scoped fixtures shared by the whole suite.

Sections are grouped by the part they start: paths, the spaCy pipeline, Label Studio.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STORY = "coalition-paris-2026-01-06"
SEEDS = REPO / "seeds" / STORY


# ------------------------------------------------------------------- paths


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


def make_project(
    root: Path, monkeypatch: pytest.MonkeyPatch, *, golden: Path | None = None
) -> Path:
    """A project folder with the first story's seeds and a golden; cwd is set to it.

    ``golden``: the story's golden file (default: the whole annotations/ folder).
    The FACTCHECK_* folder variables are cleared so the project's own settings apply.
    """
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(SEEDS, root / "seeds" / STORY)
    if golden is not None:
        (root / "annotations").mkdir()
        shutil.copy(golden, root / "annotations" / f"{STORY}.yaml")
    elif (REPO / "annotations").is_dir():
        shutil.copytree(REPO / "annotations", root / "annotations")
    (root / "pyproject.toml").write_text('[tool.factcheck]\nseeds = "seeds"\n', encoding="utf-8")
    for var in (
        "FACTCHECK_SEEDS_DIR",
        "FACTCHECK_ANNOTATIONS_DIR",
        "FACTCHECK_CACHE_DIR",
        "FACTCHECK_REPORTS_DIR",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(root)
    return root


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away project holding a copy of the first story and its goldens."""
    return make_project(tmp_path / "project", monkeypatch)


# ----------------------------------------------------------------- spaCy


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per test session."""
    from factcheck.nlp import load_pipeline

    return load_pipeline()


# ---- engine


CORPUS = REPO / "tests" / "corpus"


@pytest.fixture()
def engine_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project holding the first story's seeds and the corpus golden as its golden file.

    The corpus golden (tests/corpus/golden.yaml) is stable, so engine tests do not move
    when annotations/ grows.
    """
    return make_project(tmp_path / "engine", monkeypatch, golden=CORPUS / "golden.yaml")


# ---------------------------------------------------------- Label Studio


@pytest.fixture(scope="session")
def labelstudio(tmp_path_factory: pytest.TempPathFactory):
    """A real Label Studio server for the session: a copy of the cached initialised template
    in a temporary folder, on a free loopback port; stopped by its own pid.

    Yields ``factcheck.labelstudio.server.Server``: ``.url``, ``.token`` (admin) and ``.users`` (two
    accounts, each with email, password and token).
    """
    from factcheck.errors import LabelStudioError
    from factcheck.labelstudio import server as lsserver

    home = Path(os.environ.get("FACTCHECK_LABELSTUDIO_HOME") or REPO / ".labelstudio")
    try:
        binary = lsserver.find_binary(home)
        template = lsserver.ensure_template(home, binary)
    except LabelStudioError as exc:
        pytest.fail(str(exc), pytrace=False)
    data_dir = lsserver.prepare_data_dir(template, tmp_path_factory.mktemp("ls") / "data")
    server = lsserver.start_server(binary, data_dir)
    try:
        yield server
    finally:
        server.stop()
