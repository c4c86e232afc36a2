"""E-mail templates (domain/templates.py): a bad template is refused with its place, the HTML
body escapes what customers typed, the plain text and subject do not, the subject is one line."""

from __future__ import annotations

import pytest

from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.domain.templates import PLACEHOLDERS, check_template, render

CONTEXT = {"customer_name": "<script>alert('x')</script> & Co", "reward_name": "Free coffee", "coupon_code": "ABCD2345EF",
           "coupon_expires": "2026-12-31", "store_name": "Corner Café", "points": "1,250"}


def test_every_placeholder_renders() -> None:
    text = " ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)
    check_template(text, "t")
    rendered = render(text, text, text, CONTEXT)
    assert "ABCD2345EF" in rendered.text and "1,250" in rendered.html and "Corner Café" in rendered.subject


def test_html_escapes_the_customers_name_and_text_keeps_it_verbatim() -> None:
    rendered = render("Hi {{ customer_name }}", "Hi {{ customer_name }}", "<p>Hi {{ customer_name }}</p>", CONTEXT)
    assert rendered.html == "<p>Hi &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</p>"
    assert rendered.text == "Hi <script>alert('x')</script> & Co"
    assert rendered.subject == "Hi <script>alert('x')</script> & Co"


def test_subject_is_one_line() -> None:
    rendered = render("Hello\r\nBcc: victim@example.com\n{{ customer_name }}", "", "", {"customer_name": "Ann\nSmith"})
    assert rendered.subject == "Hello Bcc: victim@example.com Ann Smith"


@pytest.mark.parametrize("template, problem", [
    ("Hello {{ customer }}", "unknown placeholder customer"),
    ("Hello {{ customer_name ", "line 1"),
    ("{% for x in points %}{{ x.__class__ }}{% endfor %}", "cannot be rendered"),
    ("{{ customer_name.__class__.__mro__ }}", "cannot be rendered"),
    ("line\n{% if %}", "line 2"),
])
def test_a_bad_template_is_refused_with_its_place(template: str, problem: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_template(template, "triggers[2].message.subject")
    assert refused.value.field == "triggers[2].message.subject"
    assert problem in refused.value.message


def test_rendering_an_unknown_placeholder_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(ValidationError) as refused:
        render("Hi {{ nobody }}", "", "", CONTEXT)
    assert refused.value.field == "subject"
