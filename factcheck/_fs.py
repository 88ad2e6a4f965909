"""Writing files safely: all or nothing, keeping the file's permissions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Mode of a newly created file (mkstemp makes 0600; what we write is meant to be shared).
NEW_FILE_MODE = 0o644


def atomic_write(path: Path, data: str | bytes, *, mode: int | None = None) -> Path:
    """Write ``data`` (text as UTF-8, newlines as given) to ``path`` via a temporary file in
    the same folder and ``os.replace``: a reader never sees half a file, a failure leaves the
    old one. ``mode`` sets the permission bits (0o600 for secrets); without it an existing
    file keeps its bits and a new one gets ``NEW_FILE_MODE``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = NEW_FILE_MODE
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates the file 0600: a secret is never readable by others, even briefly.
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
