"""For each paragraph, why it is dropped, or ``None`` when it belongs to the story."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.clean.dates import _is_dateline
from factcheck.clean.paragraphs import Paragraph, _key
from factcheck.clean.rules import (
    _BYLINE,
    _ERROR_PAGE,
    _NAVIGATION,
    _READ_MORE,
    _TERMINAL,
    _content_junk,
    _tail_marker,
)


def _is_prose(p: Paragraph) -> bool:
    """A sentence-like paragraph: the story body starts at the first one."""
    return (
        p.words >= 6
        and p.text.endswith(_TERMINAL)
        and not _ERROR_PAGE.match(p.text)
        and _content_junk(p) is None
    )


@dataclass(frozen=True)
class _Zones:
    """Where the story sits on the page: ``body`` is its first sentence-like paragraph,
    ``tail`` the first paragraph after its end (``tail_reason``: the marker found there),
    ``last_prose`` its last new sentence-like paragraph."""

    body: int
    tail: int
    tail_reason: str
    last_prose: int


def classify(paras: list[Paragraph]) -> list[str | None]:
    """For each paragraph, why it is dropped (``None``: it belongs to the story)."""
    reasons: list[str | None] = [None] * len(paras)
    short_counts: dict[str, int] = {}
    for p in paras:
        if p.words <= 4:
            short_counts[_key(p.text)] = short_counts.get(_key(p.text), 0) + 1
    z = _zones(paras)
    _lead(paras, z, short_counts, reasons)
    _body(paras, z, reasons)
    _tail(paras, z, reasons)
    _duplicates(paras, reasons)
    return reasons


def _zones(paras: list[Paragraph]) -> _Zones:
    body = next((i for i, p in enumerate(paras) if _is_prose(p)), len(paras))
    tail = len(paras)
    tail_reason = ""
    for i in range(body, len(paras)):
        reason = _tail_marker(paras[i].text)
        if reason:
            tail, tail_reason = i, reason
            break
    # A repeated block does not extend the story: the story ends at its last new paragraph.
    seen_keys: set[str] = set()
    repeat = []
    for p in paras:
        repeat.append(_key(p.text) in seen_keys)
        seen_keys.add(_key(p.text))
    last_prose = max(
        (i for i in range(body, tail) if _is_prose(paras[i]) and not repeat[i]), default=body
    )
    # "Read more" after the story's last sentence heads a list of other articles' links
    # (between entries of the story it is a lone link, dropped as navigation below).
    for i in range(last_prose + 1, tail):
        if _READ_MORE.match(paras[i].text):
            tail, tail_reason = i, "related"
            break
    return _Zones(body, tail, tail_reason, last_prose)


def _lead(
    paras: list[Paragraph], z: _Zones, short_counts: dict[str, int], reasons: list[str | None]
) -> None:
    """Leading zone: the headline and dateline stay, page furniture goes."""
    lead = range(0, z.body)
    headlines = [
        i
        for i in lead
        if paras[i].words >= 4
        and not _furniture(paras[i], short_counts)
        and _content_junk(paras[i]) is None
    ]
    # The lines that name the publisher at the foot of the page: a site name standing
    # alone above the story is the masthead ("Daily Example" ... "(c) 2015 Daily Example.
    # All rights reserved."; "City Press Office" ... "Media contacts: City Press Office").
    publisher = [
        f" {_key(p.text)} "
        for p in paras[z.tail :]
        if _tail_marker(p.text) in ("syndication", "contacts", "copyright")
    ]
    for i in lead:
        p = paras[i]
        if _content_junk(p):
            reasons[i] = _content_junk(p)
        elif _ERROR_PAGE.match(p.text) and p.words <= 20:
            reasons[i] = "error-page"
        elif _BYLINE.match(p.text) and p.words <= 12:
            reasons[i] = "byline"
        elif _is_dateline(p):
            reasons[i] = None
        elif _furniture(p, short_counts) or (p.words < 4 and headlines) or _masthead(p, publisher):
            reasons[i] = "navigation"


def _body(paras: list[Paragraph], z: _Zones, reasons: list[str | None]) -> None:
    """The story body: repeated blocks, bylines and in-text furniture go."""
    for i in range(z.body, z.tail):
        p = paras[i]
        if _content_junk(p):
            reasons[i] = _content_junk(p)
        elif _BYLINE.match(p.text) and (p.words <= 40):
            reasons[i] = "byline"
        elif p.words <= 4 and (
            _NAVIGATION.match(p.text) or (i > z.last_prose and not p.text.endswith(_TERMINAL))
        ):
            reasons[i] = "navigation"


def _tail(paras: list[Paragraph], z: _Zones, reasons: list[str | None]) -> None:
    """The tail: everything after the end-of-story marker."""
    tail_reason = z.tail_reason
    for i in range(z.tail, len(paras)):
        specific = _tail_marker(paras[i].text)
        if specific and (specific != "related" or tail_reason != "syndication"):
            tail_reason = specific if specific != "copyright" else tail_reason or specific
            reasons[i] = specific
        else:
            reasons[i] = "related" if tail_reason == "syndication" else tail_reason


def _duplicates(paras: list[Paragraph], reasons: list[str | None]) -> None:
    """A block printed twice: keep the first copy (dates and headlines included)."""
    seen: set[str] = set()
    for i, p in enumerate(paras):
        if reasons[i] is not None:
            continue
        key = _key(p.text)
        if key in seen and (p.words >= 4 or _is_dateline(p)):
            reasons[i] = "duplicate"
        seen.add(key)


def _masthead(p: Paragraph, publisher: list[str]) -> bool:
    """``p`` is a short name that a publisher line at the foot of the page carries among
    other words: the site's name, not a headline (a headline is not in a copyright line)."""
    key = _key(p.text)
    if not key or p.words > 5 or p.text.endswith(_TERMINAL):
        return False
    return any(f" {key} " in line and line.strip() != key for line in publisher)


def _furniture(p: Paragraph, short_counts: dict[str, int]) -> bool:
    if _NAVIGATION.match(p.text) or (_ERROR_PAGE.match(p.text) and p.words <= 20):
        return True
    return p.words <= 4 and short_counts.get(_key(p.text), 0) >= 2 and not _is_dateline(p)
