"""Settings: which source wins. Defaults < ``[tool.factcheck]`` in pyproject.toml <
``FACTCHECK_*`` environment variables < a command's own flag (``factcheck report --out``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.config import DEFAULT_MAX_ARTICLE_BYTES, load_settings
from factcheck.errors import ConfigError

#: (key in [tool.factcheck], environment variable, Settings field, default folder)
FOLDERS = [
    ("seeds", "FACTCHECK_SEEDS_DIR", "seeds_dir", "seeds"),
    ("annotations", "FACTCHECK_ANNOTATIONS_DIR", "annotations_dir", "annotations"),
    ("reports", "FACTCHECK_REPORTS_DIR", "reports_dir", "reports"),
    ("cache", "FACTCHECK_CACHE_DIR", "cache_dir", ".factcheck-cache"),
]
ENV = [env for _, env, _, _ in FOLDERS] + ["FACTCHECK_MODEL", "FACTCHECK_MAX_ARTICLE_BYTES"]


@pytest.fixture()
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project (a pyproject.toml without [tool.factcheck]), no FACTCHECK_* set."""
    for var in ENV:
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return tmp_path


def _table(root: Path, body: str) -> None:
    (root / "pyproject.toml").write_text(f"[tool.factcheck]\n{body}", encoding="utf-8")


@pytest.mark.parametrize(("key", "env", "field", "default"), FOLDERS)
def test_folder_default_then_pyproject_then_environment(
    root: Path, monkeypatch: pytest.MonkeyPatch, key: str, env: str, field: str, default: str
) -> None:
    assert getattr(load_settings(root), field) == root / default
    _table(root, f'{key} = "from-toml"\n')
    assert getattr(load_settings(root), field) == root / "from-toml"
    monkeypatch.setenv(env, "from-env")
    assert getattr(load_settings(root), field) == root / "from-env"  # relative to the root
    monkeypatch.setenv(env, str(root.parent / "elsewhere"))
    assert getattr(load_settings(root), field) == root.parent / "elsewhere"
    monkeypatch.setenv(env, "")  # set but empty: as if unset, the table applies
    assert getattr(load_settings(root), field) == root / "from-toml"


def test_model_and_size_limit_follow_the_same_order(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = load_settings(root)
    assert (s.model, s.max_article_bytes) == (None, DEFAULT_MAX_ARTICLE_BYTES)
    _table(root, 'model = "toml_model"\nmax-article-bytes = 1000\n')
    s = load_settings(root)
    assert (s.model, s.max_article_bytes) == ("toml_model", 1000)
    monkeypatch.setenv("FACTCHECK_MODEL", "env_model")
    monkeypatch.setenv("FACTCHECK_MAX_ARTICLE_BYTES", "2000")
    s = load_settings(root)
    assert (s.model, s.max_article_bytes) == ("env_model", 2000)


def test_settings_are_found_from_a_subfolder(root: Path) -> None:
    _table(root, 'seeds = "from-toml"\n')
    sub = root / "a" / "b"
    sub.mkdir(parents=True)
    assert load_settings(sub).seeds_dir == root / "from-toml"


def test_a_bad_environment_value_is_a_config_error(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _table(root, "max-article-bytes = 1000\n")
    monkeypatch.setenv("FACTCHECK_MAX_ARTICLE_BYTES", "lots")  # the environment is read, not
    with pytest.raises(ConfigError, match="max-article-bytes must be an integer"):  # skipped
        load_settings(root)


def test_command_flag_wins_over_environment_and_pyproject(
    engine_project: Path, nlp, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """`factcheck report`: --out, else FACTCHECK_REPORTS_DIR, else [tool.factcheck] reports."""
    from factcheck.cli import main

    story = "coalition-paris-2026-01-06"
    _table(engine_project, 'seeds = "seeds"\nreports = "from-toml"\n')
    assert main(["report", "--story", story]) == 0
    assert (engine_project / "from-toml" / story / "index.html").is_file()
    monkeypatch.setenv("FACTCHECK_REPORTS_DIR", "from-env")
    assert main(["report", "--story", story]) == 0
    assert (engine_project / "from-env" / story / "index.html").is_file()
    assert main(["report", "--story", story, "--out", "from-cli"]) == 0
    assert (engine_project / "from-cli" / "index.html").is_file()
    assert not (engine_project / "from-env" / "index.html").exists()
    capsys.readouterr()
