"""Who runs a CLI command, proven by a PIN that never travels on the command line.

A PIN on the command line is visible to every user of the machine (`ps`) and stays in shell
history, so the CLI never takes one as an argument. It reads each PIN from, in order:

1. standard input, one PIN per line, with `--pin-stdin` (the user's PIN first, then the
   manager's if the command needs one and the user is not a manager, then a new PIN for
   `users add` / `users pin`); what follows is the command's own input (e.g. `checkout commit -`);
2. the environment: `POS_LOYALTY_PIN` (the user's), `POS_LOYALTY_MANAGER_PIN`, `POS_LOYALTY_NEW_PIN`;
3. a hidden prompt (getpass) when standard input is a terminal.

Otherwise the command is refused (exit 2) saying how to pass the PIN. What each command needs
is `Need`: nothing (read-only commands; a `--user` given anyway is still proven), a user, or a
manager's approval (a manager as `--user`, or a cashier plus a manager's PIN).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass
from enum import Enum
from typing import IO, Mapping

from .domain.errors import ValidationError

USER_PIN_ENV = "POS_LOYALTY_PIN"
MANAGER_PIN_ENV = "POS_LOYALTY_MANAGER_PIN"
NEW_PIN_ENV = "POS_LOYALTY_NEW_PIN"
NO_PIN_ON_COMMAND_LINE = ("a PIN is never taken on the command line, where `ps` and shell history show it: "
                          "type it when asked, set POS_LOYALTY_PIN (POS_LOYALTY_MANAGER_PIN for a manager's), "
                          "or give it on standard input with --pin-stdin")


class Need(Enum):
    NOTHING = "nothing"
    USER = "user"
    MANAGER = "manager"


@dataclass
class PinReader:
    """Reads PINs from standard input (`--pin-stdin`), the environment or a hidden prompt."""

    from_stdin: bool
    stdin: IO[str]
    environ: Mapping[str, str]

    @classmethod
    def for_process(cls, from_stdin: bool) -> "PinReader":
        return cls(from_stdin, sys.stdin, os.environ)

    def read(self, env_var: str, prompt: str, field: str, what: str) -> str:
        if self.from_stdin:
            line = self.stdin.readline()
            if not line:
                raise ValidationError(field, f"--pin-stdin: standard input ended before {what}")
            return line.rstrip("\r\n")
        if env_var in self.environ:
            return self.environ[env_var]
        if self._interactive():
            return getpass.getpass(prompt)
        raise ValidationError(field, f"{what} is needed: type it at a terminal, set {env_var}, or give it on standard input with --pin-stdin (never on the command line)")

    def read_new(self, name: str) -> str:
        """A new PIN for `name`, typed twice at a terminal."""
        pin = self.read(NEW_PIN_ENV, f"New PIN for {name}: ", "pin", f"the new PIN for {name}")
        if not self.from_stdin and NEW_PIN_ENV not in self.environ and getpass.getpass(f"New PIN for {name} again: ") != pin:
            raise ValidationError("pin", "the two PINs typed differ")
        return pin

    def _interactive(self) -> bool:
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError):
            return False


def refuse_pin_arguments(args: argparse.Namespace) -> None:
    """The old `--pin` / `--manager-pin` options: exit 2 with the reason and what to use."""
    if getattr(args, "pin_argument", None) is not None:
        raise ValidationError("pin", NO_PIN_ON_COMMAND_LINE)


def authenticate(args: argparse.Namespace, need: Need, reader: PinReader) -> None:
    """Set `args.user` (the proven user's name, or '' for a read-only command run without one),
    `args.manager_pin` and `args.manager` (the approval the services check again)."""
    from .services import auth

    args.manager_pin, args.manager = None, getattr(args, "manager", None)
    if args.manager:
        named = auth.find_user(args.manager)
        if named is None or not named.active or named.role != "manager":
            raise ValidationError("manager", f"no active manager called '{args.manager}'")
    name = (args.user or "").strip()
    if not name:
        if need is not Need.NOTHING:
            raise ValidationError("user", "this command changes data: give --user NAME (the PIN is asked for, "
                                          f"or read from {USER_PIN_ENV} or --pin-stdin)")
        args.user = ""
        return
    if auth.find_user(name) is None:
        raise ValidationError("user", f"no user called '{name}'")
    pin = reader.read(USER_PIN_ENV, f"PIN for {name}: ", "pin", f"the PIN for {name}")
    user = auth.sign_in(name, pin)
    args.user, args.user_pin = user.name, pin
    if need is not Need.MANAGER:
        return
    if user.role == "manager" and (not args.manager or auth.name_key(args.manager) == auth.name_key(user.name)):
        args.manager_pin, args.manager = pin, user.name
        return
    manager = args.manager or "a manager"
    args.manager_pin = reader.read(MANAGER_PIN_ENV, f"PIN of {manager} (to allow this): ", "manager_pin", f"the PIN of {manager}")
