"""Push: the story's project, one task per source with its predictions.

A re-push adds only new sources; a source whose cleaned text changed is flagged,
never replaced (its annotations refer to the old text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factcheck.config import Settings
from factcheck.errors import LabelStudioError
from factcheck.ingest import cleaned_source, load_sources
from factcheck.labelstudio.client import (
    CONFIG_FILE,
    base_url,
    call,
    find_project,
    listed,
    load_config,
    project_title,
    text_hash,
    wrap,
)
from factcheck.labelstudio.preannotate import MODEL_VERSION, Candidate, extract, prediction_result
from factcheck.model import Source

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio


@dataclass
class PushResult:
    project: int
    title: str
    created: list[str] = field(default_factory=list)  # source ids with new tasks
    unchanged: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # text differs from the task: flagged
    predictions: int = 0

    def summary(self) -> str:
        lines = [
            f"project {self.project} ({self.title}): {len(self.created)} task(s) created, "
            f"{len(self.unchanged)} unchanged, {self.predictions} prediction(s)"
        ]
        for sid in self.changed:
            lines.append(
                f"CHANGED: source {sid!r}: its cleaned text differs from the task in Label "
                "Studio; the task was kept as is (its annotations refer to the old text). "
                "Review it, then delete the task in Label Studio and push again to replace it"
            )
        return "\n".join(lines)


def push(
    settings: Settings,
    story: str,
    client: LabelStudio,
    *,
    title: str | None = None,
    predictions: bool = True,
) -> PushResult:
    """Create or update the story's project; one task per source, predictions attached."""
    from label_studio_sdk.label_interface import LabelInterface

    config = load_config(settings)
    title = title or project_title(story)
    sources = load_sources(settings, story)
    texts = {s.id: cleaned_source(settings, s).text for s in sources}
    project = _project(client, title, story, config)
    result = PushResult(project.id, title)
    existing = {}
    for t in call(client, "listing tasks", lambda: listed(client.tasks.list(project=project.id))):
        data = t.data or {}
        existing[data.get("source_id")] = data
    interface = LabelInterface(config)
    cands = extract(settings, story) if predictions else {}
    batch = []
    for src in sources:
        text = texts[src.id]
        old = existing.get(src.id)
        if old is not None:
            (result.unchanged if old.get("sha256") == text_hash(text) else result.changed).append(
                src.id
            )
            continue
        task = _task(src, story, text, cands.get(src.id) or [], interface)
        result.predictions += "predictions" in task
        batch.append(task)
        result.created.append(src.id)
    if batch:
        call(
            client,
            "importing tasks",
            client.projects.import_tasks,
            project.id,
            request=batch,
            return_task_ids=True,
        )
    return result


def _project(client: LabelStudio, title: str, story: str, config: str) -> Any:
    """The project titled ``title``, created if missing, with ``config`` as its labelling config."""
    project = find_project(client, title)
    if project is None:
        project = call(
            client,
            "creating the project",
            client.projects.create,
            title=title,
            description=f"factcheck story {story}: one task per source",
        )
    _validate_config(client, project.id, config)
    if (project.label_config or "").strip() != config.strip():
        call(
            client,
            "setting the labelling config",
            client.projects.update,
            project.id,
            label_config=config,
        )
    return project


def _task(
    src: Source, story: str, text: str, cands: Sequence[Candidate], interface: Any
) -> dict[str, Any]:
    """The task of one source, with its predictions when spaCy proposed anything."""
    task: dict[str, Any] = {
        "data": {
            "text": text,
            "source_id": src.id,
            "story": story,
            "sha256": text_hash(text),
            "outlet": src.outlet,
            "title": src.title,
        }
    }
    if cands:
        res = prediction_result(cands, text)
        pred = {"model_version": MODEL_VERSION, "result": res}
        ok, errors = _validate_prediction(interface, pred)
        if not ok:
            raise LabelStudioError(
                f"spaCy predictions for source {src.id!r} do not fit {CONFIG_FILE}: "
                f"{'; '.join(map(str, errors))[:400]}; fix the config or the extractor"
            )
        task["predictions"] = [pred]
    return task


def _validate_prediction(interface: Any, pred: dict[str, Any]) -> tuple[bool, list[Any]]:
    res = interface.validate_prediction(pred, return_errors=True)
    if isinstance(res, tuple):
        return bool(res[0]), list(res[1] or [])
    if isinstance(res, list):
        return not res, res
    return bool(res), []


def _validate_config(client: LabelStudio, project: int, config: str) -> None:
    from label_studio_sdk.core.api_error import ApiError

    try:
        client.projects.validate_label_config(id=project, label_config=config)
    except ApiError as exc:
        if exc.status_code == 400:
            raise LabelStudioError(
                f"Label Studio rejects the labelling config: {str(exc.body)[:400]}; fix it",
                path=str(CONFIG_FILE),
            ) from None
        raise wrap(exc, base_url(client), "validating the labelling config", client) from None
    except Exception as exc:
        raise wrap(exc, base_url(client), "validating the labelling config", client) from None
