"""Every refusal the services and the domain can raise, read from their source: each `LoyaltyError`
(or any subclass) made there — raised, returned or kept — whose message is a string literal or an f-string, expanded into
its variants (a conditional word, a local variable set to one of a few texts) with each value
left to the caller (`hole`). Also read: the texts a few helpers return for a service to raise
(TEXT_FUNCTIONS) and the programme import's bad-row problems (CARRIERS, PAIRS). tests/gui/test_spanish_refusals.py builds a sample of each to check
that the app shows it in Spanish: a new English refusal without a Spanish shape fails it.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pos_loyalty"
FOLDERS = ("services", "domain")
MODULES = ("api/server.py",)  # the local API's start, refused on the main window ("Local API off: …")
ROOT_ERROR = "LoyaltyError"
# Not errors, but problems a screen lists as they are: the programme import's bad rows
# (BadRow(line, column, problem)) and the header problems domain/import_format.py gives as
# (column, problem) pairs appended to `problems`.
CARRIERS = {"BadRow": 2}
# Functions whose returned texts a service raises as the message (`raise ValidationError(field, reason)`).
TEXT_FUNCTIONS = {"domain/limits.py": ("text_problem",), "domain/actions.py": ("already_rewarded",)}
PAIRS = "problems"
MAX_VARIANTS = 16  # per message: a literal with more conditional parts than this is read in part

Hole = Callable[[ast.expr, str], str]  # (the formatted expression, its format spec) -> its text


@dataclass(frozen=True)
class Refusal:
    where: str  # "services/cards.py:265"
    error: str  # the class raised
    variants: tuple[str, ...]  # the message's possible texts, each value filled by `hole`


@dataclass
class _Class:
    name: str
    bases: list[str]
    init: ast.FunctionDef | None
    where: str


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for folder in FOLDERS:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            yield f"{folder}/{path.relative_to(PACKAGE / folder)}", ast.parse(path.read_text(encoding="utf-8"))
    for module in MODULES:
        yield module, ast.parse((PACKAGE / module).read_text(encoding="utf-8"))


def _error_classes(modules: list[tuple[str, ast.Module]]) -> dict[str, _Class]:
    """LoyaltyError and every class deriving from it (by name, to any depth)."""
    classes: dict[str, _Class] = {}
    for where, tree in modules:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
                classes[node.name] = _Class(node.name, [_name(b) for b in node.bases], init, f"{where}:{node.lineno}")
    errors = {ROOT_ERROR}
    while True:
        more = {c.name for c in classes.values() if c.name not in errors and errors.intersection(c.bases)}
        if not more:
            return {name: classes[name] for name in errors}
        errors |= more


def _super_call(init: ast.FunctionDef) -> ast.Call | None:
    for node in ast.walk(init):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__":
            return node
    return None


def _message_slot(cls: str, classes: dict[str, _Class]) -> tuple[int, str] | ast.expr:
    """Where a raise of `cls` passes the message (position, keyword) — or, when the class
    writes the message itself, that expression (inside its __init__)."""
    if cls == ROOT_ERROR:
        return (1, "message")
    info = classes[cls]
    parent = next(b for b in info.bases if b in classes)
    if info.init is None:
        return _message_slot(parent, classes)
    call = _super_call(info.init)
    if call is None:
        return _message_slot(parent, classes)
    slot = _message_slot(parent, classes)
    assert isinstance(slot, tuple), f"{cls}: its parent writes the message"
    position, keyword = slot
    given = next((k.value for k in call.keywords if k.arg == keyword), call.args[position] if len(call.args) > position else None)
    params = [a.arg for a in info.init.args.args[1:]]
    if isinstance(given, ast.Name) and given.id in params:
        return (params.index(given.id), given.id)
    if given is None:  # the parent's default message
        default = _default_message(classes[parent].init)
        assert default is not None, f"{cls}: no message"
        return default
    return given


def _default_message(init: ast.FunctionDef | None) -> ast.expr | None:
    if init is None:
        return None
    names = [a.arg for a in init.args.args[1:]]
    defaults = init.args.defaults
    offset = len(names) - len(defaults)
    return defaults[names.index("message") - offset] if "message" in names and names.index("message") >= offset else None


def _assignments(function: ast.AST | None) -> dict[str, ast.expr]:
    """Local names set once, to text the message may embed (`state = "a" if done else "b"`)."""
    found: dict[str, list[ast.expr]] = {}
    if function is not None:
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                found.setdefault(node.targets[0].id, []).append(node.value)
    return {name: values[0] for name, values in found.items() if len(values) == 1}


def _is_text(node: ast.expr, local: dict[str, ast.expr]) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.IfExp):
        return _is_text(node.body, local) and _is_text(node.orelse, local)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # text + a value: the value is a hole
        return _is_text(node.left, local) or _is_text(node.right, local)
    return False


def _texts(node: ast.expr, local: dict[str, ast.expr], hole: Hole) -> list[str]:
    """Every text `node` can be (values by `hole`)."""
    if isinstance(node, ast.Constant):
        return [str(node.value)]
    if isinstance(node, ast.IfExp):
        return _texts(node.body, local, hole) + _texts(node.orelse, local, hole)
    if isinstance(node, ast.BinOp):
        left, right = ([hole(n, "")] if not _is_text(n, local) else _texts(n, local, hole) for n in (node.left, node.right))
        return [a + b for a, b in itertools.product(left, right)][:MAX_VARIANTS]
    assert isinstance(node, ast.JoinedStr)
    parts: list[list[str]] = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append([str(value.value)])
            continue
        assert isinstance(value, ast.FormattedValue)
        inner = value.value
        if isinstance(inner, ast.Name) and inner.id in local and _is_text(local[inner.id], local):
            inner = local[inner.id]
        spec = ast.unparse(value.format_spec)[2:-1] if value.format_spec else ""
        parts.append(_texts(inner, local, hole) if _is_text(inner, local) else [hole(inner, spec)])
    return ["".join(p) for p in itertools.islice(itertools.product(*parts), MAX_VARIANTS)]


def refusals(hole: Hole) -> list[Refusal]:
    """Every error made with a literal message in services/ and domain/ (a message passed on from
    elsewhere — `str(exc)`, a variable — is the literal's where it was written)."""
    modules = list(_modules())
    classes = _error_classes(modules)
    found: list[Refusal] = []
    built: set[str] = set()
    for where, tree in modules:
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for function in functions:
            if function.name in TEXT_FUNCTIONS.get(where, ()):
                local = _assignments(function)
                for node in ast.walk(function):
                    if isinstance(node, ast.Return) and node.value is not None and _is_text(node.value, local):
                        found.append(Refusal(f"{where}:{node.lineno}", function.name, tuple(_texts(node.value, local, hole))))
        for node in ast.walk(tree):
            carried = _carried(node)
            if carried is not None:
                function = next((f for f in reversed(functions) if f.lineno <= node.lineno <= (f.end_lineno or 0)), None)
                local = _assignments(function)
                if _is_text(carried[1], local):
                    found.append(Refusal(f"{where}:{node.lineno}", carried[0], tuple(_texts(carried[1], local, hole))))
                continue
            if not (isinstance(node, ast.Call) and _name(node.func) in classes):
                continue  # raised, returned or kept: every error made is one a screen may show
            cls = _name(node.func)
            slot = _message_slot(cls, classes)
            function = next((f for f in reversed(functions) if f.lineno <= node.lineno <= (f.end_lineno or 0)), None)
            if isinstance(slot, tuple):
                position, keyword = slot
                call = node
                message = next((k.value for k in call.keywords if k.arg == keyword), call.args[position] if len(call.args) > position else None)
                if message is None:
                    message = _default_message(classes[cls].init) or _message_slot_default(cls, classes)
                local = _assignments(function)
            else:  # the class writes its message itself
                if cls in built:
                    continue
                built.add(cls)
                message, local, where_cls = slot, _assignments(classes[cls].init), classes[cls].where
                if message is not None and _is_text(message, local):
                    found.append(Refusal(where_cls, cls, tuple(_texts(message, local, hole))))
                continue
            if message is not None and _is_text(message, local):
                found.append(Refusal(f"{where}:{node.lineno}", cls, tuple(_texts(message, local, hole))))
    return found


def _carried(node: ast.AST) -> tuple[str, ast.expr] | None:
    """(what carries it, the problem) for a bad row or a header problem, else None."""
    if not isinstance(node, ast.Call):
        return None
    name = _name(node.func)
    if name in CARRIERS:
        given = next((k.value for k in node.keywords if k.arg == "problem"), None)
        position = CARRIERS[name]
        return (name, given if given is not None else node.args[position]) if given is not None or len(node.args) > position else None
    if name == "append" and isinstance(node.func, ast.Attribute) and _name(node.func.value) == PAIRS and len(node.args) == 1:
        pair = node.args[0]
        if isinstance(pair, ast.Tuple) and len(pair.elts) == 2:
            return ("problem", pair.elts[1])
    return None


def _message_slot_default(cls: str, classes: dict[str, _Class]) -> ast.expr | None:
    """The default message of the nearest class that has one (Busy())."""
    while cls != ROOT_ERROR:
        default = _default_message(classes[cls].init)
        if default is not None:
            return default
        cls = next(b for b in classes[cls].bases if b in classes)
    return None
