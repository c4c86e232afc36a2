"""`pos-loyalty api token create|list|revoke`: the local HTTP API's tokens (a manager's), and
the options of `serve --http` (README "Local HTTP API")."""

from __future__ import annotations

import argparse
from typing import Any

from .formats import datetime_text


def cmd_api_token_create(args: argparse.Namespace, out: Any) -> int:
    from .services import api_tokens

    made = api_tokens.create(args.name, manager_pin=getattr(args, "manager_pin", None), manager=getattr(args, "manager", None))
    out.emit(made, f"token for '{made.name}' (shown once: keep it in the POS's settings, it cannot be shown again):\n{made.token}")
    return 0


def cmd_api_token_list(args: argparse.Namespace, out: Any) -> int:
    from .services import api_tokens

    rows = api_tokens.all_tokens()

    def text() -> str:
        lines = [f"{r.name:<20} made {datetime_text(r.created_at)} by {r.created_by or '-'}; "
                 + (f"revoked {datetime_text(r.revoked_at)}" if r.revoked_at else
                    f"last used {datetime_text(r.last_used_at)}" if r.last_used_at else "never used") for r in rows]
        return "\n".join(lines) or "no API token"

    out.emit(rows, text)
    return 0


def cmd_api_token_revoke(args: argparse.Namespace, out: Any) -> int:
    from .services import api_tokens

    view = api_tokens.revoke(args.name, manager_pin=getattr(args, "manager_pin", None), manager=getattr(args, "manager", None))
    out.emit(view, f"token '{view.name}' revoked: its next call is refused")
    return 0


def add_commands(group: Any, unbuilt: Any, common: argparse.ArgumentParser) -> None:
    """The `api` group; its one action, `token`, has actions of its own."""
    api = group("api", "the local HTTP API's tokens (a manager's)")
    if unbuilt(api):
        return
    token = api.add_parser("token", help="create, list or revoke the tokens the POS calls the API with", parents=[common])
    actions = token.add_subparsers(dest="token_action", required=True, metavar="ACTION")
    p = actions.add_parser("create", help="a new token for NAME, printed once (manager)", parents=[common])
    p.set_defaults(func=cmd_api_token_create)
    p.add_argument("name", help="who calls with it, e.g. main-till: the user its sales record")
    p = actions.add_parser("list", help="every token: made, last used, revoked (never the token itself)", parents=[common])
    p.set_defaults(func=cmd_api_token_list)
    p = actions.add_parser("revoke", help="revoke NAME's token: its next call is refused (manager)", parents=[common])
    p.set_defaults(func=cmd_api_token_revoke)
    p.add_argument("name")


def port_number(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number from 1 to 65535")
    return int(text)


def add_serve_options(p: argparse.ArgumentParser) -> None:
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--stdio", action="store_true", help="read one JSON request per line on stdin, answer on stdout")
    how.add_argument("--http", action="store_true", help="the local HTTP API (README \"Local HTTP API\"); tokens: pos-loyalty api token")
    p.add_argument("--host", default="127.0.0.1", help="with --http: the address to listen on (default 127.0.0.1, this computer only)")
    p.add_argument("--port", type=port_number, default=8765, help="with --http: the port (default 8765)")
