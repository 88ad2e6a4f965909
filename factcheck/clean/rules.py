"""What page furniture looks like: error pages, menus, bylines, cookie banners, live-blog
timestamps, and the markers after which the story has ended."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factcheck.clean.paragraphs import Paragraph


_TERMINAL = (*".!?:;\"')]…", "\u201d", "\u2019")


# Page furniture before the story: HTTP error pages, site menus.
_ERROR_PAGE = re.compile(
    r"^(?:[1-5]\d\d|(?:error|sorry|oops|whoops)[!.]*|access denied|forbidden"
    r"|[1-5]\d\d\b.*\b(?:not found|forbidden|error)\b.*"
    r"|.*\b(?:page|article|content|url)\b.*\b(?:doesn'?t exist|does not exist|not found"
    r"|could not be found|cannot be found|can'?t be found|no longer available)\b.*)$",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^(?:home|menu|search|news|latest|no results?|view all results?|skip to (?:main )?content|"
    r"subscribe|sign in|sign up|log ?in|log ?out|register|share|share this(?: article)?|"
    r"advertisement|continue reading|read more|click here|print|email|follow us.*|in [A-Z][\w&]*|"
    r"home\s+\w+|toggle navigation|close|back to top)\.?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    # a wire credit line, "(Reporting by X; Editing by Y)": the parentheses, or the list of
    # credits, tell it from a sentence that starts "Reporting by the newspaper showed ..."
    r"^(?:\((?i:(?:additional\s+)?(?:reporting|writing|editing|compiled))\s+(?i:by)\b[^()]*\)"
    r"|(?i:(?:reporting|writing)\s+by\b[^.]*;\s*(?:additional\s+reporting|editing)\s+by\b.*)"
    r"|by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*(?:,|and)\s+.*)?"
    r"|(?:reporting|writing|editing|additional reporting) by\b.*"
    r"|.*\bcontributed (?:reporting|to this (?:report|article))\b.*"
    r"|[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s+(?:is|was)\s+(?:a|an|the)\b[^.]*\b(?:reporter|"
    r"correspondent|editor|writer|journalist|columnist|contributor|bureau chief|producer)\b.*)$",
)
# Page furniture recognisable by its content alone, wherever it stands on the page.
#: A cookie-consent banner ("We use cookies ... By continuing to browse you accept ...").
_COOKIES = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site|this page)\s+uses?\s+cookies\b"
    r"|\b(?:accept|allow|consent to|agree to)\s+(?:(?:our|the)\s+use\s+of\s+|all\s+)?cookies\b"
    r"|\bcookie\s+(?:policy|settings|preferences|consent|notice)\b",
    re.IGNORECASE,
)
#: A clock time standing alone, as live blogs head each entry ("19:27", "7.30pm GMT",
#: "Updated at 23:58"): a label of the next paragraph, not a sentence of the story.
_TIMESTAMP = re.compile(
    r"^(?:(?:last\s+)?(?:updated|posted|published)(?:\s+(?:at|on))?\s*:?\s*)?"
    r"(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:[:.][0-5]\d)?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*\(?(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|local(?:\s+time)?)\)?)?$",
    re.IGNORECASE,
)
#: What separates the items of a menu, breadcrumb or share bar ("Home › World", "EN | FR");
#: ">" and "/" only between spaces (they also occur inside words, numbers and dates).
_MENU_SEPARATOR = re.compile(r"\s*[|›»·•]\s*|\s+[>/]\s+")


def _menu_line(text: str) -> bool:
    """A row of links: two or more items, each of one to three words, between separators.
    A sentence or a headline has longer stretches of words between any such marks, and a
    row of facts ("Turnout: 64% | Seats: 120") has figures or labels in its items; only
    the first item of a menu may carry a label ("Share this: Email | Print")."""
    if not _MENU_SEPARATOR.search(text) or any(c.isdigit() for c in text):
        return False
    items = [item.strip() for item in _MENU_SEPARATOR.split(text)]
    return (
        len(items) >= 2
        and all(1 <= len(item.split()) <= 3 for item in items)
        and not any(":" in item for item in items[1:])
    )


def _content_junk(p: Paragraph) -> str | None:
    """Why ``p`` is page furniture whatever its place on the page, or ``None``."""
    if not any(c.isalnum() for c in p.text):
        return "separator"  # "* * *", "-----": a rule between blocks, no words to lose
    if _TIMESTAMP.match(p.text):
        return "timestamp"
    if p.words <= 60 and '"' not in p.text and _COOKIES.search(p.text):
        return "cookie-banner"  # a story quoting a consent notice has quote marks
    if p.words <= 20 and _menu_line(p.text):
        return "navigation"
    return None


# Where the story ends: whatever follows one of these is not part of it.
_TAIL_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("syndication", re.compile(r"^the post\b.+\bappeared first on\b.+$", re.IGNORECASE)),
    (
        "disclaimer",
        re.compile(
            # the standard notes a press release ends on ("For information media. Not an
            # official record.")
            r"^(?:(?:legal\s+)?disclaimer\b|for information (?:media|purposes)(?: only)?\b"
            r"|not an official (?:record|document)\b).*$",
            re.IGNORECASE,
        ),
    ),
    (
        "contacts",
        re.compile(
            r"^(?:(?:media|press|news)\s+)?(?:contacts?|enquiries|inquiries)\s*:.*$",
            re.IGNORECASE,
        ),
    ),
    (
        "comments",
        re.compile(
            r"^(?:comments?|no comments?(?: yet)?|\d+\s+comments?|leave a (?:comment|reply)|"
            r"join the (?:discussion|conversation))\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "related",
        re.compile(
            r"^(?:related(?: articles| stories| posts| news| coverage| content)?"
            r"|more (?:from|stories|news)\b.*|you (?:may|might) also like|recommended(?: for you)?"
            r"|read next|trending(?: now)?|most (?:popular|read)|top stories)\s*:?$",
            re.IGNORECASE,
        ),
    ),
    (
        "copyright",
        re.compile(r"^(?:©|\(c\)|copyright\b).*|.*\ball rights reserved\b.*$", re.IGNORECASE),
    ),
)


#: A header over links to other articles ("Read more", "See also:").
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|more on this(?: story| topic)?|see also|further reading)"
    r"\s*:?$",
    re.IGNORECASE,
)


def _tail_marker(text: str) -> str:
    for reason, pattern in _TAIL_MARKERS:
        if pattern.match(text):
            return reason
    return ""
