"""Stories on disk: ``seeds/<story>/`` raw files + ``sources.yaml`` manifest -> Sources.

Raw files are never modified: ingestion only adds new files (opened with
``"xb"``, which refuses to overwrite) and rewrites the manifest atomically, under
a lock (``filelock``) and keeping its permissions.
Cleaned texts are derived on demand and cached by content hash.

By job: ``stories.py`` (story ids and folders, the manifest, which stories have no
report), ``cleaned.py`` (the cleaned text of a source or file, cached; what cleaning
removed), ``add.py`` (``ingest``: adding raw articles to a story).
"""

from __future__ import annotations

from factcheck.ingest.add import Ingested, ingest, ingest_command
from factcheck.ingest.cleaned import (
    clean_command,
    cleaned_bytes,
    cleaned_file,
    cleaned_source,
    cleaning_notes,
    summarize_removed,
)
from factcheck.ingest.stories import (
    MANIFEST,
    Manifest,
    check_story_id,
    list_stories,
    load_manifest,
    load_sources,
    source_path,
    story_dir,
    story_title,
    unreported_stories,
)

__all__ = [
    "MANIFEST",
    "Ingested",
    "Manifest",
    "check_story_id",
    "clean_command",
    "cleaned_bytes",
    "cleaned_file",
    "cleaned_source",
    "cleaning_notes",
    "ingest",
    "ingest_command",
    "list_stories",
    "load_manifest",
    "load_sources",
    "source_path",
    "story_dir",
    "story_title",
    "summarize_removed",
    "unreported_stories",
]
