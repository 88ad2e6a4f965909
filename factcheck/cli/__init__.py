"""The ``factcheck`` command line: ``main(argv) -> int``; one module per group of
commands (``articles``, ``labelstudio``, ``checking``), each a screenful or two.

Exit status: 0 success / nothing found, 1 findings, 2 usage or input error.
Every ``FactcheckError`` (and ``OSError``) becomes one line on stderr; so does an
unexpected exception (a bug), with exit 2: exit 1 is only ever findings.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from factcheck import __version__
from factcheck.cli.articles import _article_commands
from factcheck.cli.checking import _check_commands
from factcheck.cli.labelstudio import _labelstudio_commands
from factcheck.config import load_settings
from factcheck.errors import FactcheckError


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its messages, one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="factcheck",
        description="Check news articles on one story against golden fact assertions.",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _article_commands(sub)
    _labelstudio_commands(sub)
    _check_commands(sub)
    return parser


# -------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        return int(args.handler(args, settings))
    except FactcheckError as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("factcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a full disk, a permission, a path that is not what it seems
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"factcheck: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # Exit 1 means findings, so a bug must not exit 1 with a traceback.
        if os.environ.get("FACTCHECK_DEBUG"):
            import traceback

            traceback.print_exc()
        print(
            f"factcheck: internal error: {type(exc).__name__}: {str(exc)[:300]}; this is a "
            "bug, please report it (FACTCHECK_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 2


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
