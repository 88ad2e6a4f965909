"""The SDK connection: one ``LabelStudioError`` per failure, no credential shown, bounded paging.

The connection comes from ``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY``; the key is
never printed, logged or written.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from factcheck.config import Settings
from factcheck.errors import LabelStudioError

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio


CONFIG_FILE = "labelstudio.xml"

T = TypeVar("T")


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
            "`factcheck labelstudio token` for the local server)"
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
        raise wrap(exc, safe_url(url), "connecting") from None


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


def base_url(client: LabelStudio) -> str:
    return safe_url(str(client._client_wrapper.get_base_url()))


def scrub(text: str, client: LabelStudio | None = None) -> str:
    """``text`` with every credential replaced: the keys ``connect`` was given, the
    tokens the SDK holds, any ``Authorization`` value and a URL's user:password (a
    server error body may echo the request's headers)."""
    tokens = getattr(getattr(client, "_client_wrapper", None), "_tokens_client", None)
    held = {getattr(tokens, "api_key", None), getattr(tokens, "_access_token", None)}
    secrets = {s for s in (*_SECRETS, *held) if isinstance(s, str) and s}
    for secret in sorted(secrets, key=len, reverse=True):  # a longer one may hold a shorter
        text = text.replace(secret, "<secret>")
    return safe_url(_AUTH_VALUE.sub(r"\1\2<secret>", text))


def listed(pager: Iterable[T]) -> list[T]:
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


def wrap(exc: Exception, url: str, what: str, client: LabelStudio | None = None) -> Exception:
    """One clear LabelStudioError for any failure of a call (never showing the key)."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    if isinstance(exc, LabelStudioError):
        return exc
    url = safe_url(url)
    if isinstance(exc, ApiError):
        code = exc.status_code
        body = " ".join(scrub(str(exc.body), client).split())[:300]  # scrub, then cut
        if code in (401, 403):
            return LabelStudioError(
                f"Label Studio at {url} refused the API key while {what} (HTTP {code}); set "
                "LABEL_STUDIO_API_KEY to your account's token (Account & Settings; for the "
                "local server `factcheck labelstudio token`). Nothing was written"
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
            f"{scrub(str(exc), client)[:200]}); start it (`nox -s labelstudio`) or fix "
            "LABEL_STUDIO_URL. Nothing was written"
        )
    if isinstance(exc, ValueError):  # a body that is not the JSON the SDK expects
        return LabelStudioError(
            f"Label Studio at {url} sent an unexpected answer while {what}: "
            f"{scrub(str(exc), client)[:200]}. Nothing was written"
        )
    raise exc


def call(client: LabelStudio, what: str, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    try:
        return fn(*args, **kw)
    except Exception as exc:
        raise wrap(exc, base_url(client), what, client) from None


def find_project(client: LabelStudio, title: str) -> Any | None:
    for p in call(client, "listing projects", lambda: listed(client.projects.list())):
        if p.title == title:
            return p
    return None


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
