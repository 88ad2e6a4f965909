"""Golden files: ``annotations/<story>.yaml`` <-> :class:`~factcheck.model.Golden`.

Files, by job:

    reader.py  a strict YAML reader (file:line errors; refuses tags, merge keys and
               duplicate keys), also used for the story manifest
    schema.py  the golden schema on top of it: finding, loading, checking references
    writer.py  ``Golden`` -> canonical YAML text
"""

from __future__ import annotations

from factcheck.golden.schema import (
    ID_RE,
    SCHEMA_PATH,
    find_golden,
    load_golden,
    load_story_golden,
    loads_golden,
    normalise_evidence,
)
from factcheck.golden.writer import dump_golden

__all__ = [
    "ID_RE",
    "SCHEMA_PATH",
    "dump_golden",
    "find_golden",
    "load_golden",
    "load_story_golden",
    "loads_golden",
    "normalise_evidence",
]
