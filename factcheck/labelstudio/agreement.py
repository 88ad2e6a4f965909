"""Agreement between annotators: one fact per span they agree on, conflicts listed."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from factcheck.labelstudio.export import Fact
from factcheck.labelstudio.preannotate import short, value_text
from factcheck.model import (
    Assertion,
    NumberAssertion,
    QuoteAssertion,
)

if TYPE_CHECKING:
    from factcheck.labelstudio.pull import PullResult


@dataclass(frozen=True)
class Conflict:
    task: int
    source: str
    kind: str
    start: int
    end: int
    text: str
    values: tuple[tuple[str, str], ...]  # (annotator, what they said)

    @classmethod
    def about(cls, f: Fact, values: tuple[tuple[str, str], ...]) -> Conflict:
        """A conflict over the span of ``f``."""
        return cls(f.task, f.source, f.kind, f.start, f.end, f.text, values)

    def line(self) -> str:
        said = "; ".join(f"{who}: {what}" for who, what in self.values)
        return (
            f"task {self.task} (source {self.source}) {self.kind} [{self.start}:{self.end}] "
            f'"{short(self.text, 10)}": {said}'
        )


def agree(facts: list[Fact], result: PullResult) -> list[Fact]:
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
                (who, ", ".join(f"{k}={show(k, v, f)}" for k, v in f.attributes().items()))
                for who, f in sorted(per_annotator.items())
            )
            result.conflicts.append(Conflict.about(group[0], values))
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


def show(key: str, value: Any, f: Fact) -> str:
    if key in ("speaker", "subject"):
        return repr(f.speaker_name)  # the name as labelled: stable across pulls
    return str(value)


def disagrees(f: Fact, a: Assertion) -> str | None:
    """What the golden says where the annotators say otherwise (speaker, value), or None."""
    if isinstance(a, QuoteAssertion) and f.speaker and f.speaker != a.speaker:
        return f"speaker={a.speaker}"
    if (
        isinstance(a, NumberAssertion)
        and f.low is not None
        and f.high is not None
        and (f.high < a.low or f.low > a.high)
    ):
        return f"value={value_text(a.low, a.high)}"
    return None
