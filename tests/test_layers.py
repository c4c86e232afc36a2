"""The front ends reach the database only through the services: no module of `ui/` or `api/`, nor
`cli.py`, `serve.py` or `__main__.py`, imports `pos_loyalty.store` (models, database,
migrations). Checked on the source's syntax tree, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pos_loyalty"
FRONT_ENDS = [*sorted((PACKAGE / "ui").glob("*.py")), PACKAGE / "cli.py", PACKAGE / "serve.py", PACKAGE / "__main__.py"]
FRONT_ENDS += [*sorted((PACKAGE / "api").glob("*.py")), PACKAGE / "cli_api.py"]  # the local HTTP API, over the same services


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in a module of `package`, relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return found


def imports_of(path: Path) -> list[tuple[int, str]]:
    return imported_modules(path.read_text(encoding="utf-8"), ".".join(path.relative_to(PACKAGE.parent).parts[:-1]))


def test_the_checker_sees_relative_and_lazy_imports():
    source = "def f():\n    from ..store.models import db\n    from .. import store\n    import pos_loyalty.store.database\n"
    names = [name for _line, name in imported_modules(source, "pos_loyalty.ui")]
    assert {"pos_loyalty.store.models", "pos_loyalty.store", "pos_loyalty.store.database"} <= set(names)


def test_front_ends_do_not_import_the_store():
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{line}: {name}"
                 for path in FRONT_ENDS if path.exists()
                 for line, name in imports_of(path)
                 if name == "pos_loyalty.store" or name.startswith("pos_loyalty.store.")]
    assert not offenders, "use a service instead (services/setup.py opens and closes the database):\n" + "\n".join(offenders)
