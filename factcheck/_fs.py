"""Writing files safely: all or nothing, keeping the file's permissions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Mode of a newly created file (mkstemp makes 0600; what we write is meant to be shared).
NEW_FILE_MODE = 0o644


def atomic_write(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` via a temporary file in the same
    folder and ``os.replace``: a reader never sees half a file, a failure leaves the old one.
    An existing file keeps its permission bits; a new one gets ``NEW_FILE_MODE``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
