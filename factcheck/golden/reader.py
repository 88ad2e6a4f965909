"""A strict YAML reader: file:line errors, no tags, no merge keys, no duplicate keys.

The YAML is *composed* (``yaml.compose`` with the safe loader), never constructed,
so a ``!!python/object`` tag cannot run code; the node tree is then walked by hand,
which gives every error the 1-based line of the offending node and lets us refuse
what ``safe_load`` silently accepts (a key written twice, a custom tag, a merge key).
The golden schema (``schema.py``) and the story manifest (``ingest/stories.py``) read through it.

PyYAML reads; ruamel.yaml is used only where a file is edited in place
(``ingest.add._write_manifest``), because it keeps comments and key order on a round trip.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import yaml

from factcheck.errors import FactcheckError, GoldenError

__all__ = ["StrictReader", "closest", "describe", "is_null", "kind_of", "read_plain"]

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


class StrictReader:
    """Typed reads of a composed YAML tree; every error is ``error_type`` with the node's line.

    ``kind`` names the file in messages ("golden file", "manifest").
    """

    def __init__(
        self,
        path: str,
        *,
        error_type: type[FactcheckError] = GoldenError,
        kind: str = "golden file",
    ) -> None:
        self.path = path
        self.error_type = error_type
        self.kind = kind
        self._construct = yaml.constructor.SafeConstructor()

    # ------------------------------------------------------------- errors

    def error(self, node: yaml.Node | None, message: str) -> FactcheckError:
        line = node.start_mark.line + 1 if node is not None else None
        return self.error_type(message, path=self.path, line=line)

    # ------------------------------------------------------- node helpers

    def compose(self, text: str) -> yaml.Node | None:
        """The node tree of ``text`` (None when empty), tags checked; never constructed."""
        try:
            root = yaml.compose(text, Loader=_SAFE_LOADER)
        except yaml.MarkedYAMLError as exc:
            raise self.syntax_error(exc, text) from exc
        except yaml.reader.ReaderError as exc:  # control characters: a position, no line
            raise self.reader_error(exc, text) from exc
        except yaml.YAMLError as exc:
            raise self.error_type(f"YAML error: {exc}", path=self.path) from exc
        if root is not None:
            self.check_tags(root)
        return root

    def reader_error(self, exc: yaml.reader.ReaderError, text: str) -> FactcheckError:
        # The C loader counts ``exc.position`` in UTF-8 bytes: find the character itself.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        at = found.start() if found else min(exc.position, len(text))
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = found.group() if found else "\ufffd"
        return self.error_type(
            f"YAML error: control character U+{ord(char):04X} at column {column} is not "
            "allowed; delete it (an editor may show it as a box or nothing at all)",
            path=self.path,
            line=line,
        )

    def syntax_error(self, exc: yaml.MarkedYAMLError, text: str = "") -> FactcheckError:
        problem = exc.problem or "invalid YAML"
        at = exc.problem_mark.line + 1 if exc.problem_mark else None
        opened = exc.context_mark.line + 1 if exc.context_mark else None
        # An unclosed bracket or quote is noticed lines later: point at where it opened.
        for what, closer in _UNCLOSED.items():
            if exc.context and what in exc.context and opened is not None:
                return self.error_type(
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
            return self.error_type(
                f"YAML syntax error: the quoted string opened on this line runs on to line "
                f"{end} (line {at}: {problem}); add the missing closing quote",
                path=self.path,
                line=start,
            )
        context = f" ({exc.context})" if exc.context else ""
        return self.error_type(
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
                    f"{what} is not allowed: {self.kind}s are plain YAML (strings, numbers, "
                    "booleans, lists, mappings) and are never turned into objects; "
                    "remove the tag and write the value itself",
                )

    def mapping(
        self, node: yaml.Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Keys of a mapping node -> (key node, value node); unknown/dup/missing keys refused."""
        if not isinstance(node, yaml.MappingNode):
            keys, got = ", ".join(allowed), kind_of(node)
            raise self.error(node, f"{what} must be a mapping with keys {keys}; got {got}")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if not isinstance(name, str) or key.tag != _TAG + "str":
                raise self.error(key, f"keys of {what} must be plain words; got {kind_of(key)}")
            if name in out:
                first = out[name][0].start_mark.line + 1
                raise self.error(
                    key,
                    f"duplicate key {name!r} in {what} (first on line {first}); YAML keeps only "
                    "one of them, so delete or rename one",
                )
            if name not in allowed:
                hint = closest(name, allowed)
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
                node, f"{what} must be a list (items starting with '- '); got {kind_of(node)}"
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
            raise self.error(node, f"{what} must be text; got {describe(node, value)}. Quote it")
        if not empty and not value.strip():
            raise self.error(node, f"{what} must not be empty")
        return value

    def opt_text(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None or is_null(node):
            return None
        return self.text(node, what)

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            raise self.error(
                node,
                f"{what} must be true or false; got {describe(node, value)}. Write true or false",
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
                f"{what} must be a number; got {describe(node, value)}. Write digits without "
                "quotes or thousands separators, e.g. 800000",
            )
        return float(value)

    def integer(self, node: yaml.Node | None, what: str) -> int | None:
        if node is None or is_null(node):
            return None
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(node, f"{what} must be a whole number; got {describe(node, value)}")
        return value

    def strings(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        return tuple(self.text(n, f"each item of {what}") for n in self.sequence(node, what))

    def plain(self, node: yaml.Node) -> Any:
        """``node`` as Python data (dicts, lists, scalars); a key written twice is refused."""
        if isinstance(node, yaml.SequenceNode):
            return [self.plain(n) for n in node.value]
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            lines: dict[Any, int] = {}
            for key, value in node.value:
                name = self.scalar(key)
                if name is _NOT_SCALAR:
                    raise self.error(key, f"keys must be plain words; got {kind_of(key)}")
                if name in out:
                    raise self.error(
                        key,
                        f"duplicate key {name!r} (first on line {lines[name]}); YAML keeps only "
                        "one of them, so delete or rename one",
                    )
                out[name], lines[name] = self.plain(value), key.start_mark.line + 1
            return out
        return self.scalar(node)


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


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null"


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.tag.replace(_TAG, '')} {node.value!r}"


def describe(node: yaml.Node, value: Any) -> str:
    if value is _NOT_SCALAR:
        return kind_of(node)
    return f"{type(value).__name__} {node.value!r}"


def closest(name: str, options: tuple[str, ...]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return found[0] if found else None


def read_plain(
    text: str, *, path: str, error_type: type[FactcheckError], kind: str
) -> tuple[yaml.Node | None, Any]:
    """``(node tree, Python data)`` of ``text`` read strictly; ``(None, None)`` when empty."""
    reader = StrictReader(path, error_type=error_type, kind=kind)
    root = reader.compose(text)
    return root, None if root is None else reader.plain(root)
