"""The layout checks of test_layout.py again with the app in Spanish, whose texts run longer:
every widget a cashier needs still on screen at till sizes, figures never cut."""

from __future__ import annotations

import pytest

from .test_layout import (  # noqa: F401  (collected here again, in Spanish)
    test_an_inline_error_never_pushes_the_commit_button_off_screen,
    test_every_other_screen_fits,
    test_the_cards_list_and_history_show_whole_numbers,
    test_the_checkout_fits_a_till_screen_with_eight_lines_or_more,
    test_the_reports_screen_shows_its_figures_chart_and_table_whole,
    styled,
    window,
)
from .test_spanish import spanish  # noqa: F401  (fixture)

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _in_spanish(spanish):  # type: ignore[no-untyped-def]  # noqa: F811
    """Every test of this module runs with the Spanish translation installed."""
    yield
