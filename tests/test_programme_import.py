"""Importing an existing programme from CSV (issue 14, "data in and out"): customers, the card
numbers they carry, opening balances — dry run first, then all or nothing, idempotent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.domain import card_numbers
from pos_loyalty.domain.errors import PermissionDenied, ValidationError
from pos_loyalty.services import cards, checkout, customers, ledger, programme_import, search
from pos_loyalty.services.cards import Cancelled
from pos_loyalty.services.programme_import import BadRow, ImportRefused
from pos_loyalty.store.models import AuditLog, Card, CardLot, Customer, CustomerWord, LedgerEntry, db, now
from pos_loyalty.store.running_totals import replayed_lot_totals, stored_lot_totals
from tests.conftest import make_order

SOON = (dt.date.today() + dt.timedelta(days=10)).isoformat()
LATER = (dt.date.today() + dt.timedelta(days=200)).isoformat()

CLEAN = f"""customer,name,phone,email,marketing_opt_in,birthday,card,points,expires
C1,Ann Smith,07700 900123,ann@example.com,yes,1990-03-14,OLD-000123,120,{SOON}
C1,,,,,,OLD-000123,80,{LATER}
C1,,,,,,4000 1234 5678,0,
C2,João Silva,,joao@example.com,no,23/04/1985,AB99X1,"1 250",
C3,Bob Jones,+44 7700 900456,,true,,777001,5,
"""


def write(tmp_path: Path, text: str, name: str = "programme.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def tables() -> dict[str, int]:
    return {m.__name__: m.select().count() for m in (Customer, CustomerWord, Card, LedgerEntry, CardLot, AuditLog)}


def test_a_clean_file_imports_customers_cards_and_balances_that_are_found_and_spent(store: Path, manager: str, tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN)
    before = tables()
    dry = programme_import.check(path, manager_pin=manager)
    assert (dry.rows, dry.customers, dry.cards, dry.balances, dry.points, dry.bad, dry.written) == (5, 3, 4, 4, 1455, (), False)
    assert tables() == before  # a dry run writes nothing

    report = programme_import.import_file(path, "Maya", manager_pin=manager)
    assert (report.customers, report.cards, report.balances, report.points, report.written) == (3, 4, 4, 1455, True)
    ann = cards.lookup("OLD-000123")  # the number as printed: dashes and spaces as scanned
    assert (ann.number, ann.customer_name, ann.phone, ann.email, ann.balance) == ("OLD000123", "Ann Smith", "+447700900123", "ann@example.com", 200)
    assert (ann.expiring_points, ann.expiring_on.date().isoformat()) == (120, SOON)  # the lot that expires within 30 days
    assert ann.batch == report.batch and report.batch.startswith("import ")
    second = cards.lookup("4000 1234 5678")  # a customer's second card, no balance
    assert (second.customer_id, second.balance, second.status) == (ann.customer_id, 0, "active")
    ann_row = Customer.get_by_id(ann.customer_id)
    assert (ann_row.marketing_opt_in, ann_row.birth_month, ann_row.birth_day) == (True, 3, 14)
    joao = Customer.get(Customer.email == "joao@example.com")
    assert (joao.birth_month, joao.birth_day, joao.marketing_opt_in) == (4, 23, False)
    assert cards.lookup("ab99x1").balance == 1250  # letters as the scanner or the cashier types them
    # searchable as enrolled customers are: by a word of the name, accent-free, phone and email prefix
    assert [c.name for c in customers.search("joao")] == ["João Silva"]
    assert [c.name for c in customers.search("07700 9004")] == ["Bob Jones"]
    assert [c.name for c in customers.search("ann@ex")] == ["Ann Smith"]
    # opening balances are ledger entries with their lots; the balance is their sum
    entries = list(LedgerEntry.select().where(LedgerEntry.kind == "opening").order_by(LedgerEntry.id))
    assert [(e.idempotency_key, e.points) for e in entries] == [
        ("opening:OLD000123:1", 120), ("opening:OLD000123:2", 80), ("opening:AB99X1:1", 1250), ("opening:777001:1", 5)]
    assert entries[0].expires_at.date().isoformat() == SOON and entries[2].expires_at.date() == (now() + dt.timedelta(days=365)).date()
    assert stored_lot_totals(db.obj) == replayed_lot_totals(db.obj)
    assert all(c.balance == ledger.sum_of_ledger(c) for c in Card.select())
    logged = AuditLog.get(AuditLog.action == "customers.import")
    assert logged.user == "Maya" and json.loads(logged.details)["customers"] == 3 and logged.target == "programme.csv"
    # spending takes the soonest-expiring imported points first
    result = checkout.commit(make_order("IMP-1", "OLD000123", rewards=[{"id": "pay-with-points", "points": 100}]))
    assert result.points_spent == 100
    assert [lot.points for lot in ledger.lots(Card.get(Card.number == "OLD000123"))[0]][:2] == [20, 80]


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_bad_row(store: Path, manager: str, tmp_path: Path) -> None:
    _ann, taken = customers.enrol(customers.CustomerInput("Ann Smith", "07700 900123", ""))
    path = write(tmp_path, f"""name,phone,email,marketing_opt_in,birthday,card,points,expires
Good Person,,good@example.com,no,,GOOD0001,10,
Bad Phone,0770O 900999,,,,BAD0002,10,
No Contact,,,,,BAD0003,10,
Opt Maybe,,maybe@example.com,maybe,31/02/1990,BAD0004,12.5,
Taken Card,,taken@example.com,,,{taken.number},10,
Same Phone,07700 900123,,,,BAD0006,10,
Bad Card,,card@example.com,,,Ω-12,10,
Old Points,,old@example.com,,,BAD0008,10,2001-01-01
Twice,,twice@example.com,,,GOOD0001,10,
""")
    before = tables()
    report = programme_import.check(path, manager_pin=manager)
    assert report.bad == (
        BadRow(3, "phone", "'0770O 900999' is not a phone number: letters are not allowed"),
        BadRow(4, "phone", "give a phone number or an email address for this customer"),
        BadRow(5, "marketing_opt_in", "'maybe' is not yes or no (write yes/no, true/false or 1/0)"),
        BadRow(5, "birthday", "'31/02/1990' is not a real date"),
        BadRow(5, "points", "'12.5' is not a whole number of points"),
        BadRow(6, "card", f"{taken.number} is already a card of this store (active of Ann Smith)"),
        BadRow(7, "phone", "+447700900123 already belongs to Ann Smith, a customer of this store"),
        BadRow(8, "card", "'Ω-12' cannot be a card number: use letters A-Z and digits 0-9 (at least one digit), 4 to 24 characters"),
        BadRow(9, "expires", "2001-01-01 is past: these points would expire at once"),
        BadRow(10, "name", "differs from line 2, the same customer (same card)"),  # a card's second balance is the same customer's
        BadRow(10, "email", "differs from line 2, the same customer (same card)"),
    )
    with pytest.raises(ImportRefused) as refused:
        programme_import.import_file(path, "Maya", manager_pin=manager)
    assert refused.value.report.bad == report.bad and "8 bad rows" in refused.value.message  # lines 3-10; 5 and 10 with several problems
    assert tables() == before  # nothing imported, not even the good row


def test_the_header_is_checked_first_naming_the_column(store: Path, manager: str, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as refused:
        programme_import.check(write(tmp_path, "name,email,points,colour\nAnn,ann@example.com,1,red\n"), manager_pin=manager)
    assert [(b.line, b.column) for b in refused.value.report.bad] == [(1, "colour"), (1, "card")]
    assert "is not a column of the import" in refused.value.report.bad[0].problem
    with pytest.raises(ValidationError) as not_utf8:
        programme_import.check(write(tmp_path, "name,email,card\nJosé,j@example.com,ABC123\n", "latin.csv", "latin-1"), manager_pin=manager)
    assert "not UTF-8 text (line 2)" in not_utf8.value.message


def test_the_same_file_twice_changes_nothing_the_second_time(store: Path, manager: str, tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN)
    programme_import.import_file(path, "Maya", manager_pin=manager)
    after_first = tables()
    again = programme_import.import_file(path, "Maya", manager_pin=manager)
    assert (again.customers, again.cards, again.points, again.already_imported, again.written) == (0, 0, 0, 5, False)
    assert tables() == after_first
    # a later export of the old programme with one new customer brings in just that one
    more = write(tmp_path, CLEAN + "C4,Eve Adams,,eve@example.com,,,EVE00001,7,\n", "programme-2.csv")
    added = programme_import.import_file(more, "Maya", manager_pin=manager)
    assert (added.customers, added.cards, added.points, added.already_imported) == (1, 1, 7, 5)
    # an opening balance that changed is refused: that is an adjustment
    changed = write(tmp_path, CLEAN.replace(",120,", ",999,"), "changed.csv")
    with pytest.raises(ImportRefused) as refused:
        programme_import.import_file(changed, "Maya", manager_pin=manager)
    assert [(b.line, b.column) for b in refused.value.report.bad] == [(2, "points")]


def test_bom_semicolons_and_decimal_commas_from_a_spreadsheet(store: Path, manager: str, tmp_path: Path) -> None:
    text = "\ufeffName;E-mail;Marketing opt-in;Card;Points;Expires\r\nZoë Müller;zoe@example.de;JA?;DE-7781;\"1.250\";\r\n"
    with pytest.raises(ImportRefused) as refused:  # 'JA?' and the ambiguous "1.250" are named, not guessed
        programme_import.import_file(write(tmp_path, text, "excel.csv"), manager_pin=manager)
    assert [(b.column, b.problem.split(":")[0]) for b in refused.value.report.bad] == [
        ("marketing_opt_in", "'JA?' is not yes or no (write yes/no, true/false or 1/0)"), ("points", "'1.250' is ambiguous")]
    text = f"\ufeffName;E-mail;Marketing opt-in;Card;Points;Expires\r\nZoë Müller;zoe@example.de;Yes;DE-7781;1250,00;{LATER[8:]}.{LATER[5:7]}.{LATER[:4]}\r\n"
    report = programme_import.import_file(write(tmp_path, text, "excel.csv"), manager_pin=manager)
    assert (report.customers, report.points) == (1, 1250)
    view = cards.lookup("DE7781")
    assert (view.customer_name, view.email, view.balance) == ("Zoë Müller", "zoe@example.de", 1250)
    entry = LedgerEntry.get(LedgerEntry.kind == "opening")
    assert entry.expires_at.date().isoformat() == LATER


def test_an_imported_number_is_scanned_at_checkout_and_a_typo_of_ours_is_still_caught(store: Path, manager: str, card: str, tmp_path: Path) -> None:
    programme_import.import_file(write(tmp_path, "name,email,card,points\nOld Card,old@example.com,1234-5678,40\n"), manager_pin=manager)
    assert not card_numbers.is_valid("12345678")  # no check digit of ours
    result = checkout.commit(make_order("FOREIGN-1", "1234 5678"))
    assert result.card == "12345678" and result.balance == 40 + result.points_earned > 40
    assert [hit.name for hit in search.find("1234-5678")] == ["Old Card"]
    typo = card[:-1] + str((int(card[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as mistyped:
        cards.lookup(typo)
    assert "fails its check digit" in mistyped.value.message
    with pytest.raises(ValidationError):
        cards.get_card("87654321")  # shaped like an imported number, but none was imported


def test_cancel_midway_leaves_nothing_and_progress_is_reported(store: Path, manager: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(programme_import, "_INSERT_CHUNK", 20)
    rows = "".join(f"Person {i},,p{i}@example.com,,,IMP{i:05d},{i + 1},\n" for i in range(120))
    path = write(tmp_path, "name,phone,email,marketing_opt_in,birthday,card,points,expires\n" + rows)
    before = tables()
    seen: list[tuple[str, int, int]] = []

    def staging_half_done() -> bool:  # rows going into the temporary tables, before the write transaction
        return any(stage == "writing" and done >= 100 for stage, done, _total in seen)

    def in_the_write_transaction() -> bool:  # the checks made again holding the lock, then the copy begins
        return ("checking", 1, 1) in seen
    for cancel in (staging_half_done, in_the_write_transaction):
        seen.clear()
        with pytest.raises(Cancelled):
            programme_import.import_file(path, "Maya", manager_pin=manager, progress=lambda *a: seen.append(a), should_cancel=cancel)
        assert tables() == before
    assert ("checking", 1, 1) in seen  # the second one was cancelled inside the transaction: rolled back
    seen.clear()
    report = programme_import.import_file(path, "Maya", manager_pin=manager, progress=lambda *a: seen.append(a))
    assert report.customers == 120 and seen[-1][0] == "writing" and seen[-1][1] == seen[-1][2]
    assert [done for stage, done, _total in seen if stage == "writing"] == sorted(done for stage, done, _total in seen if stage == "writing")


def test_only_a_manager_imports(store: Path, manager: str, tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN)
    with pytest.raises(PermissionDenied):
        programme_import.import_file(path, manager_pin=None)
    with pytest.raises(PermissionDenied):
        programme_import.check(path, manager_pin="000000")
    assert Customer.select().count() == 0
    with pytest.raises(ValidationError):  # not imported: not a number of ours either
        cards.get_card("OLD000123")


def test_the_command_line_dry_run_then_import_and_bad_rows_exit_2(store: Path, as_maya: list[str], tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, CLEAN)
    base = ["--db", str(store), *as_maya, "customers", "import", str(path)]
    assert cli([*base, "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert (dry["customers"], dry["dry_run"], dry["bad"]) == (3, True, [])
    assert Customer.select().count() == 0
    assert cli(base) == 0
    assert "imported 3 customers" in capsys.readouterr().out
    bad = write(tmp_path, "name,email,card\nNo Mail,not-an-email,ZZ0001\n", "bad.csv")
    assert cli(["--db", str(store), *as_maya, "customers", "import", str(bad), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "line 2, email: 'not-an-email' is not an email address" in err
    assert cli(["--db", str(store), *as_maya, "--json", "customers", "import", str(bad)]) == 2
    refused = json.loads(capsys.readouterr().out)
    assert refused["field"] == "file" and refused["bad"] == [{"line": 2, "column": "email", "problem": "'not-an-email' is not an email address"}]
    assert Customer.select().count() == 3


def test_the_readme_example_file_imports_as_described(store: Path, manager: str, tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```csv\n", 1)[1].split("```", 1)[0]
    report = programme_import.import_file(write(tmp_path, example), manager_pin=manager)
    assert (report.customers, report.cards, report.points) == (3, 4, 1455)
    assert cards.lookup("OLD-000123").balance == 200 and cards.lookup("4000 1234 5678").customer_name == "Ann Smith"


def test_the_cards_list_finds_an_imported_number_by_its_start(store: Path, manager: str, tmp_path: Path) -> None:
    from pos_loyalty.services import card_list

    programme_import.import_file(write(tmp_path, "name,email,card\nAnn Smith,ann@example.com,OLD-000123\nBob Jones,bob@example.com,OLD-000999\n"),
                                 manager_pin=manager)
    assert [r.number for r in card_list.page(search="old-0001")] == ["OLD000123"]
    assert [r.customer_name for r in card_list.page(search="ann")] == ["Ann Smith"]  # a name is still a name


@pytest.mark.parametrize("text, points", [("", 0), ("120", 120), ("1 250", 1250), ("1\u00a0250,00", 1250), ("1'250", 1250), ("1250.0", 1250), ("0", 0)])
def test_points_as_spreadsheets_write_them(text: str, points: int) -> None:
    from pos_loyalty.domain import import_format

    assert import_format.whole_points(text) == points


@pytest.mark.parametrize("text, problem", [("1.250", "ambiguous"), ("1,250", "ambiguous"), ("12,5", "not a whole number"), ("-5", "negative"),
                                           ("ten", "not a number"), ("100000001", "more than 100,000,000")])
def test_points_that_cannot_be_read_for_sure_are_refused(text: str, problem: str) -> None:
    from pos_loyalty.domain import import_format

    with pytest.raises(ValidationError) as refused:
        import_format.whole_points(text)
    assert refused.value.field == "points" and problem in refused.value.message


def test_cells_dates_separators_and_foreign_numbers() -> None:
    from pos_loyalty.domain import import_format

    assert [import_format.opt_in(t) for t in ("Yes", "y", "TRUE", "1", "Sí", "si", "no", "N", "false", "0", "")] == [True] * 6 + [False] * 5
    assert import_format.date("31/12/2030", "expires") == import_format.date("31.12.2030", "expires") == dt.date(2030, 12, 31)
    with pytest.raises(ValidationError):
        import_format.date("12/31/2030", "expires")  # never month first
    assert import_format.birthday("02-29") == (2, 29) and import_format.birthday("1990-03-14") == (3, 14)
    assert [import_format.delimiter(h) for h in ("name,card", "name;card;points", "name\tcard", "name")] == [",", ";", "\t", ","]
    assert [import_format.column_key(h) for h in (" Marketing opt-in ", "E-mail", "Card number", "BALANCE")] == ["marketing_opt_in", "email", "card", "points"]
    assert card_numbers.validate_imported("ab-12 34") == "AB1234"
    for text in ("abcd", "12", "ÄB1234", "A" * 24 + "1"):
        with pytest.raises(ValidationError):
            card_numbers.validate_imported(text)
    ours = card_numbers.random_number("", 12)
    assert card_numbers.validate_imported(ours) == ours


def test_customers_keep_the_day_they_enrolled_in_the_old_programme(store: Path, manager: str, tmp_path: Path) -> None:
    """Reports count enrolments by `created_at`: an imported customer counts on the day they
    joined the old programme, not on the day of the import."""
    text = "name,email,enrolled_at,card\nAnn,ann@example.com,2024-05-01 10:30:00,OLD1001\nBob,bob@example.com,02/01/2023,OLD1002\nEve,eve@example.com,,OLD1003\n"
    programme_import.import_file(write(tmp_path, text), manager_pin=manager)
    enrolled = {c.name: c.created_at for c in Customer.select()}
    assert enrolled["Ann"] == dt.datetime(2024, 5, 1, 10, 30) and enrolled["Bob"] == dt.datetime(2023, 1, 2)
    assert enrolled["Eve"].date() == dt.date.today()
    later = programme_import.check(write(tmp_path, "name,email,enrolled_at,card\nZed,zed@example.com,2999-01-01,OLD1004\n", "later.csv"), manager_pin=manager)
    assert later.bad == (BadRow(2, "enrolled_at", "'2999-01-01' is later than now"),)
