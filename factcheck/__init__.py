"""factcheck: fact-consistency checks for news coverage of one story by many outlets.

The public API is small; heavy libraries (spaCy, the Label Studio SDK) are
imported only inside the functions that need them, so ``import factcheck`` and
the pytest plugin load fast.
"""

from __future__ import annotations

from factcheck.errors import (
    ArticleError,
    ConfigError,
    FactcheckError,
    GoldenError,
    InputError,
    LabelStudioError,
    StoryError,
)
from factcheck.model import (
    ArticleResult,
    Assertion,
    ClaimAssertion,
    CleanedText,
    Entity,
    Evidence,
    Finding,
    Golden,
    NumberAssertion,
    QuoteAssertion,
    Source,
    Status,
    Verdict,
)

__version__ = "0.1.0"

__all__ = [
    "ArticleError",
    "ArticleResult",
    "Assertion",
    "ClaimAssertion",
    "CleanedText",
    "ConfigError",
    "Entity",
    "Evidence",
    "FactcheckError",
    "Finding",
    "Golden",
    "GoldenError",
    "InputError",
    "LabelStudioError",
    "NumberAssertion",
    "QuoteAssertion",
    "Source",
    "Status",
    "StoryError",
    "Verdict",
    "__version__",
]
