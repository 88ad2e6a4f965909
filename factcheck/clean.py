"""Raw article -> cleaned text with a map back to raw offsets.

The cleaner works on paragraphs and decides, for each, whether it belongs to the
story. It never edits the raw text: every cleaned character maps to one raw
character (see ``CleanedText.raw_offset``), and everything dropped is recorded
as a ``Removal`` with its reason.

Steps, each a small function:
1. ``read_article``: bytes -> text, refusing empty, binary, non-UTF-8 and huge files.
2. ``html_to_text``: a saved web page -> its article text (trafilatura).
3. ``paragraphs``: lines -> paragraphs (hard-wrapped lines joined).
4. ``classify``: the reason to drop each paragraph, or ``None`` to keep it.
5. ``assemble``: kept paragraphs -> normalised text (quote marks, whitespace) + offset map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import ArticleError
from factcheck.model import CleanedText, Removal, Segment

#: Bump when cleaning output changes, so cached cleaned texts are rebuilt.
CLEANER_VERSION = "4"

# Quote marks and spaces normalised one character to one character (offsets stay exact).
_CHAR_MAP = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
    }
)
# Invisible characters dropped from the cleaned text.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

_TERMINAL = (*".!?:;\"')]…", "\u201d", "\u2019")
_DATE_RE = re.compile(
    r"\b(?:(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})"
    r"|(?P<mdy>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+(?:19|20)\d{2})"
    r"|(?P<dmy>\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:19|20)\d{2})"
    r"|(?P<num>\d{1,2}/\d{1,2}/(?:19|20)\d{2}))\b",
    re.IGNORECASE,
)
_LEADING_DATE = re.compile(r"^(?:date\s*:?\s*)?(?:19|20)\d{2}-\d{2}-\d{2}\s*[-–—|:]?\s*", re.I)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

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


# ------------------------------------------------------------------ reading


def read_article(path: Path | str, *, max_bytes: int | None = None) -> str:
    """Read an article file as text, or raise ``ArticleError`` saying what to do."""
    from factcheck.config import DEFAULT_MAX_ARTICLE_BYTES

    path = Path(path)
    limit = DEFAULT_MAX_ARTICLE_BYTES if max_bytes is None else max_bytes
    if not path.exists():
        raise ArticleError("no such file; check the path", path=str(path))
    if not path.is_file():
        raise ArticleError("not a regular file; give an article file, not a folder", path=str(path))
    size = path.stat().st_size
    if size > limit:
        raise ArticleError(
            f"file is {size:,} bytes, over the {limit:,}-byte limit for one article; "
            "split it, or raise max-article-bytes in [tool.factcheck]",
            path=str(path),
        )
    return decode_article(path.read_bytes(), path=str(path))


def decode_article(data: bytes, *, path: str = "<bytes>") -> str:
    """Bytes -> text: UTF-8 only (a BOM is dropped), no binary, not empty."""
    if b"\x00" in data[:65536]:
        raise ArticleError(
            "looks like a binary file (it contains NUL bytes); give a text or HTML article",
            path=path,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ArticleError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the "
            "file as UTF-8, e.g. `iconv -f latin1 -t utf-8 IN > OUT`",
            path=path,
            line=line,
        ) from exc
    if not text.strip():
        raise ArticleError("the article is empty; nothing to check", path=path)
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise ArticleError(
            "looks like a binary file (many control characters); give a text or HTML article",
            path=path,
        )
    return text


def is_html(text: str) -> bool:
    """Whether ``text`` is a web page rather than plain article text."""
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head:
        return True
    tags = len(
        re.findall(
            r"</?(?:p|div|span|a|body|head|article|section|script)\b", text[:65536], re.IGNORECASE
        )
    )
    return tags >= 5


def html_to_text(html: str, *, path: str = "<html>") -> str:
    """The article of a saved web page as plain text: headline, date, paragraphs.

    trafilatura does the extraction (it is maintained against real news sites);
    the headline and date come from its metadata so the cleaner keeps them.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise ArticleError(
            "no article text found in this HTML page; save the article page "
            "itself, or give its text",
            path=path,
        )
    parts = [p for p in (getattr(doc, "title", None), getattr(doc, "date", None)) if p]
    return "\n\n".join([*parts, body.replace("\r\n", "\n")]) + "\n"


# --------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class Paragraph:
    """Raw line spans (start, end) that form one paragraph, and its one-line text."""

    spans: tuple[tuple[int, int], ...]
    text: str

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def words(self) -> int:
        return len(self.text.split())


def _lines(raw: str) -> list[tuple[int, int]]:
    """Stripped (start, end) of every non-blank line, blank lines as (-1, -1)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if not stripped or all(c in _INVISIBLE for c in stripped):
            out.append((-1, -1))
        else:
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line)
    return out


def paragraphs(raw: str) -> list[Paragraph]:
    """Split raw text into paragraphs: blank lines separate; a wrapped line joins the next.

    A block (the lines between blank lines) is hard-wrapped when its lines run long and
    mostly stop mid-sentence: then it is one paragraph. Elsewhere each line is a paragraph
    unless it visibly carries on the previous one (see `_continues`).
    """
    result: list[Paragraph] = []
    block: list[tuple[int, int]] = []

    def flush() -> None:
        wrapped = _hard_wrapped([raw[a:b] for a, b in block])
        current: list[tuple[int, int]] = []
        for span in block:
            if (
                current
                and not wrapped
                and not _continues(raw[slice(*current[-1])], raw[slice(*span)])
            ):
                result.append(_paragraph(raw, current))
                current = []
            current.append(span)
        if current:
            result.append(_paragraph(raw, current))
        block.clear()

    for start, end in _lines(raw):
        if start < 0:
            flush()
        else:
            block.append((start, end))
    flush()
    return result


def _paragraph(raw: str, spans: list[tuple[int, int]]) -> Paragraph:
    parts = [raw[a:b] + ("" if _hyphen_break(raw, a, b, spans[k + 1:]) else " ")
             for k, (a, b) in enumerate(spans)]  # fmt: skip
    return Paragraph(tuple(spans), _squash("".join(parts)))


def _hyphen_break(raw: str, a: int, b: int, rest: list[tuple[int, int]]) -> bool:
    """A line ending in a word and a hyphen, the next going on in lower case: a word
    broken at its hyphen ("cease-" / "fire"), joined back without a space."""
    if not rest or b - a < 2 or raw[b - 1] != "-" or not raw[b - 2].isalpha():
        return False
    return raw[rest[0][0]].islower()


#: Words a sentence or a headline does not end on: a line ending on one is cut short.
_DANGLING = frozenset(
    "a an the of to in at on by for from with into onto about over under after before and or "
    "but nor that which who whom whose than as if because while when where is are was were be "
    "been has have had will would can could should may might must his her its their our my "
    "your this these those".split()
)


#: Abbreviations a line may stop on in the middle of a sentence ("said Mr." / "Lee").
_TITLES = frozenset(
    "mr. mrs. ms. dr. prof. gen. sen. rep. gov. lt. col. capt. st. jr. sr. no.".split()
)


def _cut(line: str, following: str = "") -> bool:
    """``line`` stops in the middle of a sentence (``following`` is the next line)."""
    last = line.rsplit(None, 1)[-1].casefold()
    if last in _TITLES or line.rstrip("\"'\u201d\u2019").endswith(","):
        return True  # "said Mr." / "Lee", or '... for peace,"' / "said Mr. Lee"
    if line.endswith(_TERMINAL):
        # "U.S." / "long-term", 'very considerable"' / "responsibility": a sentence
        # does not start in lower case
        return following[:1].islower()
    return True


def _continues(prev: str, line: str) -> bool:
    """``line`` carries on the sentence ``prev`` stopped in the middle of."""
    if not _cut(prev, line) or prev[-1:].isdigit():
        return False  # a sentence end, or a date or a number
    last = prev.rsplit(None, 1)[-1].casefold()
    return line[:1].islower() or prev.endswith((",", ".", '"', "\u201d")) or last in _DANGLING


def _hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a width: each line as full as the next word allows, at least half of
    them stopping mid-sentence; the last is no dateline or byline of its own."""
    inner = lines[:-1]
    if not inner or _DATE_RE.search(lines[-1]) or _BYLINE.match(lines[-1]):
        return False
    width = max(len(line) for line in lines)
    pairs = list(zip(inner, lines[1:], strict=True))
    full = all(
        len(line) >= 0.6 * width and len(line) + 1 + len(nxt.split(None, 1)[0]) > width
        for line, nxt in pairs
    )
    # lines of one paragraph each end a sentence; a wrap seldom falls on a sentence end
    cut = sum(_cut(line, nxt) for line, nxt in pairs)
    return 40 <= width <= 120 and full and cut * 2 >= len(inner)


def _squash(text: str) -> str:
    return " ".join("".join(c for c in text if c not in _INVISIBLE).translate(_CHAR_MAP).split())


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


# ----------------------------------------------------------- classification


def _is_prose(p: Paragraph) -> bool:
    """A sentence-like paragraph: the story body starts at the first one."""
    return (
        p.words >= 6
        and p.text.endswith(_TERMINAL)
        and not _ERROR_PAGE.match(p.text)
        and _content_junk(p) is None
    )


def find_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, if any."""
    for m in _DATE_RE.finditer(text):
        if m.group("iso"):
            return m.group("iso")
        if m.group("num"):
            iso = _numeric_date(m.group("num"))
            if iso:
                return iso
            continue
        return _named_month_date(m)
    return None


def _numeric_date(text: str) -> str | None:
    """A numeric date ("12/12/2015", "25/12/2015", "12/25/2015") as ISO; None when the
    numbers do not decide which is the day and which the month (03/04/2015)."""
    a, b, year = (int(n) for n in text.split("/"))
    if a == b or (b <= 12 < a):
        day, month = a, b
    elif a <= 12 < b:
        day, month = b, a
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _named_month_date(m: re.Match[str]) -> str:
    parts = re.findall(r"[A-Za-z]+|\d+", m.group("mdy") or m.group("dmy"))
    month = next(_MONTHS[p[:3].lower()] for p in parts if p[:3].lower() in _MONTHS)
    nums = [int(p) for p in parts if p.isdigit()]
    day, year = (nums[0], nums[1]) if nums[0] <= 31 else (nums[1], nums[0])
    return f"{year:04d}-{month:02d}-{day:02d}"


def _is_dateline(p: Paragraph) -> bool:
    return p.words <= 8 and _DATE_RE.search(p.text) is not None


def classify(paras: list[Paragraph]) -> list[str | None]:
    """For each paragraph, why it is dropped (``None``: it belongs to the story)."""
    reasons: list[str | None] = [None] * len(paras)
    short_counts: dict[str, int] = {}
    for p in paras:
        if p.words <= 4:
            short_counts[_key(p.text)] = short_counts.get(_key(p.text), 0) + 1

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

    # Leading zone: the headline and dateline stay, page furniture goes.
    lead = range(0, body)
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
        for p in paras[tail:]
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

    # The story body: repeated blocks, bylines and in-text furniture go.
    for i in range(body, tail):
        p = paras[i]
        if _content_junk(p):
            reasons[i] = _content_junk(p)
        elif _BYLINE.match(p.text) and (p.words <= 40):
            reasons[i] = "byline"
        elif p.words <= 4 and (
            _NAVIGATION.match(p.text) or (i > last_prose and not p.text.endswith(_TERMINAL))
        ):
            reasons[i] = "navigation"

    # The tail: everything after the end-of-story marker.
    for i in range(tail, len(paras)):
        specific = _tail_marker(paras[i].text)
        if specific and (specific != "related" or tail_reason != "syndication"):
            tail_reason = specific if specific != "copyright" else tail_reason or specific
            reasons[i] = specific
        else:
            reasons[i] = "related" if tail_reason == "syndication" else tail_reason

    # A block printed twice: keep the first copy (dates and headlines included).
    seen: set[str] = set()
    for i, p in enumerate(paras):
        if reasons[i] is not None:
            continue
        key = _key(p.text)
        if key in seen and (p.words >= 4 or _is_dateline(p)):
            reasons[i] = "duplicate"
        seen.add(key)
    return reasons


#: A header over links to other articles ("Read more", "See also:").
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|more on this(?: story| topic)?|see also|further reading)"
    r"\s*:?$",
    re.IGNORECASE,
)


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


def _tail_marker(text: str) -> str:
    for reason, pattern in _TAIL_MARKERS:
        if pattern.match(text):
            return reason
    return ""


# ----------------------------------------------------------------- assembly


def assemble(raw: str, kept: list[Paragraph]) -> tuple[str, tuple[Segment, ...]]:
    """Normalised text of the kept paragraphs and the map of each character to ``raw``."""
    chars: list[str] = []
    origin: list[int] = []
    for n, p in enumerate(kept):
        if n:
            sep = p.start - 1 if raw[p.start - 1].isspace() else kept[n - 1].end
            chars += ["\n", "\n"]
            origin += [sep, sep]
        for k, (a, b) in enumerate(p.spans):
            if k and not _hyphen_break(raw, *p.spans[k - 1], list(p.spans[k:])):
                chars.append(" ")
                origin.append(p.spans[k - 1][1] if raw[p.spans[k - 1][1]].isspace() else a - 1)
            space = False
            for j in range(a, b):
                c = raw[j]
                if c in _INVISIBLE:
                    continue
                if c.isspace():
                    if not space:
                        chars.append(" ")
                        origin.append(j)
                    space = True
                    continue
                space = False
                chars.append(c.translate(_CHAR_MAP))
                origin.append(j)
    segments: list[Segment] = []
    start = 0
    for i in range(1, len(origin) + 1):
        if i == len(origin) or origin[i] != origin[i - 1] + 1:
            segments.append(Segment(start, i - start, origin[start], i - start))
            start = i
    return "".join(chars), tuple(segments)


def clean_text(raw: str) -> CleanedText:
    """Clean plain article text (see the module docstring)."""
    paras = paragraphs(raw)
    reasons = classify(paras)
    kept = [p for p, r in zip(paras, reasons, strict=True) if r is None]
    removed = tuple(
        Removal(r, p.start, p.end, raw[p.start : p.end])
        for p, r in zip(paras, reasons, strict=True)
        if r is not None
    )
    text, segments = assemble(raw, kept)
    body = next((i for i, p in enumerate(kept) if _is_prose(p)), len(kept))
    lead = kept[:body]
    title = next((p.text for p in lead if p.words >= 3 and not _is_dateline(p)), None)
    if title:
        title = _LEADING_DATE.sub("", title) or title
    published = next((find_date(p.text) for p in lead if find_date(p.text)), None)
    if title is None and kept:
        # no headline above the body (a headline ending on a quote mark reads as a sentence):
        # the first paragraph that is not a date
        title = next((p.text for p in kept if not _is_dateline(p)), kept[0].text)[:200]
    return CleanedText(
        text=text, raw=raw, segments=segments, removed=removed, title=title, published=published
    )


def clean_file(path: Path | str, *, max_bytes: int | None = None) -> CleanedText:
    """Read, validate and clean an article file (plain text or a saved HTML page)."""
    text = read_article(path, max_bytes=max_bytes)
    if is_html(text):
        text = html_to_text(text, path=str(path))
    return clean_text(text)
