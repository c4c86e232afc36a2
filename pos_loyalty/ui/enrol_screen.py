"""Enrol: a new customer and their card in a few seconds, keyboard only.

The cashier types name, phone, email, ticks the marketing opt-in, and either gives a NEW card
(the service creates the number) or scans a PRE-PRINTED card into its field (the scanner types the
number and Enter, which enrols at once). Ctrl+Return enrols from anywhere; Esc clears the form.

Every rule (what a valid name, phone or email is, which cards may be given) lives in
`services.customers.enrol`; this screen only shows its error under the field it names and leaves
the form as it was, so the cashier fixes one field and tries again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import LoyaltyError
from ..services import customers
from .widgets import bind_shortcut, error_label, scaled, show_field_error

FIELDS = ("name", "phone", "email", "birthday", "card")
CHECK_DELAY_MS = 250  # a scanner types the whole number well within this; a person pauses longer


def _align_labels(*forms: QFormLayout) -> None:
    """One label column width for both boxes, so the fields line up down the screen."""
    labels = [item.widget() for form in forms for row in range(form.rowCount())
              if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None and item.widget() is not None]
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)


class EnrolScreen(QWidget):
    """Emits `enrolled(card_number)` after a customer was enrolled (the main window then opens the
    checkout on that card, so the new customer can be served at once)."""

    enrolled = Signal(str)

    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("enrolScreen")
        self.user = user
        outer = QVBoxLayout(self)
        body = QWidget(self)
        body.setMaximumWidth(720)
        outer.addWidget(body)
        outer.addStretch(1)
        layout = QVBoxLayout(body)

        layout.addWidget(scaled(QLabel(self.tr("Enrol a new customer"), body), 1.5))
        hint = QLabel(self.tr("A name, and a phone number or an email address. Then give a new card or scan a pre-printed one."), body)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #546e7a;")
        layout.addWidget(hint)

        # -- the customer ---------------------------------------------------------------
        box = QGroupBox(self.tr("Customer"), body)
        form = customer_form = QFormLayout(box)
        self.name = QLineEdit(box)
        self.name.setPlaceholderText(self.tr("e.g. Ann Smith"))
        self.phone = QLineEdit(box)
        self.phone.setPlaceholderText(self.tr("e.g. +44 7700 900123"))
        self.email = QLineEdit(box)
        self.email.setPlaceholderText(self.tr("e.g. ann@example.com"))
        self.opt_in = QCheckBox(self.tr("Agrees to receive &offers"), box)
        self.birthday = QLineEdit(box)
        self.birthday.setPlaceholderText(self.tr("optional, MM-DD, e.g. 04-23"))
        self.birthday.setToolTip(self.tr("The customer's birthday (month and day; a year typed is not kept): birthday points, if the store gives them"))
        self.errors = {key: error_label(body) for key in (*FIELDS, "general")}
        for label in self.errors.values():  # right under its field, even when the layout gives it a spare line
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow("", self.errors["name"])
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow("", self.errors["phone"])
        form.addRow(self.tr("E&mail:"), self.email)
        form.addRow("", self.errors["email"])
        form.addRow(self.tr("&Birthday:"), self.birthday)
        form.addRow("", self.errors["birthday"])
        form.addRow(self.tr("Marketing:"), self.opt_in)
        layout.addWidget(box)

        # -- the card -------------------------------------------------------------------
        box = QGroupBox(self.tr("Card"), body)
        form = QFormLayout(box)
        self.new_card = QRadioButton(self.tr("Ne&w card (a number is created now)"), box)
        self.preprinted = QRadioButton(self.tr("Pre-p&rinted card (scan it below)"), box)
        self.new_card.setChecked(True)
        self.card_choice = QButtonGroup(self)
        self.card_choice.addButton(self.new_card)
        self.card_choice.addButton(self.preprinted)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.new_card)
        choice_row.addWidget(self.preprinted)
        choice_row.addStretch(1)
        self.card_number = QLineEdit(box)
        self.card_number.setObjectName("preprintedNumber")
        self.card_number.setPlaceholderText(self.tr("scan the card's barcode"))
        self.card_number.setToolTip(self.tr("A barcode scanner types the number and Enter, which enrols the customer"))
        self.card_status = QLabel(box)  # a scanned card that can be given
        self.card_status.setStyleSheet("color: #1b5e20;")
        self.card_status.hide()
        form.addRow(self.tr("Card:"), choice_row)
        form.addRow(self.tr("Card n&umber:"), self.card_number)
        form.addRow("", self.errors["card"])
        form.addRow("", self.card_status)
        layout.addWidget(box)
        _align_labels(customer_form, form)

        # -- enrol and the confirmation -------------------------------------------------
        self.enrol_button = QPushButton(self.tr("Enrol"), body)
        self.enrol_button.setObjectName("enrolButton")
        self.enrol_button.setToolTip(self.tr("Enrol the customer and give the card"))
        self.enrol_button.setStyleSheet("#enrolButton { font-size: 13pt; font-weight: bold; padding: 8px 28px; background: #2e7d32;"
                                        " color: white; border: 2px solid #2e7d32; border-radius: 5px; }"
                                        "#enrolButton:focus { border-color: #0d47a1; }")
        bind_shortcut(self, self.enrol_button, "Ctrl+Return")
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self._enrol_key)  # the keypad's Enter
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.clear_form)
        button_row = QHBoxLayout()
        button_row.addWidget(self.enrol_button)
        button_row.addStretch(1)
        layout.addLayout(button_row)
        layout.addWidget(self.errors["general"])

        self.confirmation = QFrame(body)
        self.confirmation.setObjectName("enrolConfirmation")
        self.confirmation.setStyleSheet("#enrolConfirmation { background: #e8f5e9; border: 1px solid #2e7d32; border-radius: 5px; }"
                                        "#enrolConfirmation QLabel { color: #1b5e20; }")
        confirm_layout = QVBoxLayout(self.confirmation)
        self.confirmation_text = QLabel(self.confirmation)
        self.confirmation_text.setWordWrap(True)
        self.confirmation_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enrolled_number = scaled(QLabel(self.confirmation), 2)
        self.enrolled_number.setObjectName("enrolledCard")
        self.enrolled_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        confirm_layout.addWidget(self.confirmation_text)
        confirm_layout.addWidget(self.enrolled_number)
        self.confirmation.hide()
        layout.addWidget(self.confirmation)

        # Tab: name → phone → email → birthday → opt-in → card choice → pre-printed number → Enrol.
        chain = [self.name, self.phone, self.email, self.birthday, self.opt_in, self.new_card, self.preprinted, self.card_number, self.enrol_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

        self.enrol_button.clicked.connect(self.enrol)
        self.card_number.returnPressed.connect(self.enrol)
        # Checked when the typing pauses, not at every digit (a half-typed number is not "mistyped").
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self._check_now)
        self.card_number.textEdited.connect(self._number_edited)
        self.new_card.toggled.connect(self._card_choice_changed)

    # -- public -----------------------------------------------------------------------
    def focus_first(self) -> None:
        """Ready for the next customer: the cursor in the name field."""
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def use_card(self, number: str) -> None:
        """Enrol on a card scanned at the checkout: a fresh form with that pre-printed card chosen."""
        self.clear_form()
        self.preprinted.setChecked(True)
        self.card_number.setText(number)
        self._check_card(number)
        self.focus_first()

    def clear_form(self) -> None:
        """Esc: forget what was typed (nothing is saved until Enrol)."""
        for edit in (self.name, self.phone, self.email, self.birthday, self.card_number):
            edit.clear()
        self.opt_in.setChecked(False)
        self.new_card.setChecked(True)
        self.check_timer.stop()
        self._clear_errors()
        self.confirmation.hide()
        self.focus_first()

    def enrol(self) -> None:
        """Enrol through the service; on a refused input show why under that field and change nothing."""
        self.check_timer.stop()  # the service checks the number again, and says why if it is refused
        self._clear_errors()
        data = customers.CustomerInput(self.name.text(), self.phone.text(), self.email.text(), self.opt_in.isChecked(), self.birthday.text())
        number = self.card_number.text().strip() if self.preprinted.isChecked() else None
        if number == "":  # the service would take "no number" as "create one": ask for the scan instead
            self.confirmation.hide()
            self._show_error(LoyaltyError("card", self.tr("scan the pre-printed card, or choose a new card")))
            return
        try:
            customer, card = customers.enrol(data, card_number=number, user=self.user)
        except LoyaltyError as exc:
            self.confirmation.hide()
            self._show_error(exc)
            return
        given = self.tr("the pre-printed card") if number else self.tr("a new card")
        self.clear_form()
        self.confirmation_text.setText(self.tr("{name} is enrolled with {given}:").format(name=customer.name, given=given))
        self.enrolled_number.setText(card.number)
        self.confirmation.show()
        self.enrolled.emit(card.number)

    def confirmation_number(self) -> str:
        """The card number the confirmation shows ("" when none is shown)."""
        return self.enrolled_number.text() if not self.confirmation.isHidden() else ""

    # -- helpers ----------------------------------------------------------------------
    def _enrol_key(self) -> None:
        if self.enrol_button.isEnabled() and self.enrol_button.isVisible():
            self.enrol_button.click()

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            show_field_error(label, "")
        self.card_status.hide()

    def _show_error(self, exc: LoyaltyError) -> None:
        widgets = {"name": self.name, "phone": self.phone, "email": self.email, "birthday": self.birthday, "card": self.card_number}
        show_field_error(self.errors.get(exc.field, self.errors["general"]), exc.message)
        widget = widgets.get(exc.field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            widget.selectAll()

    def _card_choice_changed(self, new_card: bool) -> None:
        """A new card needs no number: drop a scanned one (and what was said about it)."""
        if new_card:
            self.card_number.clear()
            show_field_error(self.errors["card"], "")
            self.card_status.hide()

    def _number_edited(self, text: str) -> None:
        if text.strip():
            self.preprinted.setChecked(True)  # typing a number means giving that card
        show_field_error(self.errors["card"], "")
        self.card_status.hide()
        self.check_timer.start()

    def _check_now(self) -> None:
        self._check_card(self.card_number.text())

    def _check_card(self, text: str) -> None:
        """Say whether the scanned number can be given (the service decides: check digit, known, unassigned)."""
        self.check_timer.stop()
        show_field_error(self.errors["card"], "")
        self.card_status.hide()
        if not text.strip():
            return
        try:
            card = customers.card_to_give(text)
        except LoyaltyError as exc:
            show_field_error(self.errors["card"], exc.message)
            return
        self.card_status.setText(self.tr("✓ {number} is a new card, ready to give").format(number=card.number))
        self.card_status.show()
