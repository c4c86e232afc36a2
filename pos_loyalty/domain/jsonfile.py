"""Reading a JSON document a person or a till wrote (an order, a rules bundle), strictly.

Python's `json` takes NaN and Infinity, converts a 5,000-digit integer only to fail with a
ValueError, recurses (and crashes with RecursionError) on 100,000 nested brackets, and the
caller must pick an encoding. Here each of those is a `ValidationError` naming the file:
the text must be UTF-8 (a UTF-8 byte order mark is allowed), numbers finite, whole numbers
at most `MAX_INT_DIGITS` digits, and nesting at most `MAX_DEPTH` levels.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from .errors import ValidationError

MAX_DEPTH = 64
MAX_INT_DIGITS = 30


class JSONInvalid(ValidationError):
    """Not JSON at all; `position` says where ("line 2, column 16")."""

    def __init__(self, field: str, message: str, position: str) -> None:
        super().__init__(field, message)
        self.position = position


class _Refused(ValueError):
    """A literal the document may not contain (raised from json's hooks)."""


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a whole number of {len(text.lstrip('-'))} digits is too long")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"{text[:20]} is too large")
    return value


def _decode(raw: bytes, name: str, field: str) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or (len(raw) > 1 and b"\x00" in raw[:4]):
        raise ValidationError(field, f"{name} is not UTF-8 (it looks like UTF-16 or UTF-32): save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(field, f"{name} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None


def _depth_ok(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def loads_json(raw: bytes | str, name: str, field: str = "file") -> Any:
    """Parse `raw` (bytes are decoded as UTF-8) or raise `ValidationError(field, …)` saying
    what is wrong with `name` and where."""
    text = _decode(raw, name, field) if isinstance(raw, bytes) else raw
    try:
        data = json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise JSONInvalid(field, f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", f"line {exc.lineno}, column {exc.colno}") from None
    except _Refused as exc:
        raise ValidationError(field, f"{name} is not accepted: {exc}") from None
    except RecursionError:
        raise ValidationError(field, f"{name} is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # anything else json or int() refuses
        raise ValidationError(field, f"{name} is not valid JSON ({exc})") from None
    if not _depth_ok(data):
        raise ValidationError(field, f"{name} is nested too deeply (at most {MAX_DEPTH} levels)")
    return data
