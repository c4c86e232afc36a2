"""E-mail templates: a customer's message rendered from the rules bundle's templates.

Jinja2 in a sandbox (a template from a bundle cannot reach Python objects), with
`StrictUndefined`, so a template naming a placeholder that does not exist is an error — found
when the bundle is imported (`check_template`), not by a customer reading an empty greeting.
The HTML body is autoescaped: a customer called ``<script>`` reads as text. The subject and
the plain-text body are not HTML, so nothing is escaped there; the subject is one line (a
newline in a header would start another header).

Pure Python (Jinja2 has no Qt and no database): the services fill the placeholders, already
formatted as people read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping

from .errors import ValidationError

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

PLACEHOLDERS = ("customer_name", "reward_name", "coupon_code", "coupon_expires", "store_name", "points")
MAX_TEMPLATE_LENGTH = 50_000  # characters of one template: a long e-mail, far from a megabyte
MAX_SUBJECT_LENGTH = 200

# A sample of every placeholder, to render a template once when it is checked: a filter that
# cannot take text (`{{ points + 1 }}` is fine on an int, not on text) fails there, not later.
_SAMPLE: dict[str, object] = {"customer_name": "Ann Smith", "reward_name": "Free coffee", "coupon_code": "ABCDEFGHJK",
                              "coupon_expires": "2026-12-31", "store_name": "My Store", "points": "100"}



@lru_cache(maxsize=2)
def _environment(html: bool) -> "SandboxedEnvironment":
    """The sandbox for HTML (autoescaped) or for text; Jinja2 is imported on first use, so a
    process that never renders an e-mail (a `cards show`) never loads it."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=html, undefined=StrictUndefined, keep_trailing_newline=True)


@lru_cache(maxsize=256)
def _compiled(source: str, html: bool) -> "Template":
    """A template compiled once: a trigger firing on many sales renders the same few."""
    return _environment(html).from_string(source)


def _errors() -> tuple[type[Exception], ...]:
    from jinja2 import TemplateError

    return (TemplateError, TypeError, ValueError, ArithmeticError)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def check_template(text: str, where: str, html: bool = False) -> None:
    """Refuse a template that cannot render — bad syntax, an unknown placeholder, too long —
    with a `ValidationError` naming `where` (e.g. ``triggers[0].message.subject``) and the
    line of the problem. The bundle's validation calls this for each template it imports."""
    if not isinstance(text, str):
        raise ValidationError(where, "a template must be text")
    if len(text) > MAX_TEMPLATE_LENGTH:
        raise ValidationError(where, f"a template may be at most {MAX_TEMPLATE_LENGTH:,} characters ({len(text):,})")
    from jinja2 import TemplateSyntaxError, meta

    try:
        parsed = _environment(html).parse(text)
    except TemplateSyntaxError as exc:
        raise ValidationError(where, f"line {exc.lineno}: {exc.message}") from None
    unknown = sorted(meta.find_undeclared_variables(parsed) - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(where, f"unknown placeholder{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                                     f"known: {', '.join(PLACEHOLDERS)}")
    try:
        _compiled(text, html).render(_SAMPLE)
    except _errors() as exc:
        raise ValidationError(where, f"cannot be rendered: {exc}") from None


def render(subject: str, text: str, html: str, context: Mapping[str, object]) -> Rendered:
    """The message for one customer. `context` gives every placeholder (text, already
    formatted); a template error raises a `ValidationError` naming the part at fault."""
    values = {name: "" for name in PLACEHOLDERS}
    values.update({k: ("" if v is None else v) for k, v in context.items() if k in PLACEHOLDERS})
    return Rendered(one_line(_render(subject, False, values, "subject"))[:MAX_SUBJECT_LENGTH],
                    _render(text, False, values, "text"),
                    _render(html, True, values, "html") if html else "")


def one_line(text: str) -> str:
    """`text` as one header line: line breaks (and other controls) become spaces, runs of spaces one."""
    return " ".join("".join(" " if ch < " " or ch in "\x7f\u2028\u2029\x85" else ch for ch in text).split())


def _render(source: str, html: bool, values: Mapping[str, Any], part: str) -> str:
    plan = _plain(source, html)
    if plan is not None:
        return _fill(plan, html, values)
    try:
        return _compiled(source, html).render(values)
    except _errors() as exc:
        raise ValidationError(part, f"the {part} template cannot be rendered: {exc}") from None


@lru_cache(maxsize=256)
def _plain(source: str, html: bool) -> tuple[tuple[bool, str], ...] | None:
    """A template that is only text and ``{{ placeholder }}``s (most messages: "Thank you,
    {{ customer_name }}"), as its parts — (False, text) or (True, placeholder) — exactly as
    Jinja2 parsed them (comments, ``{{-`` trimming and newlines already applied); None for
    anything else (a filter, a condition, a loop …), which Jinja2 renders. Filling the parts
    gives what Jinja2 would, without its per-render context (a third of queueing a trigger's
    e-mail in a sale)."""
    from jinja2 import TemplateSyntaxError, nodes

    try:
        parsed = _environment(html).parse(source)
    except TemplateSyntaxError:
        return None
    parts: list[tuple[bool, str]] = []
    for node in parsed.body:
        if not isinstance(node, nodes.Output):
            return None
        for child in node.nodes:
            if type(child) is nodes.TemplateData:
                parts.append((False, child.data))
            elif type(child) is nodes.Name and child.ctx == "load" and child.name in PLACEHOLDERS:
                parts.append((True, child.name))
            else:
                return None
    return tuple(parts)


def _fill(plan: tuple[tuple[bool, str], ...], html: bool, values: Mapping[str, Any]) -> str:
    """A plain template's parts filled as Jinja2 outputs a placeholder: `str`, or escaped for HTML."""
    if html:
        from markupsafe import escape

        return "".join(str(escape(values[text])) if is_name else text for is_name, text in plan)
    return "".join(str(values[text]) if is_name else text for is_name, text in plan)
