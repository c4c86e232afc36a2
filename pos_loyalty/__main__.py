"""Entry point: the desktop app with no command, the command line with one.

``pos-loyalty`` and ``pos-loyalty --db FILE`` open the app; ``pos-loyalty --gui …`` too;
anything else (``pos-loyalty cards show …``, ``--help``) is the command line.
"""

from __future__ import annotations

import sys


def wants_gui(args: list[str]) -> bool:
    """True when the arguments name no command: at most ``--gui``, ``--db VALUE`` and ``--create``."""
    rest = list(args)
    if rest[:1] == ["--gui"]:
        return True
    while rest:
        if rest[0] == "--db" and len(rest) >= 2:
            rest = rest[2:]
        elif rest[0].startswith("--db=") or rest[0] == "--create":
            rest = rest[1:]
        else:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from .logs import setup_logging

    setup_logging()
    if wants_gui(args):
        from .ui.app import run

        return run([a for a in args if a != "--gui"])
    from .cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
