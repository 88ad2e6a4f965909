"""The Jinja2 environment shared by the HTML and Markdown renderings (templates in
``factcheck/templates``), and the Markdown escaping its ``md`` filter applies."""

from __future__ import annotations

import html
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from factcheck.report.marks import truncate
from factcheck.report.model import FINDING_TITLES, STATUSES

if TYPE_CHECKING:
    import jinja2

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: object) -> str:
    """Text for GitHub Markdown: one line, HTML-escaped, Markdown punctuation escaped."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


@cache
def environment() -> jinja2.Environment:
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("factcheck", "templates"),
        autoescape=True,  # every template, .md included: article text is never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda v: Markup(md_escape(v))
    env.filters["truncate_words"] = truncate
    env.globals["asset"] = _asset
    env.globals["STATUSES"] = STATUSES
    env.globals["FINDING_TITLES"] = FINDING_TITLES
    return env


def _asset(name: str) -> Any:
    """Our own CSS/JS, inlined verbatim (not a template: braces in JS stay braces)."""
    from importlib.resources import files

    from markupsafe import Markup

    return Markup((files("factcheck") / "templates" / name).read_text(encoding="utf-8"))
