"""Entry point: the desktop app with no arguments, the command line otherwise."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from .logs import setup_logging

    setup_logging()
    if not args or args[0] in ("--gui",):
        from .ui.app import run

        return run(args[1:])
    from .cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
