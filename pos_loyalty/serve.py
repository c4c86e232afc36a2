"""`pos-loyalty serve --stdio`: the command line as one long-running process, for a POS that
calls it per sale and cannot pay a process start each time.

One request per line on standard input, one response per line on standard output, in order:

    {"id": 7, "command": ["checkout", "commit", "-"], "input": {"order_id": "T1-0042", ...}}
    {"id": 7, "exit": 0, "output": {"order_id": "T1-0042", "points_earned": 55, ...}}

- `command` is the command line after ``pos-loyalty`` as a list of words, exactly as in a
  shell (``["cards", "show", "080894804303"]``). The database is the one `serve` was started
  on, so ``--db`` (and ``serve`` itself) is refused. Every request runs as the user proven
  when `serve` started (``serve --stdio --user NAME``, the PIN from ``$POS_LOYALTY_PIN``):
  another ``--user`` is refused, a command that changes data needs that user, and a
  manager-only action (which needs a manager's PIN there and then) is refused — use the app
  or the CLI for those.
- `input` is what the command reads for a ``-`` file argument (an order, a rules bundle),
  as JSON; without it ``-`` reads nothing.
- `id` is anything JSON, echoed back to match the answer to the question (optional).
- `exit` is the status the same command would exit with (0 done, 2 bad input or refused,
  1 internal error) and `output` is exactly what it prints with ``--json`` — the result, or
  ``{"error": …, "field": …}``. Nothing else is ever written to standard output.

Each request runs as its own command would, in its own transaction, so every guarantee holds
unchanged: a commit retried with the same order id changes nothing. A line that is not a
request gets an answer with exit 2 and field ``request``. End of input ends the process (0).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from typing import Any, Iterator, TextIO

from .cli import Output, _active_currency, guarded, needs, parse
from .domain.errors import ValidationError


class Captured(Output):
    """Keeps what a command would print with ``--json``, for the response line."""

    def __init__(self) -> None:
        super().__init__(True, currency=_active_currency)
        self.payload: Any = None

    def emit(self, data: Any, text: Any) -> None:
        self.payload = self.plain(data)

    def internal_error(self, message: str) -> None:
        self.payload = {"error": message}


@contextlib.contextmanager
def _redirected(stdin: TextIO) -> Iterator[None]:
    """The request's input as standard input; stray prints go to stderr, never into the protocol."""
    saved = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = stdin, sys.stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout = saved


def _refused(request_id: Any, field: str, message: str) -> dict[str, Any]:
    return {"id": request_id, "exit": 2, "output": {"error": message, "field": field}}


def _check_allowed(args: argparse.Namespace, user: str) -> None:
    """Refuse (`ValidationError`, naming the field) what the session's user may not run here."""
    from .cli import cmd_users_pin
    from .cli_auth import Need

    if args.user and args.user.casefold() != user.casefold():
        raise ValidationError("--user", f"this serve runs as '{user or 'nobody'}'; start another serve --user {args.user} for that user")
    if getattr(args, "pin_argument", None) is not None or getattr(args, "manager", None) or args.func is cmd_users_pin:
        raise ValidationError("pin", "PINs are not taken in requests: change a PIN and make manager-only actions in the app or the CLI")
    need = needs(args)  # may read the database (a refund's amount): refused or failed like any command
    if need is Need.MANAGER:
        raise ValidationError("command", "a manager-only action needs a manager's PIN there and then: use the app or the CLI")
    if need is Need.USER and not user:
        raise ValidationError("user", "this command changes data: start serve with --user NAME (the PIN from $POS_LOYALTY_PIN)")


def answer(parser: argparse.ArgumentParser, line: str, user: str) -> dict[str, Any]:
    """The response to one request line."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        return _refused(None, "request", f"not valid JSON (column {exc.colno}: {exc.msg})")
    if not isinstance(request, dict):
        return _refused(None, "request", "must be a JSON object with a command")
    request_id = request.get("id")
    words = request.get("command")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        return _refused(request_id, "command", 'must be a list of words, e.g. ["cards", "show", "080894804303"]')
    unknown = sorted(set(request) - {"id", "command", "input"})
    if unknown:
        return _refused(request_id, unknown[0], "is not part of a request (id, command, input)")
    out = Captured()
    stdin = io.StringIO(json.dumps(request["input"]) if "input" in request else "")
    with _redirected(stdin):
        shown = io.StringIO()
        with contextlib.redirect_stdout(shown):  # --help prints; the text goes into the answer
            args = parse(parser, [*words, "--json"], out)
        if isinstance(args, int):  # a usage error (2, reported in `out`) or --help (0)
            return {"id": request_id, "exit": args, "output": out.payload if args else {"help": shown.getvalue()}}
        if args.group == "serve":
            return _refused(request_id, "command", "serve cannot be nested")
        if args.db:
            return _refused(request_id, "--db", "is chosen when serve starts; start another serve for another database")
        def run() -> int:
            _check_allowed(args, user)
            args.user, args.manager_pin, args.manager = user, None, None
            return int(args.func(args, out))

        code = guarded(run, out)  # a refusal answers exit 2, anything else exit 1: serve goes on
    return {"id": request_id, "exit": code, "output": out.payload}


def serve_stdio(parser: argparse.ArgumentParser, user: str, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Answer requests from `stdin` until it ends; each answer is written and flushed at once."""
    source = stdin or sys.stdin
    sink = stdout or sys.stdout
    for line in source:
        if not line.strip():
            continue
        sink.write(json.dumps(answer(parser, line, user), sort_keys=True, separators=(",", ":")) + "\n")
        sink.flush()
    return 0
