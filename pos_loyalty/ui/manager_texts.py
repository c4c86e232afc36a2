"""The refusals the manager's screens meet (settings, bulk cards, rules, reports, users, sync,
coupons, privacy, imports…), in the app's language: the shapes `service_texts.translated`
tries after the till's own.

Each English message is written once, as the template the service fills (`{name}` where it
puts a value): the template is both the shape a message is recognised by and the text Qt
translates (context "services"). A value is shown as the service wrote it, except a plain
number ("1,200", "50.00") or date ("2026-11-29"), shown the app's way, and a status or role word
("suspended", "cashier"), translated. tests/gui/test_spanish_refusals.py reads every refusal
the services and the domain can raise and fails on one with no template here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from .. import formats

# The English templates, by the module that writes them. A value in quotes ('{text}') is what
# a person typed: shown as typed.
_TEMPLATES: list[str] = [
    # api/server.py
    QT_TRANSLATE_NOOP("services", "the local API cannot listen on {address} (another program uses that port?); choose another port"),
    # domain/actions.py
    QT_TRANSLATE_NOOP("services", "'{text}' is not a birthday: write MM-DD or YYYY-MM-DD, e.g. 04-23"),
    QT_TRANSLATE_NOOP("services", "'{text}' is not a real date"),
    QT_TRANSLATE_NOOP("services", "{kind} already rewarded"),
    QT_TRANSLATE_NOOP("services", "{kind} already rewarded today"),
    QT_TRANSLATE_NOOP("services", "{kind} already rewarded on {day}"),
    QT_TRANSLATE_NOOP("services", "{kind} already rewarded this week"),
    QT_TRANSLATE_NOOP("services", "{kind} already rewarded in the week of {start}"),
    QT_TRANSLATE_NOOP("services", "{kind} already rewarded this month"),
    QT_TRANSLATE_NOOP("services", "{kind} already rewarded in {start}"),
    QT_TRANSLATE_NOOP("services", "{kind} already rewarded this year"),
    # domain/card_numbers.py
    QT_TRANSLATE_NOOP("services", "'{prefix}' leaves fewer than 4 free digits in a {length}-digit number"),
    QT_TRANSLATE_NOOP("services", "'{prefix}' must be digits only (0-9)"),
    QT_TRANSLATE_NOOP("services", "'{text}' cannot be a card number: use letters A-Z and digits 0-9 (at least one digit), {foreign_min_length} to {foreign_max_length} characters"),
    QT_TRANSLATE_NOOP("services", "'{text}' has {count} digits; card numbers have {min_length} to {max_length}"),
    QT_TRANSLATE_NOOP("services", "a card number is required"),
    QT_TRANSLATE_NOOP("services", "must be between {min_length} and {max_length}, not {length}"),
    # domain/coupons.py
    QT_TRANSLATE_NOOP("services", "'{text}' is not a date as YYYY-MM-DD (e.g. 2026-12-31)"),
    QT_TRANSLATE_NOOP("services", "give an expiry date or a number of days, not both"),
    QT_TRANSLATE_NOOP("services", "the number of days must be a whole number from 0 to {max_valid_days}"),
    QT_TRANSLATE_NOOP("services", "{day} is in the past; a coupon must be valid at least today"),
    QT_TRANSLATE_NOOP("services", "{day} is more than ten years ahead"),
    # domain/engine.py
    QT_TRANSLATE_NOOP("services", "a points reward cannot be paid by a coupon"),
    QT_TRANSLATE_NOOP("services", "at least {min_points} points must be used"),
    QT_TRANSLATE_NOOP("services", "at most {max_points} points can be used"),
    QT_TRANSLATE_NOOP("services", "needs at least {min_points} points; {limit} can be used"),
    QT_TRANSLATE_NOOP("services", "only points rewards take a number of points"),
    QT_TRANSLATE_NOOP("services", "{points} points are worth more than the {goods_left} left to pay; use at most {most_useful}"),
    # domain/import_format.py
    QT_TRANSLATE_NOOP("services", "'{text}' is ambiguous: write 1250 or 1 250"),
    QT_TRANSLATE_NOOP("services", "'{text}' is more than {max_opening_points} points"),
    QT_TRANSLATE_NOOP("services", "'{text}' is negative; an opening balance is 0 or more"),
    QT_TRANSLATE_NOOP("services", "'{text}' is not a date: write YYYY-MM-DD or DD/MM/YYYY, e.g. 2027-03-31"),
    QT_TRANSLATE_NOOP("services", "'{text}' is not a number of points"),
    QT_TRANSLATE_NOOP("services", "'{text}' is not a time of day"),
    QT_TRANSLATE_NOOP("services", "'{text}' is not a whole number of points"),
    QT_TRANSLATE_NOOP("services", "'{text}' is not yes or no (write yes/no, true/false or 1/0)"),
    # domain/import_format.py: a problem of the import file's header
    QT_TRANSLATE_NOOP("services", "the file needs a phone or an email column (or both)"),
    QT_TRANSLATE_NOOP("services", "has no name in the header"),
    QT_TRANSLATE_NOOP("services", "is a required column and is missing from the header"),
    QT_TRANSLATE_NOOP("services", "is not a column of the import; the columns are {names}"),
    QT_TRANSLATE_NOOP("services", "appears twice in the header"),
    # domain/jsonfile.py
    QT_TRANSLATE_NOOP("services", "{name} is nested too deeply (at most {max_depth} levels)"),
    QT_TRANSLATE_NOOP("services", "{name} is not UTF-8 (byte {start}): save it as UTF-8"),
    QT_TRANSLATE_NOOP("services", "{name} is not UTF-8 (it looks like UTF-16 or UTF-32): save it as UTF-8"),
    QT_TRANSLATE_NOOP("services", "{name} is not accepted: {exc}"),
    QT_TRANSLATE_NOOP("services", "{name} is not valid JSON (line {lineno}, column {colno}: {msg})"),
    QT_TRANSLATE_NOOP("services", "{name} is not valid JSON ({exc})"),
    # domain/limits.py
    QT_TRANSLATE_NOOP("services", "'{value}' is not a whole number"),
    QT_TRANSLATE_NOOP("services", "is longer than {limit} characters ({count})"),
    QT_TRANSLATE_NOOP("services", "must be a whole number, not {value}"),
    QT_TRANSLATE_NOOP("services", "must be at most {maximum}, not {value}"),
    QT_TRANSLATE_NOOP("services", "must be {minimum} or more, not {value}"),
    QT_TRANSLATE_NOOP("services", "must not contain a NUL character"),
    QT_TRANSLATE_NOOP("services", "contains a character that is not valid text (a lone surrogate)"),
    QT_TRANSLATE_NOOP("services", "must not contain control characters"),
    # domain/moments.py
    QT_TRANSLATE_NOOP("services", "'{raw}' is not a date and time like 2026-11-20T14:30:00+01:00"),
    QT_TRANSLATE_NOOP("services", "'{text}' is not a date like 2027-01-31"),
    QT_TRANSLATE_NOOP("services", "must be a date and time like 2026-11-20T14:30:00+01:00"),
    QT_TRANSLATE_NOOP("services", "needs a UTC offset, e.g. +01:00"),
    QT_TRANSLATE_NOOP("services", "{moment} is in the future (more than {minutes} minutes from now)"),
    # domain/money.py
    QT_TRANSLATE_NOOP("services", "must be an amount of money, not {value}"),
    QT_TRANSLATE_NOOP("services", 'write the amount as text, e.g. "{value}": a number with a decimal point is not exact'),
    QT_TRANSLATE_NOOP("services", "{amount} has more decimals than any currency (4)"),
    QT_TRANSLATE_NOOP("services", "{amount} has more decimals than {currency} allows ({places})"),
    QT_TRANSLATE_NOOP("services", "{value} is too large to be an amount of money"),
    # domain/order.py
    QT_TRANSLATE_NOOP("services", "at least one line (or a total) is required"),
    QT_TRANSLATE_NOOP("services", "at most {max_lines} lines"),
    QT_TRANSLATE_NOOP("services", "at most {max_rewards} rewards on one order"),
    QT_TRANSLATE_NOOP("services", "give either lines or total, not both"),
    QT_TRANSLATE_NOOP("services", "is not a known {what} field (known: {names})"),
    QT_TRANSLATE_NOOP("services", "must be a JSON object"),
    QT_TRANSLATE_NOOP("services", "must be a list"),
    QT_TRANSLATE_NOOP("services", "must be a reward id or an object with id"),
    QT_TRANSLATE_NOOP("services", "must be an object with sku, quantity and unit_price"),
    QT_TRANSLATE_NOOP("services", "must be text, not {__name__}"),
    QT_TRANSLATE_NOOP("services", "must be the card number as text, not {__name__}"),
    QT_TRANSLATE_NOOP("services", "this order would earn {points} points, more than this store allows on one order ({limit}, setting max_order_points)"),
    # domain/phones.py
    QT_TRANSLATE_NOOP("services", "'{code}' is not a country code such as GB, FR or US"),
    QT_TRANSLATE_NOOP("services", "is longer than {max_length} characters"),
    # domain/receipt_printer.py
    QT_TRANSLATE_NOOP("services", "'{address}' is not host:port, e.g. 192.168.1.50:9100"),
    QT_TRANSLATE_NOOP("services", "'{address}' is not vendor:product in hexadecimal, e.g. 04b8:0202 (see lsusb)"),
    QT_TRANSLATE_NOOP("services", "a device path of at most 255 characters, e.g. /dev/usb/lp0"),
    QT_TRANSLATE_NOOP("services", "the {kind} printer's address is required, e.g. {example}"),
    # domain/templates.py
    QT_TRANSLATE_NOOP("services", "a template may be at most {max_template_length} characters ({count})"),
    QT_TRANSLATE_NOOP("services", "a template must be text"),
    QT_TRANSLATE_NOOP("services", "cannot be rendered: {exc}"),
    QT_TRANSLATE_NOOP("services", "line {lineno}: {message}"),
    QT_TRANSLATE_NOOP("services", "the {part} template cannot be rendered: {exc}"),
    QT_TRANSLATE_NOOP("services", "unknown placeholder {names}; known: {names2}"),
    QT_TRANSLATE_NOOP("services", "unknown placeholders {names}; known: {names2}"),
    # services/activity.py
    QT_TRANSLATE_NOOP("services", "'{key}' was already used to record another action ({action_id} at {at}); use a new id for a new action"),
    QT_TRANSLATE_NOOP("services", "an id cannot be empty (leave it out for a new action)"),
    QT_TRANSLATE_NOOP("services", "no action '{text}'; {message}"),
    QT_TRANSLATE_NOOP("services", "this store has no actions to record at the till (the rules bundle's 'actions')"),
    QT_TRANSLATE_NOOP("services", "this store's actions: {actions}"),
    QT_TRANSLATE_NOOP("services", "{kind} is not active on {when} (see the rules bundle)"),
    QT_TRANSLATE_NOOP("services", "{kind} points are given by the daily job on the customer's birthday, not recorded at the till"),
    QT_TRANSLATE_NOOP("services", "{kind} points are given when the customer is enrolled, not recorded at the till"),
    # services/adjustments.py
    QT_TRANSLATE_NOOP("services", "a reason is required (at least 3 characters)"),
    QT_TRANSLATE_NOOP("services", "must be a non-zero whole number between -{max_adjustment} and {max_adjustment2}"),
    QT_TRANSLATE_NOOP("services", "removing {points} would take the balance ({balance}) below zero"),
    QT_TRANSLATE_NOOP("services", "{number} is {status}; adjust the customer's current card"),
    # services/api_tokens.py
    QT_TRANSLATE_NOOP("services", "1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. main-till)"),
    QT_TRANSLATE_NOOP("services", "a token named '{name}' exists; revoke it first (api token revoke {name2})"),
    QT_TRANSLATE_NOOP("services", "no live token named '{name}'"),
    # services/auth.py
    QT_TRANSLATE_NOOP("services", "no manager exists yet; the first user added becomes the store's manager"),
    # services/card_list.py
    QT_TRANSLATE_NOOP("services", "must be between 1 and 10,000"),
    QT_TRANSLATE_NOOP("services", "must be one of {names}, not '{value}'"),
    # services/cards.py
    QT_TRANSLATE_NOOP("services", "a batch called '{name}' already exists"),
    QT_TRANSLATE_NOOP("services", "a batch called '{name}' is being created"),
    QT_TRANSLATE_NOOP("services", "a batch name of 1 to 80 characters is required"),
    QT_TRANSLATE_NOOP("services", "a reason of at least 3 characters is required"),
    QT_TRANSLATE_NOOP("services", "must be between 1 and {max_batch}"),
    QT_TRANSLATE_NOOP("services", "no batch called '{name}'"),
    QT_TRANSLATE_NOOP("services", "the {length}-digit numbers starting '{prefix}' are nearly all used; choose a longer number or another prefix"),
    QT_TRANSLATE_NOOP("services", "the {length}-digit numbers starting '{prefix}' are nearly all used; use a longer number"),
    QT_TRANSLATE_NOOP("services", "{count} more cards do not fit in the {length}-digit numbers starting '{prefix}': {existing} exist and at most {capacity} may (room for {room}); use a longer number or another prefix"),
    QT_TRANSLATE_NOOP("services", "{count} more cards do not fit in the {length}-digit numbers: {existing} exist and at most {capacity} may (room for {room}); use a longer number or another prefix"),
    QT_TRANSLATE_NOOP("services", "{number} is already {status}"),
    QT_TRANSLATE_NOOP("services", "{number} is {status}; it cannot become {status2}"),
    QT_TRANSLATE_NOOP("services", "{number} is {status}; only an active or suspended card can be replaced"),
    # services/catalogue.py
    QT_TRANSLATE_NOOP("services", "a manager's PIN is needed to import the catalogue"),
    QT_TRANSLATE_NOOP("services", "give a SKU or a barcode"),
    QT_TRANSLATE_NOOP("services", "no product has the SKU or barcode '{text}'"),
    QT_TRANSLATE_NOOP("services", "this till takes its catalogue from the hub ({hub}): import there, e.g. pos-loyalty --db HUB_URL products import FILE"),
    QT_TRANSLATE_NOOP("services", "{count} problem in the catalogue file, nothing imported: {problems}"),
    QT_TRANSLATE_NOOP("services", "{count} problems in the catalogue file, nothing imported: {problems}"),
    QT_TRANSLATE_NOOP("services", "{file} cannot be read ({strerror})"),
    QT_TRANSLATE_NOOP("services", "{file} does not exist"),
    QT_TRANSLATE_NOOP("services", "{file} is a folder, not a CSV file"),
    QT_TRANSLATE_NOOP("services", "{file} is larger than {max_file_bytes} MB"),
    # services/checkout.py
    QT_TRANSLATE_NOOP("services", "order {order_id} was {status}; it cannot be fulfilled"),
    QT_TRANSLATE_NOOP("services", "{coupon} expired on {expires_at}"),
    QT_TRANSLATE_NOOP("services", "{coupon} is for reward '{reward_id}', not '{reward_id2}'"),
    QT_TRANSLATE_NOOP("services", "{coupon} is not a coupon of this card"),
    QT_TRANSLATE_NOOP("services", "{coupon} is {status}"),
    QT_TRANSLATE_NOOP("services", "{coupon} was already used on order {order_id}"),
    # services/coupon_slip.py
    QT_TRANSLATE_NOOP("services", "cannot write {path}: {strerror}"),
    QT_TRANSLATE_NOOP("services", "coupon {code} expired on {expires_at}"),
    QT_TRANSLATE_NOOP("services", "coupon {code} is {status}: it cannot be used"),
    QT_TRANSLATE_NOOP("services", "no coupon '{code}'"),
    # services/coupons.py
    QT_TRANSLATE_NOOP("services", "'{reward_id}' converts points to money: a coupon cannot pay for it"),
    QT_TRANSLATE_NOOP("services", "a coupon code is required"),
    QT_TRANSLATE_NOOP("services", "is longer than 200 characters"),
    QT_TRANSLATE_NOOP("services", "no coupon {text}"),
    QT_TRANSLATE_NOOP("services", "no reward '{reward_id}' in the active rules"),
    QT_TRANSLATE_NOOP("services", "{code} is already void"),
    QT_TRANSLATE_NOOP("services", "{code} was already used on order {order_id}"),
    # services/customers.py
    QT_TRANSLATE_NOOP("services", "choose two different customers"),
    QT_TRANSLATE_NOOP("services", "customer #{customer_id} asked to be forgotten; enrol them again as a new customer"),
    QT_TRANSLATE_NOOP("services", "no customer {value}"),
    # services/messages.py
    QT_TRANSLATE_NOOP("services", "a key of 1 to {max_key_length} characters is required"),
    QT_TRANSLATE_NOOP("services", "a whole number from 1 to 10,000"),
    QT_TRANSLATE_NOOP("services", "message {message_id} is {status}; only a message in doubt or failed can be sent again"),
    QT_TRANSLATE_NOOP("services", "no message {message_id}"),
    QT_TRANSLATE_NOOP("services", "one of {names}"),
    QT_TRANSLATE_NOOP("services", "unknown placeholder '{key}'; known: {names}"),
    # services/orders.py
    QT_TRANSLATE_NOOP("services", "must be a whole number of at least 1"),
    QT_TRANSLATE_NOOP("services", "no order {text}, and not a card of this store: {message}"),
    QT_TRANSLATE_NOOP("services", "type or scan an order id"),
    QT_TRANSLATE_NOOP("services", "type or scan an order id, or a card number"),
    # services/printing.py
    QT_TRANSLATE_NOOP("services", "'{layout}' is not a layout; choose {names}"),
    QT_TRANSLATE_NOOP("services", "batch '{batch}' has no cards"),
    QT_TRANSLATE_NOOP("services", "give a batch name or card numbers (not both)"),
    QT_TRANSLATE_NOOP("services", "the folder {folder} cannot be written"),
    QT_TRANSLATE_NOOP("services", "the folder {folder} does not exist"),
    QT_TRANSLATE_NOOP("services", "{numbers} are not a card of this store"),
    QT_TRANSLATE_NOOP("services", "{path} is a folder"),
    QT_TRANSLATE_NOOP("services", "{path} must end in {suffix}"),
    # services/privacy.py
    QT_TRANSLATE_NOOP("services", "'{value}' is not a customer id such as #12"),
    QT_TRANSLATE_NOOP("services", "a reason is required (at least 3 characters), e.g. 'customer's request by e-mail of 2 May'"),
    QT_TRANSLATE_NOOP("services", "card {number} has not been given to a customer"),
    QT_TRANSLATE_NOOP("services", "give a card number of the customer, or #ID"),
    QT_TRANSLATE_NOOP("services", "no customer #{customer}"),
    # services/programme_import.py
    QT_TRANSLATE_NOOP("services", "'{text}' is later than now"),
    QT_TRANSLATE_NOOP("services", "cannot read {source}: {strerror}"),
    QT_TRANSLATE_NOOP("services", "customers or cards of this file were written meanwhile (another import?); nothing was imported: check the file again"),
    QT_TRANSLATE_NOOP("services", "{bad} bad row in {file}: nothing was imported"),
    QT_TRANSLATE_NOOP("services", "{bad} bad rows in {file}: nothing was imported"),
    QT_TRANSLATE_NOOP("services", "{file} is empty: the first line must name the columns ({names})"),
    QT_TRANSLATE_NOOP("services", "{file} is not UTF-8 text (line {line}); save it from the spreadsheet as 'CSV UTF-8'"),
    QT_TRANSLATE_NOOP("services", "{file}, line 1: {exc}"),
    QT_TRANSLATE_NOOP("services", "{name} is {size} bytes; an import file may be up to {max_file_bytes}"),
    QT_TRANSLATE_NOOP("services", "{source} is a folder, not a CSV file"),
    # services/programme_import.py: a bad row's problem (listed by the import dialog)
    QT_TRANSLATE_NOOP("services", "the file has a header but no rows"),
    QT_TRANSLATE_NOOP("services", "has {count} fields; the header has {width}"),
    QT_TRANSLATE_NOOP("services", "{number} is on line {line} for another customer"),
    QT_TRANSLATE_NOOP("services", "a name is required (on the first row of each customer)"),
    QT_TRANSLATE_NOOP("services", "{number} is already a card of this store ({status} of {holder})"),
    QT_TRANSLATE_NOOP("services", "{number} is already a card of this store ({status})"),
    QT_TRANSLATE_NOOP("services", "{value} is also on line {line} for another customer"),
    QT_TRANSLATE_NOOP("services", "give a phone number or an email address for this customer"),
    QT_TRANSLATE_NOOP("services", "card {number}'s balances add up to more than {max_opening_points} points"),
    QT_TRANSLATE_NOOP("services", "cannot be read as CSV: {exc}"),
    QT_TRANSLATE_NOOP("services", "{number} was imported before for {holder}, not {name}"),
    QT_TRANSLATE_NOOP("services", "{number} was imported before for no customer, not {name}"),
    QT_TRANSLATE_NOOP("services", "{expires} is past: these points would expire at once"),
    QT_TRANSLATE_NOOP("services", "{value} already belongs to {holder}, a customer of this store"),
    QT_TRANSLATE_NOOP("services", "differs from line {line}, the same customer (same customer)"),
    QT_TRANSLATE_NOOP("services", "differs from line {line}, the same customer (same card)"),
    QT_TRANSLATE_NOOP("services", "{number} was imported before with {stored} points; an opening balance cannot change: adjust the card's points instead"),
    QT_TRANSLATE_NOOP("services", "{number} was imported before for another customer than this customer's other cards"),
    # services/refunds.py
    QT_TRANSLATE_NOOP("services", "a partial refund needs at least one line and quantity"),
    QT_TRANSLATE_NOOP("services", "a refund id of 1 to 64 characters is required"),
    QT_TRANSLATE_NOOP("services", "a {kind} refund takes every line; give no lines"),
    QT_TRANSLATE_NOOP("services", "order {order_id} has no line {position}"),
    QT_TRANSLATE_NOOP("services", "order {order_id} is already {status}"),
    QT_TRANSLATE_NOOP("services", "refund {refund_id} was already made with different content"),
    # services/report_days.py
    QT_TRANSLATE_NOOP("services", "no till named {till} is known here (this database is not attached to a hub)"),
    QT_TRANSLATE_NOOP("services", "no till named {till} is known here; tills: {names}"),
    QT_TRANSLATE_NOOP("services", "no till of a store named {store} is known here (this database is not attached to a hub)"),
    QT_TRANSLATE_NOOP("services", "no till of a store named {store} is known here; stores: {names}"),
    # services/reports.py
    QT_TRANSLATE_NOOP("services", "a number of days from 1 to {max_days}, not {lapsed_days}"),
    QT_TRANSLATE_NOOP("services", "a report covers at most {max_days} days"),
    QT_TRANSLATE_NOOP("services", "must be one of {names}, not {value}"),
    QT_TRANSLATE_NOOP("services", "no report named {name}; `reports list` shows them"),
    QT_TRANSLATE_NOOP("services", "{end} is before the start {start}"),
    # services/rules_sync.py
    QT_TRANSLATE_NOOP("services", "no rules bundle is active; import one with `pos-loyalty rules import FILE`"),
    QT_TRANSLATE_NOOP("services", "rules version {version}: the body does not have checksum {checksum}"),
    QT_TRANSLATE_NOOP("services", "rules version {version}: {message}"),
    QT_TRANSLATE_NOOP("services", "this bundle has no earning rules and no rewards: customers would earn and spend nothing. Confirm to import it anyway (rules {command} --allow-empty)"),
    QT_TRANSLATE_NOOP("services", "this till takes its rules from the hub ({hub}): publish there, e.g. pos-loyalty --db HUB_URL rules {command} FILE"),
    QT_TRANSLATE_NOOP("services", "{effective_from} has already passed; leave it out to publish at once"),
    # services/scanning.py
    QT_TRANSLATE_NOOP("services", "{code} is {name} ({sku}), which is no longer sold"),
    # services/search.py
    QT_TRANSLATE_NOOP("services", "type a card number, phone, email or name"),
    # services/settings.py
    QT_TRANSLATE_NOOP("services", "'{value}' is not a host name such as smtp.example.com (empty: no e-mail is sent)"),
    QT_TRANSLATE_NOOP("services", "1 to 16 letters, digits or dashes"),
    QT_TRANSLATE_NOOP("services", "a store name of 1 to 120 characters is required"),
    QT_TRANSLATE_NOOP("services", "a whole number from {low} to {high}"),
    QT_TRANSLATE_NOOP("services", "at most 254 characters, without spaces"),
    QT_TRANSLATE_NOOP("services", "at most {card_tagline_max} characters on one line"),
    QT_TRANSLATE_NOOP("services", "must be above 0 and at most {hard_max_amount}"),
    QT_TRANSLATE_NOOP("services", "on or off"),
    QT_TRANSLATE_NOOP("services", "unknown setting '{key}'; known: {names}"),
    QT_TRANSLATE_NOOP("services", "yes or no"),
    QT_TRANSLATE_NOOP("services", "{value} cannot be read as an image"),
    QT_TRANSLATE_NOOP("services", "{value} does not exist"),
    QT_TRANSLATE_NOOP("services", "{value} has far too many pixels; a logo may be at most {logo_max_side} pixels a side"),
    QT_TRANSLATE_NOOP("services", "{value} is not a PNG, JPEG or GIF image"),
    QT_TRANSLATE_NOOP("services", "{value} is {size} MB; a logo may be at most {logo_max_bytes} MB"),
    QT_TRANSLATE_NOOP("services", "{value} is {width} × {height} pixels; a logo may be at most {logo_max_side} pixels a side (scale it down)"),
    # services/slip.py
    QT_TRANSLATE_NOOP("services", "give the order id printed on the till's receipt"),
    QT_TRANSLATE_NOOP("services", "no receipt printer is set up: a manager chooses one in Settings → Receipt printer (or write a PDF: orders slip ORDER_ID --pdf FILE)"),
    QT_TRANSLATE_NOOP("services", "order {text} was sold without a loyalty card: it has no loyalty slip"),
    # services/smtp.py
    QT_TRANSLATE_NOOP("services", "one line of at most {max_password_length} characters"),
    # services/sync.py
    QT_TRANSLATE_NOOP("services", "'{till}' is the hub's own name; give this till another"),
    QT_TRANSLATE_NOOP("services", "a hub is a PostgreSQL database: postgresql://user@host:5432/name"),
    QT_TRANSLATE_NOOP("services", "a number of points, 0 or more (or off)"),
    QT_TRANSLATE_NOOP("services", "a row refers to another that was never sent ({reason}); nothing was written"),
    QT_TRANSLATE_NOOP("services", "a till named {till} is already attached to this hub; give this till another name"),
    QT_TRANSLATE_NOOP("services", "at most {limit} characters"),
    QT_TRANSLATE_NOOP("services", "attach a till's own SQLite file to the hub; this database is already a PostgreSQL one"),
    QT_TRANSLATE_NOOP("services", "card {number} has {balance} points on the hub (spent on another till); take fewer points"),
    QT_TRANSLATE_NOOP("services", "coupon {subject} was already used on another till"),
    QT_TRANSLATE_NOOP("services", "exception {exception_id} is not a duplicate customer"),
    QT_TRANSLATE_NOOP("services", "exception {exception_id} was already resolved by {resolved_by}"),
    QT_TRANSLATE_NOOP("services", "no exception {exception_id}"),
    QT_TRANSLATE_NOOP("services", "offline, card {card_number} can spend at most {allowed} points (last synced balance {synced}, safety margin {margin}); take fewer points"),
    QT_TRANSLATE_NOOP("services", "order {name} was already refunded on another till ({names}); nothing was refunded"),
    QT_TRANSLATE_NOOP("services", "say what was done about it (e.g. 'points adjusted', 'customers merged')"),
    QT_TRANSLATE_NOOP("services", "the hub cannot be reached ({reason}); the till works offline and syncs later"),
    QT_TRANSLATE_NOOP("services", "the hub cannot be reached and this till takes no points or coupons offline; sell without rewards"),
    QT_TRANSLATE_NOOP("services", "this database is not a hub yet: run `pos-loyalty hub init URL` first"),
    QT_TRANSLATE_NOOP("services", "this till does not hold both customers yet; sync first"),
    QT_TRANSLATE_NOOP("services", "this till is already attached to {current} as {current2}"),
    QT_TRANSLATE_NOOP("services", "this till is not attached to a hub"),
    QT_TRANSLATE_NOOP("services", "this till is not attached to a hub (pos-loyalty hub attach URL --till NAME --store NAME)"),
    # services/trigger_reports.py
    QT_TRANSLATE_NOOP("services", "cannot be negative"),
    QT_TRANSLATE_NOOP("services", "must be 1 to {max_page}, not {limit}"),
    QT_TRANSLATE_NOOP("services", "{until} is before --from {since}"),
    # services/users.py
    QT_TRANSLATE_NOOP("services", "a user called '{name}' already exists (names ignore upper and lower case)"),
    QT_TRANSLATE_NOOP("services", "a user name of 1 to 80 characters is required"),
    QT_TRANSLATE_NOOP("services", "a {role}'s PIN is {shortest} to {max_pin_digits} digits (0-9)"),
    QT_TRANSLATE_NOOP("services", "no user called '{name}'"),
    QT_TRANSLATE_NOOP("services", "the first user must be a manager (who can then add cashiers)"),
    QT_TRANSLATE_NOOP("services", "this PIN cannot be used; choose another"),
    QT_TRANSLATE_NOOP("services", "{name} is the last active manager; add another manager first"),
    QT_TRANSLATE_NOOP("services", "{name} is the last active manager; make someone else a manager first"),
]

# Words a refusal embeds from a fixed list (statuses, roles, kinds), by the group naming them.
_WORDS = {
    "issued": QT_TRANSLATE_NOOP("services", "issued"), "redeemed": QT_TRANSLATE_NOOP("services", "redeemed"),
    "void": QT_TRANSLATE_NOOP("services", "void"), "committed": QT_TRANSLATE_NOOP("services", "committed"),
    "partially_refunded": QT_TRANSLATE_NOOP("services", "partially_refunded"), "refunded": QT_TRANSLATE_NOOP("services", "refunded"),
    "cancelled": QT_TRANSLATE_NOOP("services", "cancelled"), "pending": QT_TRANSLATE_NOOP("services", "pending"),
    "sending": QT_TRANSLATE_NOOP("services", "sending"), "sent": QT_TRANSLATE_NOOP("services", "sent"),
    "in_doubt": QT_TRANSLATE_NOOP("services", "in_doubt"), "failed": QT_TRANSLATE_NOOP("services", "failed"),
    "blocked": QT_TRANSLATE_NOOP("services", "blocked"), "cashier": QT_TRANSLATE_NOOP("services", "cashier"),
    "manager": QT_TRANSLATE_NOOP("services", "manager"), "full": QT_TRANSLATE_NOOP("services", "full"),
    "partial": QT_TRANSLATE_NOOP("services", "partial"), "cancel": QT_TRANSLATE_NOOP("services", "cancel"),
    "network": QT_TRANSLATE_NOOP("services", "network"), "usb": QT_TRANSLATE_NOOP("services", "usb"),
    "file": QT_TRANSLATE_NOOP("services", "file"), "subject": QT_TRANSLATE_NOOP("services", "subject"),
    "text": QT_TRANSLATE_NOOP("services", "text"), "html": QT_TRANSLATE_NOOP("services", "html"), "sign-up": QT_TRANSLATE_NOOP("services", "sign-up"),
    "review": QT_TRANSLATE_NOOP("services", "review"), "social share": QT_TRANSLATE_NOOP("services", "social share"),
    "birthday": QT_TRANSLATE_NOOP("services", "birthday"),
    # a card's (the till's shapes translate these too)
    "active": QT_TRANSLATE_NOOP("services", "active"), "suspended": QT_TRANSLATE_NOOP("services", "suspended"),
    "replaced": QT_TRANSLATE_NOOP("services", "replaced"), "unassigned": QT_TRANSLATE_NOOP("services", "unassigned"),
}
_WORD_GROUPS = ("status", "status2", "role", "kind", "part")
_SHORT_GROUPS = ("number", "code", "coupon", "order_id", "card_number", "exception_id", "message_id", "customer",
                 "customer_id", "refund_id", "version", "position")  # one word: a shorter shape cannot swallow a longer one
_AS_WRITTEN = ("version", "checksum", "names", "names2", "exc", "msg", "strerror", "example", "hub", "command")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _pattern(template: str) -> re.Pattern[str]:
    """The English message a template describes: its text, with a group for each value."""
    parts: list[str] = []
    end = 0
    for found in _PLACEHOLDER.finditer(template):
        name = found.group(1)
        parts.append(re.escape(template[end:found.start()]))
        quoted = template[:found.start()].endswith(("'", '"'))
        value = ".*" if quoted else r"\w+" if name in ("status", "status2") else r"\S+" if name in _SHORT_GROUPS else ".+"
        parts.append(f"(?P<{name}>{value})")
        end = found.end()
    parts.append(re.escape(template[end:]))
    return re.compile("".join(parts))


def _value(name: str, value: str, template: str, translated: Callable[[str], str]) -> str:
    """One value of a refusal as the app shows it."""
    if f"'{{{name}}}'" in template or f'"{{{name}}}"' in template or name in _AS_WRITTEN:
        return value
    if name in ("message", "problem"):  # a refusal inside a refusal
        return translated(value)
    if name == "problems":
        return "; ".join(translated(part) for part in value.split("; "))
    if name in _WORD_GROUPS:
        word = _WORDS.get(value.strip("'"))
        return QCoreApplication.translate("services", word) if word else value
    if _MOMENT.fullmatch(value):
        return formats.datetime_text(dt.datetime.fromisoformat(value))
    if _DATE.fullmatch(value):
        return formats.date_text(dt.date.fromisoformat(value))
    if _NUMBER.fullmatch(value):
        return formats.grouped(value)
    return value


def _translation(template: str, translated: Callable[[str], str]) -> Callable[[dict[str, str | None]], str]:
    return lambda g: QCoreApplication.translate("services", template).format(
        **{name: _value(name, value or "", template, translated) for name, value in g.items()})


def _example(g: dict[str, str | None]) -> str:
    """The refund limit's refusal, whose example amount is written the app's way ("50,00")."""
    return QCoreApplication.translate("services", "an amount such as {example} (0 asks a manager for every refund)").format(
        example=formats.grouped("50.00"))


def shapes(translated: Callable[[str], str]) -> list[tuple[re.Pattern[str], Callable[[dict[str, str | None]], str]]]:
    """(shape, its text in the app's language) for every template, the most specific first (more
    fixed text): "{number} is {status}" must not take "{number} is {status}; it cannot become …".
    `translated` reads the refusals a refusal quotes ("rules version 3: …")."""
    ordered = sorted(_TEMPLATES, key=lambda t: -len(_PLACEHOLDER.sub("", t)))
    found: list[tuple[re.Pattern[str], Callable[[dict[str, str | None]], str]]] = [
        (_pattern(template), _translation(template, translated)) for template in ordered]
    found.append((re.compile(re.escape("an amount such as 50.00 (0 asks a manager for every refund)")), _example))
    return found
