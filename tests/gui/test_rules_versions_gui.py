"""What a till shows of published rules (issue 13): the status bar names the version in force and
when it arrived, and the one scheduled next; at that moment it switches by itself, with no
restart and nothing announced. The rules screen lists every version with its state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pos_loyalty import formats
from pos_loyalty.services import rules_sync
from pos_loyalty.ui.main_window import MainWindow

from ..conftest import ensure_manager
from ..test_rules_publish import bundle_file
from .test_manager_screens import show_active

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, store):  # type: ignore[no-untyped-def]
    ensure_manager()
    widget = MainWindow(user="Sam")
    show_active(qtbot, widget)
    return widget


def test_the_status_bar_shows_the_version_in_force_when_it_arrived_and_the_next_one(qtbot, window: MainWindow, tmp_path: Path) -> None:
    demo = rules_sync.active_version()
    now = dt.datetime.now()
    takes_over = (now + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    assert window.status_rules.text() == f"Rules: Corner Café Rewards 2026.11-demo, synced {formats.datetime_text(demo.imported_at)}"
    rules_sync.publish_file(bundle_file(tmp_path, "2026.12-ten"), effective_from=takes_over, manager_pin=ensure_manager())
    qtbot.waitUntil(lambda: "next" in window.status_rules.text(), timeout=8_000)  # heard as any change from the database
    assert window.status_rules.text() == (f"Rules: Corner Café Rewards 2026.11-demo, synced {formats.datetime_text(demo.imported_at)}"
                                          f" — next: 2026.12-ten from {formats.datetime_text(takes_over)}")
    assert window.rules_switch_timer.isActive()  # told again before that moment
    arrived = rules_sync.versions()[0].imported_at
    assert window.rules_status_text(takes_over) == f"Rules: Corner Café Rewards 2026.12-ten, synced {formats.datetime_text(arrived)}"


def test_a_scheduled_version_takes_over_on_screen_at_its_moment_without_a_restart(qtbot, window: MainWindow, tmp_path: Path) -> None:
    rules_screen = window.go_to("rules")
    assert rules_screen.listed_versions() == [("2026.11-demo", "active")]
    soon = dt.datetime.now() + dt.timedelta(seconds=1.5)
    rules_sync.publish_file(bundle_file(tmp_path, "2026.12-ten"), effective_from=soon, manager_pin=ensure_manager())
    qtbot.waitUntil(lambda: rules_screen.listed_versions() == [("2026.12-ten", "scheduled"), ("2026.11-demo", "active")], timeout=8_000)
    assert "next: 2026.12-ten" in window.status_rules.text()
    qtbot.waitUntil(lambda: "2026.12-ten, synced" in window.status_rules.text(), timeout=8_000)  # the timer: nothing was written then
    assert "next" not in window.status_rules.text()
    assert rules_screen.listed_versions() == [("2026.12-ten", "active"), ("2026.11-demo", "retired")]
    assert rules_screen.active_version_text() == "2026.12-ten"
