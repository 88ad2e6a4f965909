"""The golden schema on the strict reader: ``annotations/<story>.yaml`` -> ``Golden``.

Every error names the file and line, says what is allowed and how to fix it. The
format is described in ``docs/golden-format.md`` and
``factcheck/schema/golden.schema.json``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from factcheck._text import valid_story_id
from factcheck.config import Settings
from factcheck.errors import GoldenError
from factcheck.golden.reader import StrictReader, closest, is_null, kind_of
from factcheck.model import (
    FINDING_KINDS,
    Assertion,
    ClaimAssertion,
    Entity,
    Golden,
    GoldenEvidence,
    KnownDiscrepancy,
    NumberAssertion,
    Provenance,
    QuoteAssertion,
)

__all__ = [
    "ID_RE",
    "SCHEMA_PATH",
    "find_golden",
    "load_golden",
    "load_story_golden",
    "loads_golden",
    "normalise_evidence",
]

#: Assertion and entity ids: stable slugs (they appear in pytest node ids).
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "golden.schema.json"
KINDS = ("quote", "number", "claim")


_TOP_KEYS = ("story", "entities", "assertions")
_ENTITY_KEYS = ("id", "name", "type", "aliases")
_COMMON_KEYS = ("id", "kind", "statement", "required", "evidence", "known", "provenance")
_KIND_KEYS = {
    "quote": ("text", "speaker", "tolerance"),
    "number": ("value", "low", "high", "unit", "counts", "qualifier", "keywords"),
    "claim": ("subject", "predicate", "object", "time", "place", "negated"),
}
_EVIDENCE_KEYS = ("source", "text")
_KNOWN_KEYS = ("source", "kind", "note")
PROVENANCE_KEYS = ("by", "at", "tool", "project", "task", "annotation")

# Quote marks and whitespace as the cleaner normalises them (see factcheck.clean).
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'",
                         "\u2019": "'", "\u201a": "'", "\u00ab": '"', "\u00bb": '"'})  # fmt: skip
_SPACE_RE = re.compile(r"\s+")


def normalise_evidence(text: str) -> str:
    """Curly quotes -> straight, whitespace runs -> one space: how evidence is compared."""
    return _SPACE_RE.sub(" ", text.translate(_QUOTES)).strip()


# ------------------------------------------------------------------ loading


def find_golden(settings: Settings, story: str) -> Path:
    """``annotations/<story>.yaml``; a ``GoldenError`` naming the stories that exist if absent."""
    if not valid_story_id(story):
        raise GoldenError(
            f"invalid story id {story!r}: a story id is a plain folder name such as "
            "coalition-paris-2026-01-06"
        )
    path = settings.annotations_dir / f"{story}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in settings.annotations_dir.glob("*.yaml"))
        raise GoldenError(
            f"story {story!r} has no golden file; golden files exist for: "
            f"{', '.join(known) or 'no story'}. Create {path.name} in "
            f"{settings.annotations_dir} (see docs/golden-format.md) or pull it from "
            f"Label Studio with `factcheck labelstudio pull --story {story}`",
            path=str(path),
        )
    return path


def load_story_golden(
    settings: Settings, story: str, *, sources: Iterable[str] | None = None
) -> Golden:
    """The golden file of ``story``; pass the manifest's source ids to check evidence refs."""
    golden = load_golden(find_golden(settings, story), sources=sources)
    if golden.story != story:
        raise GoldenError(
            f"the file says story {golden.story!r} but is the golden file of {story!r}; "
            f"set `story: {story}` or rename the file",
            path=golden.path,
            line=1,
        )
    return golden


def load_golden(path: Path | str, *, sources: Iterable[str] | None = None) -> Golden:
    """Read one golden file strictly. ``sources``: the valid source ids (None: not checked)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise GoldenError(
            "golden file not found; create it (see docs/golden-format.md)", path=str(path)
        ) from exc
    except UnicodeDecodeError as exc:
        raise GoldenError(
            f"golden file is not UTF-8 text (byte {exc.start}); save it as UTF-8", path=str(path)
        ) from exc
    except OSError as exc:
        raise GoldenError(f"cannot read golden file: {exc.strerror}", path=str(path)) from exc
    return loads_golden(text, path=str(path), sources=sources)


def loads_golden(
    text: str, *, path: str = "<golden>", sources: Iterable[str] | None = None
) -> Golden:
    """Parse golden YAML ``text``; ``path`` only names the file in error messages."""
    return _GoldenReader(path, None if sources is None else set(sources)).load(text)


class _GoldenReader(StrictReader):
    """One pass over a golden file's node tree."""

    def __init__(self, path: str, sources: set[str] | None) -> None:
        super().__init__(path, error_type=GoldenError, kind="golden file")
        self.sources = sources

    def ident(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not ID_RE.match(value):
            raise self.error(
                node,
                f"{what} {value!r} is not a valid id; use lower-case letters, digits and '-' "
                "(at most 80 characters), e.g. macron-coordination-unit-quote",
            )
        return value

    # ----------------------------------------------------------- the file

    def load(self, text: str) -> Golden:
        root = self.compose(text)
        if root is None:
            raise GoldenError(
                "golden file is empty; expected a mapping with keys story, entities, assertions",
                path=self.path,
                line=1,
            )
        top = self.mapping(root, "the golden file", _TOP_KEYS, _TOP_KEYS)
        story = self.text(top["story"][1], "story")
        entities = self.entities(top["entities"][1])
        self.entity_ids = {e.id: e for e in entities}
        assertions: list[Assertion] = []
        seen: dict[str, int] = {}
        for item in self.sequence(top["assertions"][1], "assertions"):
            a = self.assertion(item)
            if a.id in seen:
                raise self.error(
                    item,
                    f"duplicate assertion id {a.id!r} (first on line {seen[a.id]}); ids must be "
                    "unique within a file: rename one, e.g. with a -2 suffix",
                )
            seen[a.id] = a.line or 0
            assertions.append(a)
        return Golden(
            story=story,
            path=self.path,
            entities=tuple(entities),
            assertions=tuple(assertions),
            sources=tuple(sorted(self.sources)) if self.sources is not None else (),
        )

    def entities(self, node: yaml.Node) -> list[Entity]:
        out: list[Entity] = []
        seen: dict[str, int] = {}
        for item in self.sequence(node, "entities"):
            keys = self.mapping(item, "an entity", _ENTITY_KEYS, ("id", "name", "type"))
            eid = self.ident(keys["id"][1], "entity id")
            line = item.start_mark.line + 1
            if eid in seen:
                raise self.error(
                    item,
                    f"duplicate entity id {eid!r} (first on line {seen[eid]}); merge the two "
                    "entries, putting every name under aliases",
                )
            seen[eid] = line
            aliases = self.strings(keys.get("aliases", (None, None))[1], "aliases")
            out.append(
                Entity(
                    id=eid,
                    name=self.text(keys["name"][1], "entity name"),
                    type=self.text(keys["type"][1], "entity type"),
                    aliases=aliases,
                    line=line,
                )
            )
        return out

    def entity_ref(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if value not in self.entity_ids:
            raise self.error(node, self._dangling(value, what))
        return value

    def _dangling(self, value: str, what: str) -> str:
        hint = closest(value, tuple(self.entity_ids))
        return (
            f"{what} {value!r} is not an entity of this file; known entities: "
            f"{', '.join(sorted(self.entity_ids)) or 'none'}"
            + (f". Did you mean {hint!r}?" if hint else ".")
            + " Add it under entities or fix the id"
        )

    def source_ref(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if self.sources is not None and value not in self.sources:
            hint = closest(value, tuple(self.sources))
            raise self.error(
                node,
                f"{what} {value!r} is not a source of this story; the manifest lists: "
                f"{', '.join(sorted(self.sources)) or 'no source'}"
                + (f". Did you mean {hint!r}?" if hint else ".")
                + " Use a source id from seeds/<story>/sources.yaml",
            )
        return value

    def assertion(self, node: yaml.Node) -> Assertion:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"each assertion must be a mapping; got {kind_of(node)}")
        kind_node = next(
            (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "kind"),
            None,
        )
        if kind_node is None:
            raise self.error(node, f"assertion is missing required key kind ({' | '.join(KINDS)})")
        kind = self.text(kind_node, "kind")
        if kind not in KINDS:
            raise self.error(kind_node, f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        allowed = _COMMON_KEYS + _KIND_KEYS[kind]
        required = {
            "quote": ("text", "speaker"),
            "number": ("counts",),
            "claim": ("subject", "predicate"),
        }[kind]
        keys = self.mapping(
            node, f"a {kind} assertion", allowed, ("id", "kind", "statement", "evidence", *required)
        )

        def get(key: str) -> yaml.Node | None:
            return keys[key][1] if key in keys else None

        common: dict[str, Any] = {
            "id": self.ident(keys["id"][1], "assertion id"),
            "statement": self.text(keys["statement"][1], "statement"),
            "required": self.boolean(keys["required"][1], "required")
            if "required" in keys
            else False,
            "evidence": self.evidence(keys["evidence"][1]),
            "known": self.known(get("known")),
            "provenance": self.provenance(get("provenance")),
            "line": node.start_mark.line + 1,
        }
        build: dict[
            str, Callable[[Callable[[str], yaml.Node | None], dict[str, Any], yaml.Node], Assertion]
        ]
        build = {"quote": self.quote, "number": self.number_assertion, "claim": self.claim}
        return build[kind](get, common, node)

    def quote(
        self, get: Callable[[str], yaml.Node | None], common: dict[str, Any], node: yaml.Node
    ) -> Assertion:
        tolerance = 0.0
        if (t := get("tolerance")) is not None:
            tolerance = self.number(t, "tolerance")
            if not 0 <= tolerance <= 1:
                raise self.error(
                    t, f"tolerance must be between 0 (exact words) and 1; got {tolerance:g}"
                )
        return QuoteAssertion(
            **common,
            text=self.text(get("text"), "quote text"),  # type: ignore[arg-type]
            speaker=self.entity_ref(get("speaker"), "speaker"),  # type: ignore[arg-type]
            tolerance=tolerance,
        )

    def number_assertion(
        self, get: Callable[[str], yaml.Node | None], common: dict[str, Any], node: yaml.Node
    ) -> Assertion:
        value, low, high = get("value"), get("low"), get("high")
        if value is not None and (low is not None or high is not None):
            raise self.error(
                value,
                "give either value (one number) or low/high (a range), not both; "
                "'more than 30' is low: 31; 'around 800,000' is value: 800000 with "
                "qualifier: around",
            )
        if value is None and low is None and high is None:
            raise self.error(
                node,
                "a number assertion needs value (a point) or low and/or high (a range); add one",
            )
        if value is not None:
            lo = hi = self.number(value, "value")
        else:
            lo = self.number(low, "low") if low is not None else -math.inf
            hi = self.number(high, "high") if high is not None else math.inf
            if lo > hi:
                raise self.error(low, f"low ({lo:g}) is greater than high ({hi:g}); swap them")
        return NumberAssertion(
            **common,
            low=lo,
            high=hi,
            unit=self.opt_text(get("unit"), "unit"),
            counts=self.text(get("counts"), "counts"),  # type: ignore[arg-type]
            qualifier=self.opt_text(get("qualifier"), "qualifier"),
            keywords=self.strings(get("keywords"), "keywords"),
        )

    def claim(
        self, get: Callable[[str], yaml.Node | None], common: dict[str, Any], node: yaml.Node
    ) -> Assertion:
        obj = get("object")
        obj_value = self.opt_text(obj, "object")
        # An object spelled like an id with a hyphen is taken as an entity reference;
        # literals are readable text ("ceasefire monitoring"), so a typo'd id is caught.
        if (
            obj_value is not None
            and obj_value not in self.entity_ids
            and ID_RE.match(obj_value)
            and "-" in obj_value
        ):
            raise self.error(
                obj,
                self._dangling(obj_value, "object")
                + " (or write a literal object as words separated by spaces)",
            )
        place = get("place")
        time = get("time")
        time_value: str | None = None
        if time is not None and not is_null(time):
            scalar = self.scalar(time)
            # a bare year (`time: 2026`) is an int to YAML; it is still a time
            time_value = (
                str(scalar)
                if isinstance(scalar, int) and not isinstance(scalar, bool)
                else self.text(time, "time")
            )
        return ClaimAssertion(
            **common,
            subject=self.entity_ref(get("subject"), "subject"),  # type: ignore[arg-type]
            predicate=self.text(get("predicate"), "predicate"),  # type: ignore[arg-type]
            object=obj_value,
            time=time_value,
            place=None if place is None or is_null(place) else self.entity_ref(place, "place"),
            negated=self.boolean(get("negated"), "negated")
            if get("negated") is not None
            else False,  # type: ignore[arg-type]
        )

    def evidence(self, node: yaml.Node) -> tuple[GoldenEvidence, ...]:
        items = self.sequence(node, "evidence")
        if not items:
            raise self.error(
                node,
                "evidence must list at least one {source, text}: the exact words of a source "
                "that support the assertion",
            )
        out = []
        for item in items:
            keys = self.mapping(item, "an evidence item", _EVIDENCE_KEYS, _EVIDENCE_KEYS)
            out.append(
                GoldenEvidence(
                    source=self.source_ref(keys["source"][1], "evidence source"),
                    text=self.text(keys["text"][1], "evidence text"),
                )
            )
        return tuple(out)

    def known(self, node: yaml.Node | None) -> tuple[KnownDiscrepancy, ...]:
        if node is None:
            return ()
        out = []
        for item in self.sequence(node, "known"):
            keys = self.mapping(item, "a known discrepancy", _KNOWN_KEYS, _KNOWN_KEYS)
            kind = self.text(keys["kind"][1], "known kind")
            if kind not in FINDING_KINDS:
                raise self.error(
                    keys["kind"][1], f"unknown kind {kind!r}; use one of {', '.join(FINDING_KINDS)}"
                )
            out.append(
                KnownDiscrepancy(
                    source=self.source_ref(keys["source"][1], "known source"),
                    kind=kind,  # type: ignore[arg-type]
                    note=self.text(keys["note"][1], "note"),
                )
            )
        return tuple(out)

    def provenance(self, node: yaml.Node | None) -> Provenance:
        if node is None:
            return Provenance()
        keys = self.mapping(node, "provenance", PROVENANCE_KEYS, ())

        def get(key: str) -> yaml.Node | None:
            return keys[key][1] if key in keys else None

        return Provenance(
            by=self.opt_text(get("by"), "provenance by"),
            at=self.opt_text(get("at"), "provenance at"),
            tool=self.opt_text(get("tool"), "provenance tool"),
            project=self.integer(get("project"), "provenance project"),
            task=self.integer(get("task"), "provenance task"),
            annotation=self.integer(get("annotation"), "provenance annotation"),
        )
