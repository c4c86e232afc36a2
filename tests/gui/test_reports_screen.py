"""The Reports screen driven offscreen: every report of the catalogue opens on a small database
built through the services, shows its figures and cells as the services compute them, and
exports each table as CSV (Ctrl+E) and a chart as PNG (Ctrl+Shift+E); a stale run's result is
dropped; a cashier needs a manager's PIN. A report registered by the test itself stands for
the kinds of report the screen must draw without knowing them: bars, a pie, money, percentages,
several tables."""

from __future__ import annotations

import csv
import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries, QPieSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from pos_loyalty.domain.report_table import Chart, Column, Figure, Period, Report, Table
from pos_loyalty.services import checkout, customers, report_filters, reports, users
from pos_loyalty.store.models import SyncTill
from pos_loyalty.ui.report_table_model import figure_text, value_text
from pos_loyalty.ui.reports_screen import ReportsScreen

from ..conftest import MANAGER_PIN, make_order
from .test_manager_screens import PinPad, show_active

pytestmark = pytest.mark.gui
WAIT_MS = 20_000
TODAY = dt.date.today()


def _sample(period: Period) -> Report:
    """Money, percentages, points, a bar chart, a pie and a table without a chart."""
    money = Column("given", "Money given away", "money")
    rewards = Table("by_reward", "Redemptions per reward",
                    (Column("reward", "Reward"), Column("redeemed", "Redeemed", "int"), money, Column("rate", "Redemption rate", "percent")),
                    (("Free coffee", 12, Decimal("33.60"), Decimal("12.5")), ("10% off", 3, Decimal("1234.50"), Decimal("2"))),
                    Chart("bar", "reward", ("redeemed",)))
    tiers = Table("tiers", "Customers per tier", (Column("tier", "Tier"), Column("customers", "Customers", "int")),
                  (("Bronze", 7), ("Silver", 2), ("Gold", 0)), Chart("pie", "tier", ("customers",)))
    top = Table("top", "Top customers", (Column("name", "Customer"), Column("points", "Points", "points"), Column("since", "Since", "date")),
                (("Ann Smith", 1500, dt.date(2026, 1, 2)),))
    return Report(reports._REGISTRY["sample"].info, period,
                  (Figure("outstanding", "Outstanding points", 123456, "points"), Figure("liability", "Their value", Decimal("6172.80"), "money"),
                   Figure("rate", "Redemption rate", Decimal("12.5"), "percent")), (rewards, tiers, top))


@pytest.fixture
def sample(monkeypatch):  # type: ignore[no-untyped-def]
    """The test's own report, in the registry for this test only."""
    monkeypatch.setattr(reports, "_REGISTRY", dict(reports._REGISTRY))
    reports._report("sample", "Sample", "A report of every kind, for the screen's tests.")(_sample)
    return "sample"


@pytest.fixture
def data(store, manager, card):  # type: ignore[no-untyped-def]
    """Two customers enrolled today (Ann and Bob), three sales over the last days."""
    customers.enrol(customers.CustomerInput("Bob Jones", "+44 7700 900999", "bob@example.com"))
    now = dt.datetime.now().replace(microsecond=0)
    for n, days in enumerate((0, 1, 3)):
        checkout.commit(make_order(f"R-{n}", card, [("COFFEE", 2, "2.80")]), when=now - dt.timedelta(days=days))
    return card


def open_screen(qtbot, user: str = "Maya") -> ReportsScreen:  # type: ignore[no-untyped-def]
    screen = ReportsScreen(user=user)
    screen.resize(1000, 700)
    show_active(qtbot, screen)
    return screen


def show(qtbot, screen: ReportsScreen, name: str) -> Report:  # type: ignore[no-untyped-def]
    screen.choose(name)
    qtbot.waitUntil(lambda: not screen.is_busy() and screen.report is not None and screen.report.info.name == name, timeout=WAIT_MS)
    assert screen.report is not None
    return screen.report


def save_as(monkeypatch, target: Path, asked: list[str] | None = None) -> None:  # type: ignore[no-untyped-def]
    def answer(parent, title, suggested, filters):  # type: ignore[no-untyped-def]
        if asked is not None:
            asked.append(suggested)
        return str(target), filters
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))


def test_every_report_shows_its_figures_and_cells_and_exports_each_table(qtbot, data, sample, tmp_path, monkeypatch):
    screen = open_screen(qtbot)
    names = [info.name for info in reports.catalogue()]
    assert [screen.picker.item(r).text() for r in range(screen.picker.count())] == [info.title for info in reports.catalogue()]
    assert screen.picker.item(names.index("sample")).toolTip() == "A report of every kind, for the screen's tests."
    exported = 0
    for name in names:
        shown = show(qtbot, screen, name)
        again = reports.run(name, screen.period())  # the services' own figures for the same range
        assert shown.figures == again.figures and [t.rows for t in shown.tables] == [t.rows for t in again.tables]
        for figure in shown.figures:
            assert screen.figure_labels[figure.key].text() == figure_text(figure.kind, figure.value, screen.currency)
        assert screen.tabs.count() == len(shown.tables)
        for index, table in enumerate(shown.tables):
            screen.tabs.setCurrentIndex(index)
            model = screen.current_page().model
            cells = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
            assert cells == [[value_text(col.kind, v, screen.currency) for col, v in zip(table.columns, row)] for row in table.rows]
            target = tmp_path / f"{name}-{table.key}.csv"
            asked: list[str] = []
            save_as(monkeypatch, target, asked)
            qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
            assert asked and Path(asked[0]).name.startswith(f"{name}-{table.key}-") and asked[0].endswith(".csv")
            with target.open(encoding="utf-8", newline="") as stream:
                read = list(csv.reader(stream))
            direct = reports.write_csv(table, tmp_path / "direct.csv").path  # the services' own CSV of the table
            with direct.open(encoding="utf-8", newline="") as stream:
                assert read == list(csv.reader(stream))
            assert read[0] == [c.label for c in table.columns] and len(read) == len(table.rows) + 1
            assert f"saved to {target}" in screen.status.text()
            exported += 1
    assert exported >= 4  # the enrolments' table and the sample's three at least

    # The enrolments on screen, exactly: Ann and Bob today, nobody on the days before.
    show(qtbot, screen, "enrolments")
    assert screen.figure_labels["new_customers"].text() == "2"
    model = screen.pages_shown[0].model
    assert model.data(model.index(model.rowCount() - 1, 0)) == TODAY.isoformat()
    assert [model.data(model.index(r, 1)) for r in range(model.rowCount())] == ["0"] * 29 + ["2"]
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    with (tmp_path / "enrolments-per_period.csv").open(encoding="utf-8", newline="") as stream:
        read = list(csv.reader(stream))
    assert read[0] == ["Period", "New customers"] and read[-1] == [TODAY.isoformat(), "2"] and len(read) == 31


def test_money_percent_and_points_read_as_the_app_writes_them(qtbot, store, manager, sample):
    screen = open_screen(qtbot)
    show(qtbot, screen, "sample")
    assert {k: label.text() for k, label in screen.figure_labels.items()} == {
        "outstanding": "123,456 points", "liability": "€6,172.80", "rate": "12.5%"}
    assert [screen.tabs.tabText(i) for i in range(screen.tabs.count())] == ["Redemptions per reward", "Customers per tier", "Top customers"]
    model = screen.pages_shown[0].model
    assert [[model.data(model.index(r, c)) for c in range(4)] for r in range(2)] == [
        ["Free coffee", "12", "€33.60", "12.5%"], ["10% off", "3", "€1,234.50", "2.0%"]]
    top = screen.pages_shown[2].model
    assert [top.data(top.index(0, c)) for c in range(3)] == ["Ann Smith", "1,500", "2026-01-02"]
    # Each chart hint drawn as its kind: bars, a pie without its empty slice, no chart for the third table.
    bars = screen.pages_shown[0].chart_view.chart().series()
    assert len(bars) == 1 and isinstance(bars[0], QBarSeries) and [bars[0].barSets()[0].at(i) for i in range(2)] == [12.0, 3.0]
    pie = screen.pages_shown[1].chart_view.chart().series()[0]
    assert isinstance(pie, QPieSeries) and [s.label() for s in pie.slices()] == ["Bronze: 7", "Silver: 2"]
    assert screen.pages_shown[2].chart_view is None
    screen.tabs.setCurrentIndex(2)
    assert screen.export_button.isEnabled() and not screen.chart_button.isEnabled()


def test_a_chart_saves_as_a_png_of_its_size_with_ctrl_shift_e(qtbot, data, sample, tmp_path, monkeypatch):
    screen = open_screen(qtbot)
    show(qtbot, screen, "enrolments")
    line = screen.pages_shown[0].chart_view.chart().series()[0]
    assert isinstance(line, QLineSeries) and line.count() == 30 and line.at(29).y() == 2.0
    for name, tab in (("enrolments", 0), ("sample", 1)):
        show(qtbot, screen, name)
        screen.tabs.setCurrentIndex(tab)
        view = screen.current_page().chart_view
        target = tmp_path / f"{name}.png"
        save_as(monkeypatch, target)
        qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        image = QImage(str(target))
        assert not image.isNull() and (image.width(), image.height()) == (view.width(), view.height())
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 3, "a drawn chart, not a blank picture"
        assert f"saved to {target}" in screen.status.text()
    save_as(monkeypatch, tmp_path / "chart.jpg")
    screen.save_chart()
    assert screen.error.isVisible() and "must end in .png" in screen.error.text() and not (tmp_path / "chart.jpg").exists()
    save_as(monkeypatch, tmp_path / "missing" / "t.csv")
    screen.export_table()
    assert "does not exist" in screen.error.text()


def test_a_newer_request_supersedes_an_older_one_whose_result_is_dropped(qtbot, store, manager, sample, monkeypatch):
    release = threading.Event()
    started = threading.Event()

    def slow(period: Period) -> Report:
        if period.start == dt.date(2025, 1, 1):  # the old request: waits until the new one is on screen
            started.set()
            release.wait(10)
        return Report(reports._REGISTRY["slow"].info, period, (Figure("start", "Start", period.start.isoformat(), "text"),))

    reports._report("slow", "Slow", "Waits for the test.")(slow)
    screen = open_screen(qtbot)
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=WAIT_MS)
    screen.set_range(dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    screen.choose("slow")
    assert screen.is_busy() and screen.busy.isVisible()
    assert started.wait(10)
    screen.set_range(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    screen.run_report()
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=WAIT_MS)
    assert screen.figure_labels["start"].text() == "2026-02-01"
    release.set()
    qtbot.waitUntil(lambda: screen.dropped == 1, timeout=WAIT_MS)
    assert screen.figure_labels["start"].text() == "2026-02-01", "the older result never replaces the newer"
    assert not screen.busy.isVisible()


def test_a_cashier_needs_a_managers_pin_and_the_next_user_again(qtbot, data, monkeypatch):
    users.add_user("Sam", "cashier", "1357", manager_pin=MANAGER_PIN)
    screen = open_screen(qtbot, user="Sam")
    assert screen.pages.currentIndex() == 0 and screen.report is None and not screen.is_busy()
    pad = PinPad(monkeypatch, qtbot, "999999", MANAGER_PIN)
    screen.unlock_button.click()
    assert pad.calls == 2 and "not correct" in pad.errors_seen[1]
    assert screen.pages.currentIndex() == 1
    qtbot.waitUntil(lambda: screen.report is not None and not screen.is_busy(), timeout=WAIT_MS)
    screen.user = "Sam"  # the till locked and Sam signed in again: the PIN opened them for the last sign-in only
    assert screen.pages.currentIndex() == 0 and screen.report is None and screen.tabs.count() == 0
    screen.user = "Maya"  # a manager signs in: open without a PIN
    assert screen.pages.currentIndex() == 1 and pad.calls == 2
    qtbot.waitUntil(lambda: screen.report is not None and not screen.is_busy(), timeout=WAIT_MS)


def test_ranges_presets_and_bad_ranges(qtbot, data):
    screen = open_screen(qtbot)
    qtbot.waitUntil(lambda: screen.report is not None and not screen.is_busy(), timeout=WAIT_MS)
    day = dt.date(2026, 3, 15)
    for key, start in (("7", dt.date(2026, 3, 9)), ("30", dt.date(2026, 2, 14)), ("month", dt.date(2026, 3, 1)), ("365", dt.date(2025, 3, 16))):
        screen.apply_preset(key, today=day)
        assert (screen.start.date().toPython(), screen.end.date().toPython()) == (start, day)
        assert screen.preset.currentData() == key
    assert screen.start.calendarPopup() and screen.end.calendarPopup()
    screen.set_range(dt.date(2026, 3, 10), dt.date(2026, 3, 1))
    screen.run_report()
    assert screen.error.isVisible() and "before the start" in screen.error.text() and not screen.is_busy()
    screen.set_range(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    screen.grain.setCurrentIndex(screen.grain.findData("month"))
    qtbot.waitUntil(lambda: not screen.is_busy() and screen.report is not None and screen.report.period.grain == "month", timeout=WAIT_MS)
    assert not screen.error.isVisible()
    model = screen.pages_shown[0].model
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["2026-01-01", "2026-02-01", "2026-03-01"]


def test_store_and_till_filters_show_only_where_there_are_tills(qtbot, data, monkeypatch):
    screen = open_screen(qtbot)
    assert not screen.filters.isVisible() and report_filters.tills() == []
    # The hub's own database lists every till that attached.
    SyncTill.create(name="TILL2", store="Harbour St")
    SyncTill.create(name="TILL1", store="Corner Café")
    SyncTill.create(name="TILL3", store="Corner Café")
    assert report_filters.tills() == [report_filters.Till("TILL1", "Corner Café"), report_filters.Till("TILL3", "Corner Café"),
                                      report_filters.Till("TILL2", "Harbour St")]
    other = open_screen(qtbot)
    assert other.filters.isVisible()
    qtbot.waitUntil(lambda: other.store.count() == 3, timeout=WAIT_MS)
    assert [other.store.itemText(i) for i in range(3)] == ["All stores", "Corner Café", "Harbour St"]
    other.store.setCurrentIndex(1)
    assert [other.till.itemText(i) for i in range(other.till.count())] == ["All tills", "TILL1", "TILL3"]
    other.till.setCurrentIndex(2)
    qtbot.waitUntil(lambda: not other.is_busy() and other.report is not None and other.report.period.till == "TILL3", timeout=WAIT_MS)
    assert other.report.period.store == "Corner Café"


def test_an_attached_till_whose_hub_is_away_lists_itself(store, monkeypatch):
    from pos_loyalty.services import settings, sync

    monkeypatch.setattr(sync, "attached", lambda: ("postgresql://nobody@127.0.0.1:9/none", "TILL7"))
    assert report_filters.filters_apply()
    assert report_filters.tills() == [report_filters.Till("TILL7", settings.get("store_name"))]
