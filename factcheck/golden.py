"""Golden files: ``annotations/<story>.yaml`` <-> :class:`~factcheck.model.Golden`.

Loading is strict and safe. The YAML is *composed* (``yaml.compose`` with the
safe loader), never constructed, so a ``!!python/object`` tag cannot run code;
the node tree is then walked by hand, which gives every error the 1-based line
of the offending node and lets us refuse what ``safe_load`` silently accepts
(a key written twice, a custom tag, a merge key). The format is described in
``docs/golden-format.md`` and ``factcheck/schema/golden.schema.json``.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from factcheck.config import Settings
from factcheck.errors import GoldenError
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
    "dump_golden",
    "find_golden",
    "load_golden",
    "load_story_golden",
    "loads_golden",
    "normalise_evidence",
]

#: Assertion and entity ids: stable slugs (they appear in pytest node ids).
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
SCHEMA_PATH = Path(__file__).parent / "schema" / "golden.schema.json"
KINDS = ("quote", "number", "claim")

_TAG = "tag:yaml.org,2002:"
# Tags the resolver gives plain YAML; anything else (!!python/..., !custom, <<) is refused.
_SAFE_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP, _SEQ = _TAG + "map", _TAG + "seq"
# libyaml composes ~5x faster and gives the same nodes and marks; pure Python otherwise.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Parser contexts of an unclosed construct -> (what it is, the character that closes it).
_UNCLOSED = {
    "flow sequence": ("list '['", "']'"),
    "flow mapping": ("mapping '{'", "'}'"),
    "quoted scalar": ("quoted string", "closing quote"),
}

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
_PROVENANCE_KEYS = ("by", "at", "tool", "project", "task", "annotation")

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
    if not story or "/" in story or "\\" in story or story.startswith("."):
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
    return _Loader(path, None if sources is None else set(sources)).load(text)


class _Loader:
    """One pass over a composed YAML tree; every error carries the node's line."""

    def __init__(self, path: str, sources: set[str] | None) -> None:
        self.path = path
        self.sources = sources
        self._construct = yaml.constructor.SafeConstructor()

    # ------------------------------------------------------------- errors

    def error(self, node: yaml.Node | None, message: str) -> GoldenError:
        line = node.start_mark.line + 1 if node is not None else None
        return GoldenError(message, path=self.path, line=line)

    # ------------------------------------------------------- node helpers

    def compose(self, text: str) -> yaml.Node:
        try:
            root = yaml.compose(text, Loader=_SAFE_LOADER)
        except yaml.MarkedYAMLError as exc:
            raise self.syntax_error(exc, text) from exc
        except yaml.reader.ReaderError as exc:  # control characters: a position, no line
            raise self.reader_error(exc, text) from exc
        except yaml.YAMLError as exc:
            raise GoldenError(f"YAML error: {exc}", path=self.path) from exc
        if root is None:
            raise GoldenError(
                "golden file is empty; expected a mapping with keys story, entities, assertions",
                path=self.path,
                line=1,
            )
        self.check_tags(root)
        return root

    def reader_error(self, exc: yaml.reader.ReaderError, text: str) -> GoldenError:
        # The C loader counts ``exc.position`` in UTF-8 bytes: find the character itself.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        at = found.start() if found else min(exc.position, len(text))
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = found.group() if found else "\ufffd"
        return GoldenError(
            f"YAML error: control character U+{ord(char):04X} at column {column} is not "
            "allowed; delete it (an editor may show it as a box or nothing at all)",
            path=self.path,
            line=line,
        )

    def syntax_error(self, exc: yaml.MarkedYAMLError, text: str = "") -> GoldenError:
        problem = exc.problem or "invalid YAML"
        at = exc.problem_mark.line + 1 if exc.problem_mark else None
        opened = exc.context_mark.line + 1 if exc.context_mark else None
        # An unclosed bracket or quote is noticed lines later: point at where it opened.
        for what, closer in _UNCLOSED.items():
            if exc.context and what in exc.context and opened is not None:
                return GoldenError(
                    f"YAML syntax error: the {closer[0]} opened on this line is never closed "
                    f"(line {at}: {problem}); add the missing {closer[1]}",
                    path=self.path,
                    line=opened,
                )
        runaway = _runaway_quote(text, exc.problem_mark.index if exc.problem_mark else None)
        if runaway is not None:
            # A quoted string may span lines, so a missing closing quote is only noticed
            # where the next quote mark ends it, lines later: point at where it opened.
            start, end = runaway
            return GoldenError(
                f"YAML syntax error: the quoted string opened on this line runs on to line "
                f"{end} (line {at}: {problem}); add the missing closing quote",
                path=self.path,
                line=start,
            )
        context = f" ({exc.context})" if exc.context else ""
        return GoldenError(
            f"YAML syntax error: {problem}{context}; check brackets, quotes and indentation "
            "on this line and the one before it",
            path=self.path,
            line=at or opened,
        )

    def check_tags(self, root: yaml.Node) -> None:
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if id(node) in seen:  # an alias points at a node already checked
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                ok = node.tag in _SAFE_SCALAR_TAGS
            elif isinstance(node, yaml.SequenceNode):
                ok = node.tag == _SEQ
                stack.extend(reversed(node.value))
            else:
                ok = node.tag == _MAP
                for k, v in reversed(node.value):
                    stack.extend((v, k))
            if not ok:
                tag = node.tag.replace(_TAG, "!!")
                what = "merge keys (<<)" if tag == "!!merge" else f"the tag {tag}"
                raise self.error(
                    node,
                    f"{what} is not allowed: golden files are plain YAML (strings, numbers, "
                    "booleans, lists, mappings) and are never turned into objects; "
                    "remove the tag and write the value itself",
                )

    def mapping(
        self, node: yaml.Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Keys of a mapping node -> (key node, value node); unknown/dup/missing keys refused."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(
                node, f"{what} must be a mapping with keys {', '.join(allowed)}; got {_kind(node)}"
            )
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if not isinstance(name, str) or key.tag != _TAG + "str":
                raise self.error(key, f"keys of {what} must be plain words; got {_kind(key)}")
            if name in out:
                first = out[name][0].start_mark.line + 1
                raise self.error(
                    key,
                    f"duplicate key {name!r} in {what} (first on line {first}); YAML keeps only "
                    "one of them, so delete or rename one",
                )
            if name not in allowed:
                hint = _closest(name, allowed)
                raise self.error(
                    key,
                    f"unknown key {name!r} in {what}; allowed keys are {', '.join(allowed)}"
                    + (f". Did you mean {hint!r}?" if hint else ""),
                )
            out[name] = (key, value)
        missing = [k for k in required if k not in out]
        if missing:
            raise self.error(
                node, f"{what} is missing required key(s) {', '.join(missing)}; add them"
            )
        return out

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null":
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(
                node, f"{what} must be a list (items starting with '- '); got {_kind(node)}"
            )
        return list(node.value)

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return _NOT_SCALAR
        try:
            return self._construct.construct_object(node)
        except ValueError:  # e.g. an integer of 5,000 digits, past Python's limit
            raise self.error(
                node,
                f"cannot read the value {node.value[:20]!r}... ({len(node.value):,} "
                "characters): it is too long to be a number; check it",
            ) from None

    def text(self, node: yaml.Node, what: str, *, empty: bool = False) -> str:
        value = self.scalar(node)
        if isinstance(value, _dt.date):  # `at: 2026-11-22` is a date to YAML: keep its ISO text
            return value.isoformat()
        if not isinstance(value, str):
            raise self.error(node, f"{what} must be text; got {_describe(node, value)}. Quote it")
        if not empty and not value.strip():
            raise self.error(node, f"{what} must not be empty")
        return value

    def opt_text(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None or _is_null(node):
            return None
        return self.text(node, what)

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            raise self.error(
                node,
                f"{what} must be true or false; got {_describe(node, value)}. Write true or false",
            )
        return value

    def number(self, node: yaml.Node, what: str) -> float:
        value = self.scalar(node)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.error(
                node,
                f"{what} must be a number; got {_describe(node, value)}. Write digits without "
                "quotes or thousands separators, e.g. 800000",
            )
        return float(value)

    def integer(self, node: yaml.Node | None, what: str) -> int | None:
        if node is None or _is_null(node):
            return None
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(node, f"{what} must be a whole number; got {_describe(node, value)}")
        return value

    def ident(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not ID_RE.match(value):
            raise self.error(
                node,
                f"{what} {value!r} is not a valid id; use lower-case letters, digits and '-' "
                "(at most 80 characters), e.g. macron-coordination-unit-quote",
            )
        return value

    def strings(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        return tuple(self.text(n, f"each item of {what}") for n in self.sequence(node, what))

    # ----------------------------------------------------------- the file

    def load(self, text: str) -> Golden:
        root = self.compose(text)
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
        hint = _closest(value, tuple(self.entity_ids))
        return (
            f"{what} {value!r} is not an entity of this file; known entities: "
            f"{', '.join(sorted(self.entity_ids)) or 'none'}"
            + (f". Did you mean {hint!r}?" if hint else ".")
            + " Add it under entities or fix the id"
        )

    def source_ref(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if self.sources is not None and value not in self.sources:
            hint = _closest(value, tuple(self.sources))
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
            raise self.error(node, f"each assertion must be a mapping; got {_kind(node)}")
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
        if time is not None and not _is_null(time):
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
            place=None if place is None or _is_null(place) else self.entity_ref(place, "place"),
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
        keys = self.mapping(node, "provenance", _PROVENANCE_KEYS, ())

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


_NOT_SCALAR = object()


def _runaway_quote(text: str, upto: int | None) -> tuple[int, int] | None:
    """(first, last) line of the last quoted scalar before ``upto`` that spans lines.

    In a golden file a quoted value is one line; one that runs on is almost always
    a missing closing quote.
    """
    if not text or upto is None:
        return None
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= upto:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ("'", '"')
                and token.end_mark.line > token.start_mark.line
            ):
                found = (token.start_mark.line + 1, token.end_mark.line + 1)
    except yaml.YAMLError:
        pass  # the error itself: tokens before it are all we need
    return found


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null"


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.tag.replace(_TAG, '')} {node.value!r}"


def _describe(node: yaml.Node, value: Any) -> str:
    if value is _NOT_SCALAR:
        return _kind(node)
    return f"{type(value).__name__} {node.value!r}"


def _closest(name: str, options: tuple[str, ...]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return found[0] if found else None


# ------------------------------------------------------------------ dumping


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _assertion_dict(a: Assertion) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": a.id,
        "kind": a.kind,
        "statement": a.statement,
        "required": a.required,
    }
    if isinstance(a, QuoteAssertion):
        d["text"] = a.text
        d["speaker"] = a.speaker
        if a.tolerance:
            d["tolerance"] = _num(a.tolerance)
    elif isinstance(a, NumberAssertion):
        if a.low == a.high:
            d["value"] = _num(a.low)
        else:
            if not math.isinf(a.low):
                d["low"] = _num(a.low)
            if not math.isinf(a.high):
                d["high"] = _num(a.high)
        for key in ("unit", "counts", "qualifier"):
            if getattr(a, key) is not None:
                d[key] = getattr(a, key)
        if a.keywords:
            d["keywords"] = list(a.keywords)
    elif isinstance(a, ClaimAssertion):
        d["subject"] = a.subject
        d["predicate"] = a.predicate
        for key in ("object", "time", "place"):
            if getattr(a, key) is not None:
                d[key] = getattr(a, key)
        if a.negated:
            d["negated"] = True
    else:
        raise TypeError(f"cannot dump assertion of kind {a.kind!r}")
    d["evidence"] = [{"source": e.source, "text": e.text} for e in a.evidence]
    if a.known:
        d["known"] = [{"source": k.source, "kind": k.kind, "note": k.note} for k in a.known]
    prov = {k: getattr(a.provenance, k) for k in _PROVENANCE_KEYS}
    if any(v is not None for v in prov.values()):
        d["provenance"] = {k: v for k, v in prov.items() if v is not None}
    return d


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key; double quotes where single ones would need ''."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        value = self.event.value  # type: ignore[attr-defined]
        if style == "'" and "'" in value and '"' not in value:
            return '"'
        return style


def dump_golden(golden: Golden) -> str:
    """YAML text of ``golden`` in canonical key order; ``loads_golden`` reads it back equal."""
    data = {
        "story": golden.story,
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                **({"aliases": list(e.aliases)} if e.aliases else {}),
            }
            for e in golden.entities
        ],
        "assertions": [_assertion_dict(a) for a in golden.assertions],
    }
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
