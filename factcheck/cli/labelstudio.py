"""`factcheck labelstudio serve|install|token|push|pull`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from factcheck.config import Settings


def _labelstudio_commands(sub: Any) -> None:
    """labelstudio push | pull | serve | install | token."""
    # -- labelstudio ----------------------------------------------------------
    p = sub.add_parser(
        "labelstudio",
        help="a local Label Studio; push sources to / pull annotations from it",
        description="Round trip with a Label Studio server. push and pull connect with "
        "LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY from the environment (the key is never "
        "printed or stored); serve starts a local server and pushes the story.",
    )
    lsub = p.add_subparsers(dest="ls_command", metavar="ACTION", required=True)
    lp = lsub.add_parser("push", help="create/update the story's project and tasks")
    lp.add_argument("--story", required=True, help="story id")
    lp.set_defaults(handler=_ls_push)
    lp = lsub.add_parser("pull", help="merge annotations into annotations/<story>.yaml")
    lp.add_argument("--story", required=True, help="story id")
    lp.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    lp.set_defaults(handler=_ls_pull)
    lp = lsub.add_parser(
        "serve",
        help="start a local Label Studio for annotators, with the story pushed",
        description="Install label-studio if needed (its own venv), start it on 127.0.0.1, "
        "push the story and print how to log in; Ctrl-C stops it (the data stays).",
    )
    lp.add_argument("--story", required=True, help="story id")
    lp.add_argument("--port", type=int, default=None, help="default: 8080 if free")
    lp.add_argument("--data-dir", type=Path, default=None, help="default: .labelstudio/data")
    lp.set_defaults(handler=_ls_serve)
    lp = lsub.add_parser(
        "install",
        help="install label-studio into its own venv and build its data template",
        description="Create .labelstudio/venv (or $FACTCHECK_LABELSTUDIO_HOME/venv) with "
        "label-studio and the initialised data template every server starts from.",
    )
    lp.set_defaults(handler=_ls_install)
    lp = lsub.add_parser(
        "token",
        help="print the local admin's API token (for LABEL_STUDIO_API_KEY=$(...))",
    )
    lp.add_argument("--data-dir", type=Path, default=None, help="default: .labelstudio/data")
    lp.set_defaults(handler=_ls_token)


def _ls_push(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio import connect, push

    print(push(settings, args.story, connect()).summary())
    return 0


def _ls_pull(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio import connect, pull

    result = pull(settings, args.story, connect(), dry_run=args.dry_run)
    if result.diff:
        sys.stdout.write(result.diff)
    print(result.summary())
    return 0


def _ls_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Start a local server for annotators, push the story, print how to log in."""
    import signal
    import time

    from factcheck.labelstudio import connect, push, server

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # nox, CI and `kill` send SIGTERM (a background job may ignore SIGINT): stop the
    # server through the same path as Ctrl-C, so it never outlives us.
    signal.signal(signal.SIGTERM, interrupt)
    with server.launch(settings, data_dir=args.data_dir, port=args.port) as ls:
        result = push(settings, args.story, connect(ls.url, ls.token))
        admin = ls.users[0]
        print(result.summary())
        print(
            f"\nLabel Studio is ready: {ls.url}/projects/{result.project}/data\n"
            f"  log in as {admin.email} with password {admin.password}\n"
            f"  (other accounts: {ls.data_dir / server.CREDENTIALS})\n"
            "For `factcheck labelstudio pull` in another shell:\n"
            f"  export LABEL_STUDIO_URL={ls.url}\n"
            "  export LABEL_STUDIO_API_KEY=$(factcheck labelstudio token "
            f"--data-dir {ls.data_dir})\n"
            "Press Ctrl-C to stop the server (the data stays in its folder).",
            flush=True,
        )
        try:
            while ls.alive():
                time.sleep(1)
        except KeyboardInterrupt:
            print("stopping Label Studio ...", flush=True)
        if not ls.alive() and ls.process.returncode not in (0, -signal.SIGTERM):
            print(f"label-studio exited; last lines of {ls.log}:\n{server.tail(ls.log)}")
            return 1
    return 0


def _ls_install(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio import server

    home = server.ls_home(settings)
    binary = server.install(home)
    template = server.ensure_template(home, binary)
    print(f"label-studio {server.installed_version(binary)}: {binary}; template {template}")
    return 0


def _ls_token(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio import server

    # Goes to the pipe of `$(...)`, never to a log.
    data_dir = args.data_dir or server.ls_home(settings) / "data"
    sys.stdout.write(server.load_users(data_dir)[0].token)
    return 0
