"""Label Studio round trip: sources -> tasks with spaCy predictions; annotations -> golden.

Files, by job (the commands live in ``factcheck/cli.py``):

    client.py       the SDK connection: errors, credential scrubbing, bounded paging, the config
    preannotate.py  candidate facts from spaCy and the regions that show them
    push.py         the story's project, one task per source, predictions attached
    export.py       the full JSON export read into facts; drifted spans reported
    agreement.py    one fact per span all its annotators agree on; conflicts listed
    merge.py        agreed facts -> assertions and entities spliced into the golden YAML
    pull.py         export -> agreement -> merge, written atomically
    server.py       a local label-studio: its own venv, a cached template, start and stop

Heavy imports (the SDK, spaCy) happen inside functions.
"""

from __future__ import annotations

from factcheck.labelstudio.agreement import Conflict
from factcheck.labelstudio.client import (
    CONFIG_FILE,
    connect,
    find_project,
    load_config,
    project_title,
    safe_url,
    text_hash,
)
from factcheck.labelstudio.export import checked_span, export, parse_value
from factcheck.labelstudio.merge import CONFLICT_MARK, merge_text
from factcheck.labelstudio.preannotate import Candidate, extract, prediction_result
from factcheck.labelstudio.pull import PullResult, pull
from factcheck.labelstudio.push import PushResult, push

__all__ = [
    "CONFIG_FILE",
    "CONFLICT_MARK",
    "Candidate",
    "Conflict",
    "PullResult",
    "PushResult",
    "checked_span",
    "connect",
    "export",
    "extract",
    "find_project",
    "load_config",
    "merge_text",
    "parse_value",
    "prediction_result",
    "project_title",
    "pull",
    "push",
    "safe_url",
    "text_hash",
]
