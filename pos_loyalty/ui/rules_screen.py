"""Rules: the active programme in plain words, its version, source and sync time, every version
published with its state (active, scheduled, retired); import a bundle from a file. A rejected bundle lists every error (where, what) and the old rules stay active."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError
from ..domain.rules import BundleInvalid
from ..services import describe, rules_sync
from .pin_dialog import PinDialog
from .programme_texts import describe_words, problem_text
from .service_texts import translated
from .widgets import bind_shortcut, error_label, scaled, show_field_error


class RulesScreen(QWidget):
    def __init__(self, parent: QWidget | None = None, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("rulesScreen")
        self.user = user
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.title = scaled(QLabel(self), 1.4)
        top.addWidget(self.title, 1)
        self.import_button = QPushButton(self.tr("Import bundle…"), self)
        self.import_button.setToolTip(self.tr("Import a rules bundle from a file"))
        bind_shortcut(self, self.import_button, QKeySequence.StandardKey.Open)
        top.addWidget(self.import_button)
        layout.addLayout(top)

        info = QFormLayout()
        self.version = QLabel(self)
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.synced = QLabel(self)
        self.checksum = QLabel(self)
        for label in (self.version, self.source, self.synced, self.checksum):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info.addRow(self.tr("Version:"), self.version)
        info.addRow(self.tr("Source:"), self.source)
        info.addRow(self.tr("Synced:"), self.synced)
        info.addRow(self.tr("Checksum:"), self.checksum)
        layout.addLayout(info)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.error = error_label(self)
        layout.addWidget(self.error)
        self.errors = QTreeWidget(self)
        self.errors.setColumnCount(2)
        self.errors.setHeaderLabels([self.tr("Where"), self.tr("What is wrong")])
        self.errors.setRootIsDecorated(False)
        self.errors.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.errors.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.errors.header().setStretchLastSection(True)
        self.errors.setMaximumHeight(220)
        self.errors.hide()
        layout.addWidget(self.errors)

        layout.addWidget(QLabel(self.tr("Versions"), self))
        self.versions = QTreeWidget(self)
        self.versions.setObjectName("rulesVersions")
        self.versions.setColumnCount(5)
        self.versions.setHeaderLabels([self.tr("Version"), self.tr("State"), self.tr("In force from"), self.tr("Published"), self.tr("Synced")])
        self.versions.setRootIsDecorated(False)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.versions.setMaximumHeight(160)
        layout.addWidget(self.versions)

        layout.addWidget(QLabel(self.tr("The active programme"), self))
        self.description = QPlainTextEdit(self)
        self.description.setReadOnly(True)
        self.description.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.description, 1)

        self.import_button.clicked.connect(self.choose_file)
        self.refresh()

    def refresh(self) -> None:
        at = dt.datetime.now()  # one moment for every read: a scheduled version may take over between them
        self._fill_versions(at)
        try:
            version = rules_sync.active_version(at)
            bundle, digest = rules_sync.active_rules(at)
        except LoyaltyError as exc:
            self.title.setText(self.tr("No rules are active"))
            for label in (self.version, self.source, self.synced, self.checksum):
                label.setText("—")
            self.description.setPlainText(translated(exc.message))
            return
        self.title.setText(bundle.name)
        self.version.setText(version.version)
        self.source.setText(version.source)
        self.synced.setText(formats.datetime_text(version.imported_at))
        self.checksum.setText(digest[:16])
        self.description.setPlainText("\n".join(describe.describe_rules(bundle, describe_words())))  # the CLI's `rules show` keeps English

    def _fill_versions(self, at: dt.datetime) -> None:
        """Every published version with its state: active (in force), scheduled (takes over at its
        moment) or retired."""
        states = {rules_sync.ACTIVE: self.tr("active"), rules_sync.SCHEDULED: self.tr("scheduled"), rules_sync.RETIRED: self.tr("retired")}
        self.versions.clear()
        for v in rules_sync.versions(at):
            published = formats.datetime_text(v.published_at)
            if v.published_by:
                published = self.tr("{moment} by {name}").format(moment=published, name=v.published_by)
            item = QTreeWidgetItem([v.version, states[v.state], formats.datetime_text(v.effective_from), published, formats.datetime_text(v.imported_at)])
            item.setToolTip(0, v.name)
            self.versions.addTopLevelItem(item)

    def listed_versions(self) -> list[tuple[str, str]]:
        """(version, state) as listed, the latest to take effect first."""
        return [(self.versions.topLevelItem(i).text(0), self.versions.topLevelItem(i).text(1)) for i in range(self.versions.topLevelItemCount())]

    def active_version_text(self) -> str:
        return self.version.text()

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import a rules bundle"), "", self.tr("Rules bundles (*.json);;All files (*)"))
        if path:
            self.import_file(path)

    def confirm_empty(self) -> bool:
        """Ask before activating a programme in which customers earn and spend nothing."""
        answer = QMessageBox.question(self, self.tr("Import an empty programme?"),
                                      self.tr("This bundle has no earning rules and no rewards: customers would earn and spend nothing. Import it anyway?"),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def import_file(self, path: str) -> None:
        self.message.clear()
        show_field_error(self.error, "")
        self.errors.clear()
        self.errors.hide()
        try:
            bundle = rules_sync.read_bundle_file(path)  # a bad bundle is listed before any PIN is asked
            allow_empty = rules_sync.is_empty(bundle)
            if allow_empty and not self.confirm_empty():
                show_field_error(self.error, self.tr("Not imported: the bundle has no earning rules and no rewards."))
                return
            result = PinDialog.run(self, lambda pin: rules_sync.import_bundle(bundle, str(Path(path).resolve()), self.user, manager_pin=pin,
                                                                              allow_empty=allow_empty),
                                   self.tr("New rules change what every sale earns: a manager must enter their PIN."))
            if result is None:
                self.message.setText(self.tr("Not imported: no manager allowed it. The rules shown are still active."))
                return
        except BundleInvalid as exc:
            count = len(exc.errors)
            text = (self.tr("The bundle was rejected: 1 problem, listed below. The rules shown are still active.") if count == 1 else
                    self.tr("The bundle was rejected: {count} problems, listed below. The rules shown are still active.").format(count=count))
            show_field_error(self.error, text)
            for problem in exc.problems:  # what is wrong, in the app's language (the CLI prints exc.errors, in English)
                what = problem_text(problem)
                item = QTreeWidgetItem([problem.where, what])
                item.setToolTip(1, what)
                self.errors.addTopLevelItem(item)
            self.errors.show()
            self.refresh()
            return
        except LoyaltyError as exc:
            show_field_error(self.error, exc.message)
            return
        self.refresh()
        if result.changed:
            self.message.setText(self.tr("Version {version} is now active.").format(version=result.version))
        else:
            self.message.setText(self.tr("Version {version} is already active; nothing changed.").format(version=result.version))

    def listed_errors(self) -> list[tuple[str, str]]:
        return [(self.errors.topLevelItem(i).text(0), self.errors.topLevelItem(i).text(1)) for i in range(self.errors.topLevelItemCount())]
