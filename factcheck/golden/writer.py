"""Writing goldens: ``Golden`` -> YAML text in canonical key order.

PyYAML with a small dumper (lists indented under their key, double quotes where
single ones would need doubling); ``loads_golden`` reads the text back equal.
Splicing new entries into an edited file is ``factcheck.labelstudio.merge``'s job.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from factcheck.golden.schema import PROVENANCE_KEYS
from factcheck.model import Assertion, ClaimAssertion, Golden, NumberAssertion, QuoteAssertion

__all__ = ["dump_golden"]


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
    prov = {k: getattr(a.provenance, k) for k in PROVENANCE_KEYS}
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
