"""Record a reviewed finding in a golden file: its ``known`` entry, written for the reviewer.

ruamel.yaml's round trip finds where the entry goes (the assertion, its ``known`` list,
the key after it); the new lines are then inserted into the file's own text. Dumping
the whole document back would re-fold every long string (ruamel folds plain scalars
its own way), so ``git diff`` would show hundreds of lines; this way it shows only the
entry. The result is parsed by the strict golden loader before it replaces the file
(atomically), so a review never leaves a golden file the checker refuses.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from factcheck._fs import atomic_write
from factcheck.errors import InputError
from factcheck.model import FINDING_KINDS

__all__ = ["NOTE_PLACEHOLDER", "entry_yaml", "record_known"]

#: The note shown in the report's copyable entry, for the reviewer to replace.
NOTE_PLACEHOLDER = "what the source says and why it is accepted"
# The committed golden files fold long strings near 100 columns.
_WIDTH = 100


def entry_yaml(source: str, kind: str, note: str, *, indent: int = 0) -> str:
    """The ``known`` list item as YAML text, its ``-`` at column ``indent``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=2, offset=0)
    y.width = max(40, _WIDTH - indent)
    out = io.StringIO()
    note = DoubleQuotedScalarString(" ".join(note.split()))
    y.dump([{"source": source, "kind": kind, "note": note}], out)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in out.getvalue().splitlines(True))


def record_known(
    path: Path,
    *,
    assertion: str,
    source: str,
    kind: str,
    note: str,
    sources: Iterable[str] | None = None,
) -> int | None:
    """Add ``assertion``'s ``known`` entry for ``source`` and ``kind``; return its line.

    None when an entry for that source and kind is already recorded (nothing is
    written: edit its note in the file). ``sources``: the manifest's source ids.
    """
    from factcheck.golden import loads_golden

    if kind not in FINDING_KINDS:
        raise InputError(f"--kind {kind!r}: use one of {', '.join(FINDING_KINDS)}")
    if not note.strip():
        raise InputError("--note is empty: say what the source says and why it is accepted")
    text = path.read_text(encoding="utf-8")
    golden = loads_golden(text, path=str(path), sources=sources)  # refuse a broken file
    if sources is not None and source not in set(sources):
        raise InputError(
            f"source {source!r} is not in the story's manifest; sources: {', '.join(sources)}"
        )
    ids = [a.id for a in golden.assertions]
    if assertion not in ids:
        from difflib import get_close_matches

        close = get_close_matches(assertion, ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InputError(f"no assertion {assertion!r}{hint}", path=str(path))
    existing = next(a for a in golden.assertions if a.id == assertion)
    if any(k.source == source and k.kind == kind for k in existing.known):
        return None

    lines = text.splitlines(keepends=True)
    at, block = _insertion(_locate(text, assertion), len(lines), source, kind, note)
    # Blank lines and comments before the next key or assertion belong to what follows.
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    new_text = "".join(lines[:at]) + block + "".join(lines[at:])
    loads_golden(new_text, path=str(path), sources=sources)  # what we write, the checker reads
    atomic_write(path, new_text)
    return at + 1 + (1 if block.lstrip().startswith("known:") else 0)  # 1-based


def _locate(text: str, assertion: str) -> tuple[Any, Any]:
    """The assertion's round-trip mapping and the one after it (None for the last)."""
    from ruamel.yaml import YAML

    doc = YAML(typ="rt").load(text)
    items = list(doc["assertions"])
    i = next(i for i, a in enumerate(items) if a.get("id") == assertion)
    return items[i], (items[i + 1] if i + 1 < len(items) else None)


def _insertion(
    found: tuple[Any, Any], end: int, source: str, kind: str, note: str
) -> tuple[int, str]:
    """(line index to insert at, the text to insert) for the new entry."""
    item, following = found
    keys = list(item.keys())
    col = item.lc.key(keys[0])[1]  # the column of the assertion's keys

    def line_after(key: str) -> int:
        """The line where what follows ``key``'s value begins."""
        later = keys[keys.index(key) + 1 :]
        if later:
            return int(item.lc.key(later[0])[0])
        return int(following.lc.line) if following is not None else end

    if "known" in keys:
        return line_after("known"), entry_yaml(source, kind, note, indent=col + 2)
    # Canonical key order (golden-format.md): known after evidence, before provenance.
    at = int(item.lc.key("provenance")[0]) if "provenance" in keys else line_after(keys[-1])
    return at, " " * col + "known:\n" + entry_yaml(source, kind, note, indent=col + 2)
