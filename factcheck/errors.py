"""One exception tree for everything factcheck reports to a user.

    FactcheckError                 every error: one clear, actionable message
    ├── InputError                 a file or argument given by the user is unusable
    │   ├── ArticleError           an article: missing, empty, binary, not UTF-8, too big
    │   └── StoryError             a story id or its manifest
    ├── GoldenError                a golden YAML file: syntax, unknown key, duplicate id...
    ├── ConfigError                [tool.factcheck] settings, the spaCy model
    └── LabelStudioError           the Label Studio server: down, auth, HTTP errors

The CLI turns any of these into one line on stderr and exit status 2.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class: ``str(err)`` is the whole message a user sees."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(FactcheckError):
    """A file or argument the user gave cannot be used."""


class ArticleError(InputError):
    """An article file is missing, empty, binary, not UTF-8 or too large."""


class StoryError(InputError):
    """A story id is invalid or its folder/manifest is unusable."""


class GoldenError(FactcheckError):
    """A golden assertions file is malformed."""


class ConfigError(FactcheckError):
    """Settings or the spaCy model cannot be used."""


class LabelStudioError(FactcheckError):
    """The Label Studio server cannot be reached or answered with an error."""
