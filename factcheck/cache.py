"""A content-addressed cache of derived data (cleaned texts, parsed spaCy docs).

Entries live in ``<cache_dir>/<namespace>/<key[:2]>/<key>``. A write goes through
``_fs.atomic_write`` (a temporary file in the same folder moved into place with
``os.replace``), which is atomic: two processes writing the same key at once both
succeed and a reader never sees half a file. Values for one key are identical by
construction (the key hashes everything the value depends on), so last writer
wins safely. A corrupt or unreadable entry is treated as missing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from factcheck._fs import atomic_write


def content_key(*parts: str | bytes) -> str:
    """A sha256 hex key over ``parts`` (length-prefixed, so parts can't run together)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class Cache:
    """Bytes by (namespace, key) under one folder; safe for concurrent writers."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / key[:2] / key

    def get(self, namespace: str, key: str) -> bytes | None:
        try:
            return self.path(namespace, key).read_bytes()
        except OSError:
            return None

    def put(self, namespace: str, key: str, data: bytes) -> None:
        target = self.path(namespace, key)
        try:
            atomic_write(target, data)
        except OSError:
            # A cache that can't be written (read-only checkout, full disk) only costs speed.
            return
