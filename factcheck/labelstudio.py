"""Label Studio round trip: sources -> tasks with spaCy predictions; annotations -> golden.

- ``extract(settings, story)``: candidate facts from spaCy (the pre-annotations).
- ``push(settings, story, client)``: create or update the story's project, one task
  per source (cleaned text, source id, content hash), predictions attached. A re-push
  adds only new sources; a source whose cleaned text changed is flagged, never replaced.
- ``pull(settings, story, client, dry_run=...)``: export the full JSON, check every
  span, turn agreed annotations into golden assertions and merge them into
  ``annotations/<story>.yaml`` (existing assertions untouched), list conflicts
  between annotators for review, report agreement per kind, write atomically.

The connection comes from ``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY``; the key is
never printed, logged or written. Every server failure is one ``LabelStudioError``.
Result names (``label``, ``statement``, ``required``...) are those of
``annotations/labelstudio.xml``; docs/labelstudio-roundtrip.md describes the mapping.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import math
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from factcheck import lsserver
from factcheck._fs import atomic_write
from factcheck.config import Settings, load_settings
from factcheck.errors import FactcheckError, LabelStudioError
from factcheck.golden import ID_RE, dump_golden, find_golden, loads_golden, normalise_evidence
from factcheck.ingest import cleaned_source, load_manifest, load_sources
from factcheck.match import entity_for
from factcheck.model import (
    Assertion,
    ClaimAssertion,
    Entity,
    Golden,
    GoldenEvidence,
    NumberAssertion,
    Provenance,
    QuoteAssertion,
)

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

__all__ = [
    "CONFIG_FILE",
    "Candidate",
    "Conflict",
    "PullResult",
    "PushResult",
    "connect",
    "extract",
    "load_config",
    "project_title",
    "pull",
    "push",
    "serve",
]

CONFIG_FILE = "labelstudio.xml"
MODEL_VERSION = "factcheck-spacy"
#: Label -> assertion kind. SPEAKER and ENTITY regions are ends of relations, not facts; an
#: ENTITY region on its own names an entity of the story (a new one is added on pull).
LABEL_KIND = {"QUOTE": "quote", "NUMBER": "number", "CLAIM": "claim"}
CONFLICT_MARK = "# ---- factcheck labelstudio pull: conflicts to review"
T = TypeVar("T")


# --------------------------------------------------------------- connection


def connect(url: str | None = None, api_key: str | None = None, *, timeout: float = 30):
    """An SDK client for ``url``/``api_key`` (default: LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY)."""
    from label_studio_sdk import LabelStudio

    url = url or os.environ.get("LABEL_STUDIO_URL")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY")
    if not url or not api_key:
        missing = " and ".join(
            n for n, v in (("LABEL_STUDIO_URL", url), ("LABEL_STUDIO_API_KEY", api_key)) if not v
        )
        raise LabelStudioError(
            f"{missing} not set: export LABEL_STUDIO_URL=http://127.0.0.1:8080 and "
            "LABEL_STUDIO_API_KEY=<your token> (Account & Settings in Label Studio, or "
            "`python -m factcheck.lsserver token` for the local server)"
        )
    _SECRETS.add(api_key)
    parts = urlsplit(url)
    if parts.password:
        _SECRETS.add(parts.password)
    try:
        return LabelStudio(
            base_url=url.rstrip("/"), api_key=api_key, timeout=timeout, max_retries=MAX_RETRIES
        )
    except Exception as exc:  # a PAT is exchanged at construction: same failures as a call
        raise _wrap(exc, safe_url(url), "connecting") from None


#: Retries of one failed request by the SDK (then the error is reported).
MAX_RETRIES = 2
#: Most items one listing may return: a server whose pager never ends stops here.
MAX_LISTED = 20_000
#: Credentials seen by ``connect`` in this process: never shown, whatever echoes them.
_SECRETS: set[str] = set()
_AUTH_VALUE = re.compile(r"\b(Token|Bearer|Basic)(\s+)[^\s\"',;}\]]+", re.IGNORECASE)
_USERINFO = re.compile(r"(\w+://)[^/@\s]*@")


def safe_url(url: str) -> str:
    """``url`` without its user and password."""
    return _USERINFO.sub(r"\1<credentials>@", url)


def _url(client: LabelStudio) -> str:
    return safe_url(str(client._client_wrapper.get_base_url()))


def _scrub(text: str, client: LabelStudio | None = None) -> str:
    """``text`` with every credential replaced: the keys ``connect`` was given, the
    tokens the SDK holds, any ``Authorization`` value and a URL's user:password (a
    server error body may echo the request's headers)."""
    tokens = getattr(getattr(client, "_client_wrapper", None), "_tokens_client", None)
    held = {getattr(tokens, "api_key", None), getattr(tokens, "_access_token", None)}
    secrets = {s for s in (*_SECRETS, *held) if isinstance(s, str) and s}
    for secret in sorted(secrets, key=len, reverse=True):  # a longer one may hold a shorter
        text = text.replace(secret, "<secret>")
    return safe_url(_AUTH_VALUE.sub(r"\1\2<secret>", text))


def _listed(pager: Iterable[T]) -> list[T]:
    """Every item of an SDK pager, bounded: the SDK asks for pages until one is empty, so
    a server that ignores ``page`` would be asked forever."""
    items: list[T] = []
    seen: set[Any] = set()
    for item in pager:
        key = getattr(item, "id", None)
        if key is not None and key in seen:
            raise ValueError(
                f"the same item (id {key}) came back on a later page: its pagination never "
                "ends (a proxy or server ignoring ?page=)"
            )
        seen.add(key)
        items.append(item)
        if len(items) > MAX_LISTED:
            raise ValueError(f"more than {MAX_LISTED:,} items in one listing: stopped paging")
    return items


def _wrap(exc: Exception, url: str, what: str, client: LabelStudio | None = None) -> Exception:
    """One clear LabelStudioError for any failure of a call (never showing the key)."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    if isinstance(exc, LabelStudioError):
        return exc
    url = safe_url(url)
    if isinstance(exc, ApiError):
        code = exc.status_code
        body = " ".join(_scrub(str(exc.body), client).split())[:300]  # scrub, then cut
        if code in (401, 403):
            return LabelStudioError(
                f"Label Studio at {url} refused the API key while {what} (HTTP {code}); set "
                "LABEL_STUDIO_API_KEY to your account's token (Account & Settings; for the "
                "local server `python -m factcheck.lsserver token`). Nothing was written"
            )
        return LabelStudioError(
            f"Label Studio at {url} answered HTTP {code} while {what}: {body}. "
            "Check the server's log and retry; nothing was written"
        )
    if isinstance(exc, httpx.TimeoutException):
        return LabelStudioError(
            f"Label Studio at {url} did not answer in time while {what}; retry, or check "
            "the server is not overloaded. Nothing was written"
        )
    if isinstance(exc, httpx.HTTPError | OSError):
        return LabelStudioError(
            f"cannot reach Label Studio at {url} while {what} ({type(exc).__name__}: "
            f"{_scrub(str(exc), client)[:200]}); start it (`nox -s labelstudio`) or fix "
            "LABEL_STUDIO_URL. Nothing was written"
        )
    if isinstance(exc, ValueError):  # a body that is not the JSON the SDK expects
        return LabelStudioError(
            f"Label Studio at {url} sent an unexpected answer while {what}: "
            f"{_scrub(str(exc), client)[:200]}. Nothing was written"
        )
    raise exc


def _call(client: LabelStudio, what: str, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    try:
        return fn(*args, **kw)
    except Exception as exc:
        raise _wrap(exc, _url(client), what, client) from None


# ------------------------------------------------------------------- config


def load_config(settings: Settings) -> str:
    """The labelling config ``annotations/labelstudio.xml``."""
    path = settings.annotations_dir / CONFIG_FILE
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LabelStudioError(
            f"labelling config not found ({exc.strerror}); restore {CONFIG_FILE} from git",
            path=str(path),
        ) from exc


def project_title(story: str) -> str:
    """The project of a story is found by this title."""
    return f"factcheck {story}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ extract


@dataclass(frozen=True)
class Candidate:
    """A fact spaCy proposes for one source; offsets are code points in the cleaned text."""

    source: str
    kind: str  # quote | number | entity
    start: int
    end: int
    text: str
    speaker: str | None = None  # quotes: the speaker as the text names them
    speaker_span: tuple[int, int] | None = None
    entity: str | None = None  # the story entity it maps to (quotes: the speaker's)
    low: float | None = None  # numbers
    high: float | None = None
    qualifier: str | None = None
    counts: str | None = None
    label: str | None = None  # entities: spaCy label

    def to_json(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if v is not None}
        for k in ("low", "high"):
            if k in d and math.isinf(d[k]):
                d[k] = None
        return d


_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def _story_entities(settings: Settings, story: str) -> tuple[Entity, ...]:
    try:
        return loads_golden(find_golden(settings, story).read_text(encoding="utf-8")).entities
    except FactcheckError:  # no golden yet: candidates are not mapped to entities
        return ()


def extract(settings: Settings, story: str) -> dict[str, list[Candidate]]:
    """Candidate facts per source id: quotes with speakers, numbers, entity mentions."""
    from factcheck import nlp

    sources = load_sources(settings, story)
    texts = [cleaned_source(settings, s).text for s in sources]
    docs = nlp.parse(texts, model=settings.model, cache_dir=settings.cache_dir)
    entities = _story_entities(settings, story)
    out: dict[str, list[Candidate]] = {}
    for src, doc in zip(sources, docs, strict=True):
        text = doc.text
        found: list[Candidate] = []
        taken: list[tuple[int, int]] = []
        for q in nlp.quotes(doc):
            # The SPEAKER region goes on the name ("Ortiz"), not a pronoun ("he"): pull
            # resolves region text to a story entity.
            span = next(
                (sp for n in (q.speaker, q.mention) if n and (sp := _find_near(text, n, q))), None
            )
            ent = entity_for(q.speaker or q.mention, entities)
            # A comma standing for the quote's full stop is not part of the words (golden rule).
            end = q.start + len(q.text.rstrip().rstrip(",;:").rstrip())
            found.append(
                Candidate(
                    src.id,
                    "quote",
                    q.start,
                    end,
                    text[q.start : end],
                    speaker=q.speaker or q.mention,
                    speaker_span=span,
                    entity=ent.id if ent else None,
                )
            )
            taken.append((q.start, q.end))
            if span:
                taken.append(span)
        for n in nlp.numbers(doc):
            if n.low == n.high == 1 and (not n.noun or "first" in n.text.lower()):
                continue  # "for the first time", "the first of many": no count to label
            found.append(
                Candidate(
                    src.id,
                    "number",
                    n.start,
                    n.end,
                    n.text,
                    low=n.low,
                    high=n.high,
                    qualifier=n.qualifier,
                    counts=n.noun,
                )
            )
            taken.append((n.start, n.end))
        for m in nlp.mentions(doc, _ENTITY_LABELS):
            if any(a < m.end and m.start < b for a, b in taken):
                continue
            ent = entity_for(m.text, entities, exact=True)
            found.append(
                Candidate(
                    src.id,
                    "entity",
                    m.start,
                    m.end,
                    m.text,
                    label=m.label,
                    entity=ent.id if ent else None,
                )
            )
        out[src.id] = sorted(found, key=lambda c: (c.start, c.end))
    return out


def _find_near(text: str, needle: str, quote: Any) -> tuple[int, int] | None:
    """``needle`` as whole words outside the quote, nearest to it, in or next to its sentence."""
    lo = max(0, min(quote.sentence[0], quote.start) - 300)
    hi = min(len(text), max(quote.sentence[1], quote.end) + 300)
    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    hits = [
        (m.start(), m.end())
        for m in re.finditer(pattern, text[lo:hi])
        if not (quote.start <= lo + m.start() < quote.end)
    ]
    if not hits:
        return None
    a, b = min(hits, key=lambda h: min(abs(lo + h[0] - quote.end), abs(lo + h[1] - quote.start)))
    return lo + a, lo + b


def _short(text: str, words: int = 12) -> str:
    ws = text.split()
    return " ".join(ws[:words]) + (" ..." if len(ws) > words else "")


def prediction_result(cands: Sequence[Candidate], text: str) -> list[dict[str, Any]]:
    """Label Studio result items (regions, per-region fields, said_by) for the candidates
    of the task text ``text``; every region's text is ``text[start:end]``."""
    out: list[dict[str, Any]] = []

    def region(rid: str, c0: int, c1: int, label: str) -> None:
        value = {"start": c0, "end": c1, "text": text[c0:c1], "labels": [label]}
        out.append(
            {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}
        )

    def field_(rid: str, name: str, c0: int, c1: int, value: str) -> None:
        out.append(
            {
                "id": rid,
                "from_name": name,
                "to_name": "text",
                "type": "textarea",
                "value": {"start": c0, "end": c1, "text": [value]},
            }
        )

    for i, c in enumerate(cands):
        rid = f"{c.kind[0]}{i}"
        if c.kind == "quote":
            region(rid, c.start, c.end, "QUOTE")
            if c.speaker:
                field_(rid, "statement", c.start, c.end, f'{c.speaker}: "{_short(c.text)}"')
            if c.speaker_span:
                s0, s1 = c.speaker_span
                sid = f"s{i}"
                region(sid, s0, s1, "SPEAKER")
                out.append(
                    {
                        "type": "relation",
                        "from_id": rid,
                        "to_id": sid,
                        "direction": "right",
                        "labels": ["said_by"],
                    }
                )
        elif c.kind == "number":
            region(rid, c.start, c.end, "NUMBER")
            if c.low is not None and c.high is not None:
                field_(rid, "value", c.start, c.end, _value_text(c.low, c.high))
            if c.counts:
                field_(rid, "counts", c.start, c.end, c.counts)
        else:
            region(rid, c.start, c.end, "ENTITY")
    return out


def _value_text(low: float, high: float) -> str:
    def n(x: float) -> str:
        return f"{x:.10g}"

    if low == high:
        return n(low)
    return f"{'' if low <= 0 else n(low)}-{'' if math.isinf(high) else n(high)}"


# --------------------------------------------------------------------- push


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


def find_project(client: LabelStudio, title: str) -> Any | None:
    for p in _call(client, "listing projects", lambda: _listed(client.projects.list())):
        if p.title == title:
            return p
    return None


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
    project = find_project(client, title)
    if project is None:
        project = _call(
            client,
            "creating the project",
            client.projects.create,
            title=title,
            description=f"factcheck story {story}: one task per source",
        )
    _validate_config(client, project.id, config)
    if (project.label_config or "").strip() != config.strip():
        _call(
            client,
            "setting the labelling config",
            client.projects.update,
            project.id,
            label_config=config,
        )
    result = PushResult(project.id, title)
    existing = {}
    for t in _call(client, "listing tasks", lambda: _listed(client.tasks.list(project=project.id))):
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
        if cands.get(src.id):
            res = prediction_result(cands[src.id], text)
            pred = {"model_version": MODEL_VERSION, "score": 0.5, "result": res}
            ok, errors = _validate_prediction(interface, pred)
            if not ok:
                raise LabelStudioError(
                    f"spaCy predictions for source {src.id!r} do not fit {CONFIG_FILE}: "
                    f"{'; '.join(map(str, errors))[:400]}; fix the config or the extractor"
                )
            task["predictions"] = [pred]
            result.predictions += 1
        batch.append(task)
        result.created.append(src.id)
    if batch:
        _call(
            client,
            "importing tasks",
            client.projects.import_tasks,
            project.id,
            request=batch,
            return_task_ids=True,
        )
    return result


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
        raise _wrap(exc, _url(client), "validating the labelling config", client) from None
    except Exception as exc:
        raise _wrap(exc, _url(client), "validating the labelling config", client) from None


# --------------------------------------------------------------------- pull


@dataclass(frozen=True)
class Fact:
    """One annotator's labelled fact, before agreement and merging."""

    task: int
    source: str
    kind: str
    start: int
    end: int
    text: str
    evidence: str
    annotator: str
    annotation: int
    at: str | None
    statement: str | None = None
    required: bool = False
    speaker: str | None = None  # quotes: entity id; claims: subject entity id
    speaker_name: str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    counts: str | None = None
    predicate: str | None = None
    object: str | None = None

    def key(self) -> tuple[int, str, int, int]:
        return (self.task, self.kind, self.start, self.end)

    def attributes(self) -> dict[str, Any]:
        """What annotators must agree on."""
        # An unknown speaker is compared by name: two new names are two people.
        who = self.speaker or (self.speaker_name or "").strip().lower()
        if self.kind == "quote":
            return {"speaker": who, "required": self.required}
        if self.kind == "number":
            return {"value": _value_text(self.low or 0, self.high or 0), "required": self.required}
        return {"subject": who, "predicate": self.predicate, "required": self.required}


@dataclass(frozen=True)
class Conflict:
    task: int
    source: str
    kind: str
    start: int
    end: int
    text: str
    values: tuple[tuple[str, str], ...]  # (annotator, what they said)

    def line(self) -> str:
        said = "; ".join(f"{who}: {what}" for who, what in self.values)
        return (
            f"task {self.task} (source {self.source}) {self.kind} [{self.start}:{self.end}] "
            f'"{_short(self.text, 10)}": {said}'
        )


@dataclass
class PullResult:
    path: Path
    added: list[str] = field(default_factory=list)  # new assertion ids
    entities: list[str] = field(default_factory=list)  # new entity ids
    kept: int = 0  # facts already in the golden (left as they are)
    conflicts: list[Conflict] = field(default_factory=list)
    drifted: list[str] = field(default_factory=list)  # spans whose text does not match
    incomplete: list[str] = field(default_factory=list)  # facts missing a required part
    named: list[str] = field(default_factory=list)  # ENTITY regions in no relation
    agreement: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> agreed, total
    diff: str = ""
    written: bool = False

    def summary(self) -> str:
        lines = [
            f"{len(self.added)} new assertion(s), {len(self.entities)} new entit(y/ies), "
            f"{self.kept} already in {self.path.name}, {len(self.conflicts)} conflict(s), "
            f"{len(self.drifted)} drifted span(s), {len(self.incomplete)} incomplete"
        ]
        for kind, (agreed, total) in sorted(self.agreement.items()):
            share = f"{agreed / total:.0%}" if total else "n/a"
            lines.append(
                f"agreement {kind}: {agreed}/{total} span(s) labelled by 2+ "
                f"annotators agree ({share})"
            )
        lines += [f"CONFLICT {c.line()}" for c in self.conflicts]
        lines += [f"DRIFTED {d}" for d in self.drifted]
        lines += [f"INCOMPLETE {d}" for d in self.incomplete]
        if not self.diff:
            lines.append("no change")
        elif self.written:
            lines.append(f"written: {self.path}")
        else:
            lines.append("dry run: nothing written")
        return "\n".join(lines)


def export(client: LabelStudio, project: int) -> list[dict[str, Any]]:
    """Full JSON export (JSON_MIN drops relations) of the tasks that have annotations."""

    def run() -> list[dict[str, Any]]:
        raw = b"".join(
            client.projects.exports.download_sync(
                project, export_type="JSON", download_all_tasks=False
            )
        )
        data = json.loads(raw)
        if not isinstance(data, list):
            raise ValueError(f"export is a {type(data).__name__}, not a list of tasks")
        return data

    return _call(client, "exporting annotations", run)


def _utf16_to_cp(text: str, i: int) -> int | None:
    """Code-point offset of UTF-16 offset ``i`` (None when it splits a pair)."""
    n = 0
    for cp, ch in enumerate(text):
        if n == i:
            return cp
        n += 2 if ord(ch) > 0xFFFF else 1
        if n > i:
            return None
    return len(text) if n == i else None


def checked_span(text: str, value: dict[str, Any]) -> tuple[int, int] | None:
    """``(start, end)`` in code points when ``text[start:end]`` is the labelled text.

    Label Studio stores code points; a front end counting UTF-16 units drifts after
    a character outside the BMP, so that reading is tried too. None: report, don't trust.
    """
    start, end, label = value.get("start"), value.get("end"), value.get("text")
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(label, str):
        return None
    if 0 <= start <= end <= len(text) and text[start:end] == label:
        return start, end
    a, b = _utf16_to_cp(text, start), _utf16_to_cp(text, end)
    if a is not None and b is not None and text[a:b] == label:
        return a, b
    return None


def _first(value: dict[str, Any], key: str) -> str | None:
    items = value.get(key) or []
    items = [items] if isinstance(items, str) else items
    text = " ".join(str(x).strip() for x in items if str(x).strip())
    return text or None


_RANGE_RE = re.compile(r"^\s*([\d.,]*)\s*(?:-|–|\.\.)\s*([\d.,]*)\s*$")


def parse_value(value: str | None, span_text: str) -> tuple[float, float, str | None] | None:
    """``(low, high, qualifier)`` from the ``value`` field ("35", "2000-9999", "31-") else span."""
    from factcheck import nlp

    qualifier = None
    parsed_span = nlp.parse_number(span_text)
    if parsed_span:
        qualifier = parsed_span[2]
    if value:
        v = value.replace(",", "").strip()
        m = _RANGE_RE.match(v)
        try:
            if m and (m.group(1) or m.group(2)):
                low = float(m.group(1)) if m.group(1) else 0.0
                high = float(m.group(2)) if m.group(2) else math.inf
                return low, high, qualifier
            return float(v), float(v), qualifier
        except ValueError:
            parsed = nlp.parse_number(value)
            return parsed if parsed else None
    return parsed_span


def _annotator(ann: dict[str, Any], users: dict[int, str]) -> str:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("id"))
    return users.get(who, str(who)) if isinstance(who, int) else str(who)


def _evidence(text: str, spans: list[tuple[int, int]]) -> str:
    """The quote and its attribution when close in one paragraph, else the span alone."""
    a, b = min(s for s, _ in spans), max(e for _, e in spans)
    if b - a > 600 or "\n\n" in text[a:b]:
        a, b = spans[0]
    while a > 0 and text[a - 1] in "\"'":
        a -= 1
    while b < len(text) and text[b] in "\"',.":
        b += 1
    return text[a:b].strip()


def facts_of_task(
    task: dict[str, Any], entities: list[Entity], users: dict[int, str], result: PullResult
) -> list[Fact]:
    """Every non-cancelled annotation of one exported task, as facts."""
    data = task.get("data") or {}
    text, source, tid = data.get("text") or "", str(data.get("source_id")), int(task["id"])
    out: list[Fact] = []
    for ann in task.get("annotations") or []:
        if ann.get("was_cancelled"):
            continue
        who = _annotator(ann, users)
        regions: dict[str, tuple[str, int, int]] = {}
        fields: dict[str, dict[str, Any]] = defaultdict(dict)
        relations: list[dict[str, Any]] = []
        for item in ann.get("result") or []:
            kind, rid, value = item.get("type"), item.get("id"), item.get("value") or {}
            if kind == "relation":
                relations.append(item)
            elif kind == "labels" and value.get("labels"):
                span = checked_span(text, value)
                if span is None:
                    result.drifted.append(
                        f"task {tid} (source {source}) annotation {ann.get('id')} by {who}: "
                        f"[{value.get('start')}:{value.get('end')}] is labelled "
                        f"{value.get('text')!r} but the task text there is "
                        f"{text[value.get('start') or 0 : value.get('end') or 0]!r}"
                    )
                    continue
                regions[rid] = (value["labels"][0], *span)
            elif kind in ("textarea", "choices"):
                fields[rid][item.get("from_name")] = value
        link: dict[str, dict[str, str]] = defaultdict(dict)
        for rel in relations:
            a, b = rel.get("from_id"), rel.get("to_id")
            for label in rel.get("labels") or ["said_by"]:
                if a in regions and b in regions:
                    link[a][label] = b
                    if rel.get("direction") == "bi":
                        link[b][label] = a
        ends = {r.get("to_id") for r in relations} | {r.get("from_id") for r in relations}
        result.named += [
            " ".join(text[a:b].split())
            for rid, (label, a, b) in regions.items()
            if label == "ENTITY" and rid not in ends
        ]
        for rid, (label, start, end) in regions.items():
            f = fields.get(rid, {})
            kind_field = _first(f.get("kind", {}), "choices")
            kind = kind_field or LABEL_KIND.get(label)
            if kind is None:
                continue
            where = f"task {tid} (source {source}) {kind} [{start}:{end}] by {who}"
            spans = [(start, end)]
            common = dict(
                task=tid,
                source=source,
                kind=kind,
                start=start,
                end=end,
                text=text[start:end],
                annotator=who,
                annotation=int(ann.get("id") or 0),
                at=ann.get("created_at") or ann.get("updated_at"),
                statement=_first(f.get("statement", {}), "text"),
                required="required" in (f.get("required", {}).get("choices") or []),
            )
            target = link[rid].get("said_by" if kind == "quote" else "subject")
            if kind == "claim" and target is None:
                target = link[rid].get("said_by")
            speaker = name = None
            if target is not None:
                _, s0, s1 = regions[target]
                name = text[s0:s1]
                ent = entity_for(name, entities)
                speaker = ent.id if ent else None
                spans.append((s0, s1))
            if kind == "quote":
                if name is None:
                    result.incomplete.append(f"{where}: no said_by relation to a SPEAKER")
                    continue
                out.append(
                    Fact(
                        **common,
                        evidence=_evidence(text, spans),
                        speaker=speaker,
                        speaker_name=name,
                    )
                )
            elif kind == "number":
                parsed = parse_value(_first(f.get("value", {}), "text"), text[start:end])
                counts = _first(f.get("counts", {}), "text")
                if parsed is None or not counts:
                    result.incomplete.append(f"{where}: needs a value and what it counts")
                    continue
                out.append(
                    Fact(
                        **common,
                        evidence=_evidence(text, [(start, end)]),
                        low=parsed[0],
                        high=parsed[1],
                        qualifier=parsed[2],
                        unit=_first(f.get("unit", {}), "text"),
                        counts=counts,
                    )
                )
            else:
                predicate = _first(f.get("predicate", {}), "text")
                if name is None or not predicate:
                    result.incomplete.append(f"{where}: needs a subject relation and a predicate")
                    continue
                out.append(
                    Fact(
                        **common,
                        evidence=_evidence(text, [(start, end)]),
                        speaker=speaker,
                        speaker_name=name,
                        predicate=predicate,
                        object=_first(f.get("object", {}), "text"),
                    )
                )
    return out


def _slug(text: str, words: int = 5) -> str:
    ws = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(ws[:words]) or "fact"


def _unique_id(base: str, taken: set[str]) -> str:
    base = base[:72].strip("-") or "fact"
    out, n = base, 2
    while out in taken or not ID_RE.match(out):
        out = f"{base}-{n}"
        n += 1
    taken.add(out)
    return out


def _new_entity(name: str, kind: str, taken: set[str]) -> Entity:
    label = "PERSON" if kind == "quote" else _ner_label(name)
    return Entity(id=_unique_id(_slug(name, 4), taken), name=name, type=label)


def _ner_label(name: str) -> str:
    from factcheck import nlp

    ents = nlp.load_pipeline()(name).ents
    return ents[0].label_ if ents else "ORG"


def _already(f: Fact, assertions: Iterable[Assertion]) -> Assertion | None:
    """The existing assertion that holds this fact, if any (it is left untouched)."""
    span = normalise_evidence(f.text).lower()
    for a in assertions:
        if a.kind != f.kind:
            continue
        if isinstance(a, QuoteAssertion) and normalise_evidence(a.text).lower() == span:
            return a
        for e in a.evidence:
            if e.source == f.source and span in normalise_evidence(e.text).lower():
                return a
    return None


def _disagrees(f: Fact, a: Assertion) -> str | None:
    """What the golden says where the annotators say otherwise (speaker, value), or None."""
    if isinstance(a, QuoteAssertion) and f.speaker and f.speaker != a.speaker:
        return f"speaker={a.speaker}"
    if (
        isinstance(a, NumberAssertion)
        and f.low is not None
        and f.high is not None
        and (f.high < a.low or f.low > a.high)
    ):
        return f"value={_value_text(a.low, a.high)}"
    return None


def _agree(facts: list[Fact], result: PullResult) -> list[Fact]:
    """One fact per span that all its annotators agree on; conflicts listed, not guessed."""
    by_key: dict[tuple[int, str, int, int], list[Fact]] = defaultdict(list)
    for f in facts:
        by_key[f.key()].append(f)
    agreed: list[Fact] = []
    for key, group in sorted(by_key.items()):
        per_annotator = {f.annotator: f for f in group}
        seen = {json.dumps(f.attributes(), sort_keys=True) for f in per_annotator.values()}
        multi = len(per_annotator) > 1
        done, total = result.agreement.get(key[1], (0, 0))
        if len(seen) > 1:
            values = tuple(
                (who, ", ".join(f"{k}={_show(k, v, f)}" for k, v in f.attributes().items()))
                for who, f in sorted(per_annotator.items())
            )
            f0 = group[0]
            result.conflicts.append(
                Conflict(f0.task, f0.source, f0.kind, f0.start, f0.end, f0.text, values)
            )
            result.agreement[key[1]] = (done, total + 1)
            continue
        if multi:
            result.agreement[key[1]] = (done + 1, total + 1)
        else:
            result.agreement.setdefault(key[1], (done, total))
        first = min(group, key=lambda f: (f.at or "", f.annotation))
        who = ", ".join(sorted(per_annotator))
        agreed.append(replace(first, annotator=who))
    return agreed


def _show(key: str, value: Any, f: Fact) -> str:
    if key in ("speaker", "subject"):
        return repr(f.speaker_name)  # the name as labelled: stable across pulls
    return str(value)


def _assertion(f: Fact, entities: dict[str, Entity], project: int, taken: set[str]) -> Assertion:
    prov = Provenance(
        by=f.annotator,
        at=f.at,
        tool="label-studio",
        project=project,
        task=f.task,
        annotation=f.annotation,
    )
    ev = (GoldenEvidence(f.source, f.evidence),)
    if f.kind == "quote":
        assert f.speaker
        who = entities[f.speaker].name
        return QuoteAssertion(
            id=_unique_id(f"{f.speaker}-{_slug(f.text, 4)}-quote", taken),
            statement=f.statement or f'{who}: "{_short(f.text)}"',
            required=f.required,
            text=f.text.strip(),
            speaker=f.speaker,
            evidence=ev,
            provenance=prov,
        )
    if f.kind == "number":
        assert f.counts is not None and f.low is not None and f.high is not None
        return NumberAssertion(
            id=_unique_id(_slug(f.counts, 5), taken),
            statement=f.statement or f"{f.counts}: {f.text}",
            required=f.required,
            low=f.low,
            high=f.high,
            unit=f.unit,
            counts=f.counts,
            qualifier=f.qualifier,
            # The unit is the noun after the number ("35 countries", "12 million euros"):
            # the checker's best clue that a number in an article is this quantity.
            keywords=(f.unit,) if f.unit else (),
            evidence=ev,
            provenance=prov,
        )
    assert f.speaker and f.predicate
    obj = f.object
    return ClaimAssertion(
        id=_unique_id(f"{f.speaker}-{_slug(f.predicate, 4)}", taken),
        statement=f.statement
        or " ".join(x for x in (entities[f.speaker].name, f.predicate, obj) if x),
        required=f.required,
        subject=f.speaker,
        predicate=f.predicate,
        object=obj if obj and (obj in entities or "-" not in obj) else None,
        evidence=ev,
        provenance=prov,
    )


def pull(
    settings: Settings,
    story: str,
    client: LabelStudio,
    *,
    dry_run: bool = False,
    title: str | None = None,
) -> PullResult:
    """Merge the project's annotations into ``annotations/<story>.yaml`` (see module doc)."""
    title = title or project_title(story)
    source_ids = [s.id for s in load_manifest(settings, story).sources]
    path = settings.annotations_dir / f"{story}.yaml"
    if path.is_file():
        old_text = path.read_text(encoding="utf-8")
        golden = loads_golden(old_text, path=str(path), sources=source_ids)
    else:
        old_text = ""
        golden = Golden(story, str(path), (), ())
    result = PullResult(path)
    project = find_project(client, title)
    if project is None:
        raise LabelStudioError(
            f"Label Studio has no project {title!r}; run `factcheck labelstudio push --story "
            f"{story}` first"
        )
    users = {
        u.id: u.email for u in _call(client, "listing users", lambda: _listed(client.users.list()))
    }
    tasks = export(client, project.id)
    entities = list(golden.entities)
    facts: list[Fact] = []
    for task in tasks:
        facts += facts_of_task(task, entities, users, result)
    facts = _agree(facts, result)

    # New speakers/subjects become entities (all annotators agreed on the name).
    by_id = {e.id: e for e in entities}
    taken_entities = set(by_id)
    new_entities: list[Entity] = []
    resolved: list[Fact] = []
    for f in facts:
        if f.kind in ("quote", "claim") and f.speaker is None and f.speaker_name:
            ent = entity_for(f.speaker_name, [*entities, *new_entities])
            if ent is None:
                ent = _new_entity(f.speaker_name, f.kind, taken_entities)
                new_entities.append(ent)
                by_id[ent.id] = ent
            f = replace(f, speaker=ent.id)
        resolved.append(f)
    # An entity labelled on its own is kept even when no new fact names it.
    named = set()
    for name in dict.fromkeys(result.named):
        if entity_for(name, [*entities, *new_entities]) is None:
            ent = _new_entity(name, "entity", taken_entities)
            new_entities.append(ent)
            by_id[ent.id] = ent
            named.add(ent.id)

    taken = {a.id for a in golden.assertions}
    new: list[Assertion] = []
    for f in resolved:
        held = _already(f, golden.assertions)
        if held is not None:
            result.kept += 1
            said = _disagrees(f, held)
            if said:  # the golden is not changed by a pull: a reviewer decides
                mine = ", ".join(f"{k}={_show(k, v, f)}" for k, v in f.attributes().items())
                values = ((f"golden {held.id}", said), (f.annotator, mine))
                result.conflicts.append(
                    Conflict(f.task, f.source, f.kind, f.start, f.end, f.text, values)
                )
            continue
        if new and _merge_evidence(f, new):
            continue
        new.append(_assertion(f, by_id, project.id, taken))
    used = {a.speaker for a in new if isinstance(a, QuoteAssertion)}
    used |= {a.subject for a in new if isinstance(a, ClaimAssertion)}
    new_entities = [e for e in new_entities if e.id in used | named]
    result.added = [a.id for a in new]
    result.entities = [e.id for e in new_entities]

    merged = Golden(story, str(path), (*golden.entities, *new_entities), (*golden.assertions, *new))
    new_text = merge_text(old_text, golden, merged, new_entities, new, result.conflicts)
    check = loads_golden(new_text, path=str(path), sources=source_ids)  # never write a bad file
    if [a.id for a in check.assertions] != [a.id for a in merged.assertions]:
        raise LabelStudioError(f"internal error merging into {path}: nothing written")
    result.diff = "".join(
        difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"a/{path.name}",
            tofile=f"b/{path.name}",
        )
    )
    if result.diff and not dry_run:
        atomic_write(path, new_text)
        result.written = True
    return result


def _merge_evidence(f: Fact, new: list[Assertion]) -> bool:
    """The same quote by the same speaker in another source: one assertion, more evidence."""
    if f.kind != "quote":
        return False
    for i, a in enumerate(new):
        if (
            isinstance(a, QuoteAssertion)
            and a.speaker == f.speaker
            and normalise_evidence(a.text) == normalise_evidence(f.text)
        ):
            if all(e.source != f.source for e in a.evidence):
                new[i] = replace(a, evidence=(*a.evidence, GoldenEvidence(f.source, f.evidence)))
            return True
    return False


def _conflict_block(conflicts: Sequence[Conflict]) -> str:
    if not conflicts:
        return ""
    lines = [CONFLICT_MARK + " (rewritten by each pull; resolve in Label Studio) ----"]
    for c in conflicts:
        lines.append("# " + c.line().replace("\n", " "))
    return "\n".join(lines) + "\n"


def merge_text(
    old_text: str,
    old: Golden,
    merged: Golden,
    new_entities: Sequence[Entity],
    new: Sequence[Assertion],
    conflicts: Sequence[Conflict],
) -> str:
    """``old_text`` with the new entities and assertions spliced in, byte for byte elsewhere.

    Falls back to the canonical dump (keeping the leading comment block) when the file
    is not in the canonical layout ``story / entities / assertions``.
    """
    base = old_text.split(CONFLICT_MARK, 1)[0]
    block = _conflict_block(conflicts)
    if not base.strip():
        return dump_golden(merged) + block
    lines = base.splitlines(keepends=True)
    top = [i for i, line in enumerate(lines) if re.match(r"[a-z]+:", line)]
    keys = [lines[i].split(":", 1)[0] for i in top]
    canonical = keys == ["story", "entities", "assertions"] and all(
        lines[i].rstrip() == f"{k}:" for i, k in zip(top[1:], keys[1:], strict=True)
    )
    if not canonical:
        header = "".join(line for line in lines[: top[0] if top else 0] if line.startswith("#"))
        return header + dump_golden(merged) + block
    story = merged.story
    ent_text = (
        "".join(
            dump_golden(Golden(story, "", tuple(new_entities), ())).splitlines(keepends=True)[2:-1]
        )
        if new_entities
        else ""
    )
    ass_text = (
        "".join(dump_golden(Golden(story, "", (), tuple(new))).splitlines(keepends=True)[3:])
        if new
        else ""
    )
    at = top[2]
    body = [*lines[:at], ent_text, *lines[at:]]
    text = "".join(body)
    if not text.endswith("\n"):
        text += "\n"
    return text + ass_text + block


# ------------------------------------------------------------ cli and serve


def extract_command(settings: Settings, story: str, *, fmt: str, out: Any = sys.stdout) -> int:
    found = extract(settings, story)
    if fmt == "json":
        doc = {"story": story, "sources": {k: [c.to_json() for c in v] for k, v in found.items()}}
        out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return 0
    for sid, cands in found.items():
        out.write(f"== {sid}: {len(cands)} candidate(s)\n")
        for c in cands:
            if c.kind == "quote":
                who = c.speaker or "?"
                ent = f" [{c.entity}]" if c.entity else ""
                out.write(f'  quote  {c.start}-{c.end} {who}{ent}: "{_short(c.text)}"\n')
            elif c.kind == "number":
                rng = _value_text(c.low or 0, c.high or 0)
                out.write(f"  number {c.start}-{c.end} {c.text!r} = {rng} ({c.counts or '?'})\n")
            else:
                ent = f" [{c.entity}]" if c.entity else ""
                out.write(f"  entity {c.start}-{c.end} {c.text} {c.label}{ent}\n")
    return 0


def push_command(settings: Settings, story: str, *, out: Any = sys.stdout) -> int:
    result = push(settings, story, connect())
    out.write(result.summary() + "\n")
    return 0


def pull_command(settings: Settings, story: str, *, dry_run: bool, out: Any = sys.stdout) -> int:
    result = pull(settings, story, connect(), dry_run=dry_run)
    if result.diff:
        out.write(result.diff)
    out.write(result.summary() + "\n")
    return 0


def serve(argv: Sequence[str] | None = None) -> int:
    """Start a local server for annotators, push the story, print how to log in."""
    import signal
    import time

    parser = argparse.ArgumentParser(prog="python -m factcheck.labelstudio serve")
    parser.add_argument("--story", required=True)
    parser.add_argument("--port", type=int, default=None, help="default: 8080 if free")
    parser.add_argument("--data-dir", type=Path, default=None, help="default: .labelstudio/data")
    args = parser.parse_args(argv)
    settings = load_settings()

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # nox, CI and `kill` send SIGTERM (a background job may ignore SIGINT): stop the
    # server through the same path as Ctrl-C, so it never outlives us.
    signal.signal(signal.SIGTERM, interrupt)
    with lsserver.launch(settings, data_dir=args.data_dir, port=args.port) as server:
        result = push(settings, args.story, connect(server.url, server.token))
        admin = server.users[0]
        print(result.summary())
        print(
            f"\nLabel Studio is ready: {server.url}/projects/{result.project}/data\n"
            f"  log in as {admin.email} with password {admin.password}\n"
            f"  (other accounts: {server.data_dir / lsserver.CREDENTIALS})\n"
            "For `factcheck labelstudio pull` in another shell:\n"
            f"  export LABEL_STUDIO_URL={server.url}\n"
            "  export LABEL_STUDIO_API_KEY=$(python -m factcheck.lsserver token "
            f"--data-dir {server.data_dir})\n"
            "Press Ctrl-C to stop the server (the data stays in its folder).",
            flush=True,
        )
        try:
            while server.alive():
                time.sleep(1)
        except KeyboardInterrupt:
            print("stopping Label Studio ...", flush=True)
        if not server.alive() and server.process.returncode not in (0, -signal.SIGTERM):
            print(f"label-studio exited; last lines of {server.log}:\n{lsserver.tail(server.log)}")
            return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] != ["serve"]:
        print("usage: python -m factcheck.labelstudio serve --story ID [--port P]", file=sys.stderr)
        return 2
    try:
        return serve(argv[1:])
    except FactcheckError as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
