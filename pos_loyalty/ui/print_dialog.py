"""The print dialog: choose a layout, preview the cards' PDF, save it or send it to a printer.

Opened from the bulk-create screen (a whole batch) and from a card's detail (a reprint).
Rendering runs `services.printing.print_cards` in a worker thread with progress and cancel,
so a batch of thousands of cards never freezes the window; the preview is that PDF shown
with QtPdf. "Save as PDF…" copies the rendered file (or renders straight to the chosen
path); "Print…" rasterises each page of the PDF at the printer's resolution (at most
`PRINT_DPI`) and paints it at its true size, in a worker too.

QtPdf and QtPdfWidgets come with the PySide6 package (its Addons half).
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfPageSelector, QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .. import formats
from ..domain.errors import LoyaltyError, ValidationError
from ..services import printing
from .i18n import default_card_tagline
from .service_texts import translated
from .workers import Worker

log = logging.getLogger(__name__)

PRINT_DPI = 300  # the printer path rasterises pages at most at this resolution
CANCEL_WAIT_S = 10.0  # how long closing the dialog waits for a cancelled worker


# --------------------------------------------------------------------------- pure work


def copy_pdf(source: Path, target: Path) -> Path:
    """Copy a rendered PDF to `target` atomically (a temp file beside it, then os.replace)."""
    target = Path(target)
    if target.suffix.lower() != ".pdf":
        raise ValidationError("out", f"{target} must end in .pdf")
    if not target.parent.is_dir():
        raise ValidationError("out", f"the folder {target.parent} does not exist")
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        shutil.copyfile(source, temp)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ValidationError("out", f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def print_pdf(pdf: Path, printer: QPrinter, *, dpi: int = PRINT_DPI, first: int = 1, last: int = 0,
              progress: Callable[[int, int], None] | None = None,
              should_cancel: Callable[[], bool] | None = None) -> int:
    """Paint the pages `first`..`last` (1-based; 0 = to the end) of `pdf` on `printer`.

    Each page is rendered by QtPdf to an image at `dpi` (capped by the printer's own
    resolution) and drawn at its true physical size from the paper's corner, shrunk only
    when the paper is smaller than the page. Returns the number of pages printed; raises
    PrintCancelled (after aborting the print job) when `should_cancel` returns true.
    Safe in a worker thread: it opens its own QPdfDocument, and QPainter may paint on a
    QPrinter outside the GUI thread.
    """
    document = QPdfDocument()
    error = document.load(str(pdf))
    if error != QPdfDocument.Error.None_:
        raise ValidationError("print", f"cannot read the rendered PDF {pdf}: {error.name}")
    try:
        count = document.pageCount()
        last = count if last <= 0 else min(last, count)
        first = max(1, first)
        pages = range(first - 1, last)
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise ValidationError("printer", "the printer cannot be opened")
        try:
            device_dpi = printer.resolution()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            raster_dpi = min(dpi, device_dpi)
            for done, page in enumerate(pages):
                if should_cancel is not None and should_cancel():
                    printer.abort()
                    raise printing.PrintCancelled(f"printing cancelled after {done} of {len(pages)} pages")
                if done:
                    printer.newPage()
                points = document.pagePointSize(page)
                image = document.render(page, QSize(round(points.width() * raster_dpi / 72),
                                                    round(points.height() * raster_dpi / 72)))
                target = QSizeF(points.width() * device_dpi / 72, points.height() * device_dpi / 72)
                scale = min(1.0, paper.width() / target.width(), paper.height() / target.height())
                target *= scale
                left = (paper.width() - target.width()) / 2 if scale < 1 else 0.0
                painter.drawImage(QRectF(QPointF(left, 0), target), image)
                if progress is not None:
                    progress(done + 1, len(pages))
        finally:
            painter.end()
        return len(pages)
    finally:
        document.close()


# --------------------------------------------------------------------------- dialog


class PrintDialog(QDialog):
    """Print a batch or some cards: layout, preview, save as PDF and print."""

    def __init__(self, batch: str | None = None, numbers: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._batch = batch or None
        self._numbers = tuple(numbers)
        self._job: Worker | None = None
        self._temp = Path(tempfile.mkdtemp(prefix="pos-loyalty-print-"))
        weakref.finalize(self, shutil.rmtree, self._temp, True)  # also when never closed through done()
        self._preview: Path | None = None  # the rendered PDF for the layout now chosen
        self._renders = 0
        self._then: Callable[[], None] | None = None  # what to do once the preview is rendered
        self._shown_once = False
        self._rerender = False
        self._done: Callable[[Any], None] = lambda _result: None
        self.printer: QPrinter | None = None  # kept between prints: the user's printer choice

        self._build()
        self._count = self._resolve()
        self.setWindowTitle(self._title())
        self._set_busy(False)

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        self.layout_combo = QComboBox(self)
        for name, description in printing.layouts().items():
            self.layout_combo.addItem(f"{name} — {description}", name)
        self.render_button = QPushButton(self.tr("Render preview"), self)
        self.render_button.setDefault(True)
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.save_button.setToolTip(self.tr("Save the cards as a PDF file (Ctrl+S)"))
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setToolTip(self.tr("Send the cards to a printer (Ctrl+P)"))
        self.close_button = QPushButton(self.tr("Close"), self)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%p%"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.status_label = QLabel(self)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.page_selector = QPdfPageSelector(self)
        self.page_selector.setDocument(self.document)
        self.page_label = QLabel(self)

        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("Layout:"), self))
        choose.addWidget(self.layout_combo, 1)
        choose.addWidget(self.render_button)
        work = QHBoxLayout()
        work.addWidget(self.progress, 1)
        work.addWidget(self.cancel_button)
        pages = QHBoxLayout()
        pages.addWidget(QLabel(self.tr("Page:"), self))
        pages.addWidget(self.page_selector)
        pages.addWidget(self.page_label)
        pages.addStretch(1)
        pages.addWidget(self.status_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        main = QVBoxLayout(self)
        main.addLayout(choose)
        main.addLayout(work)
        main.addWidget(self.error_label)
        main.addWidget(self.view, 1)
        main.addLayout(pages)
        main.addLayout(buttons)
        self.resize(760, 820)

        self.layout_combo.currentIndexChanged.connect(self._layout_changed)
        self.render_button.clicked.connect(self.render_preview)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self.save_as_pdf)
        self.print_button.clicked.connect(self.print_cards)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_as_pdf)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_cards)
        self.page_selector.currentPageChanged.connect(self._go_to_page)
        self.view.pageNavigator().currentPageChanged.connect(self._page_shown)
        self.document.pageCountChanged.connect(self._page_count_changed)

    def _resolve(self) -> int:
        """How many cards will print; a bad batch or number is shown and disables the actions."""
        default = "card" if not self._batch and len(self._numbers) == 1 else "a4"
        index = self.layout_combo.findData(default)
        self.layout_combo.setCurrentIndex(max(index, 0))
        try:
            return len(printing.numbers_to_print(self._batch, self._numbers))
        except LoyaltyError as exc:
            self._show_error(exc)
            self._invalid = True
            return 0

    def _title(self) -> str:
        if self._batch:
            return self.tr("Print batch {name} ({count})").format(name=self._batch, count=formats.count(self._count, self.tr("card"), self.tr("cards")))
        if len(self._numbers) == 1:
            return self.tr("Reprint card {number}").format(number=self._numbers[0])
        return self.tr("Print {count}").format(count=formats.count(len(self._numbers), self.tr("card"), self.tr("cards")))

    # -- state -----------------------------------------------------------------------

    _invalid = False

    @property
    def layout_name(self) -> str:
        return self.layout_combo.currentData()

    def is_busy(self) -> bool:
        return self._job is not None

    def _set_busy(self, busy: bool) -> None:
        ready = not busy and not self._invalid
        # While only the preview renders, the layout can change (it renders again) and Save or Print
        # wait for it; during a save or a print everything waits.
        rendering = busy and self._job is not None and self._done == self._preview_ready
        self.render_button.setEnabled(ready)
        for widget in (self.layout_combo, self.save_button, self.print_button):
            widget.setEnabled(ready or (rendering and not self._invalid))
        self.cancel_button.setEnabled(busy)

    def _show_error(self, exc: BaseException | None) -> None:
        if exc is None:
            self.error_label.clear()
            self.error_label.hide()
            return
        if isinstance(exc, LoyaltyError):
            text = translated(exc.message)
        else:
            log.error("printing failed", exc_info=exc)
            text = self.tr("Unexpected error: {error}").format(error=str(exc) or type(exc).__name__)
        self.error_label.setText(text)
        self.error_label.show()

    def _start(self, work: Callable, done: Callable[[Any], None], status: str) -> None:
        self._show_error(None)
        job = Worker(work)
        job.signals.progress.connect(self._job_progress)
        job.signals.finished.connect(self._job_finished)
        job.signals.failed.connect(self._job_failed)
        self._job, self._done = job, done
        self.progress.setRange(0, max(self._count, 1))
        self.progress.setValue(0)
        self.status_label.setText(status)
        self._set_busy(True)
        job.start()

    def _is_current(self) -> bool:
        signals = self.sender()
        return self._job is not None and signals is self._job.signals

    @Slot(int, int)
    def _job_progress(self, done: int, total: int) -> None:
        if not self._is_current():
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    @Slot(object)
    def _job_finished(self, result: Any) -> None:
        if not self._is_current():
            return
        done = self._done
        self._job = None
        self.progress.setValue(self.progress.maximum())
        self._set_busy(False)
        if self._rerender and done == self._preview_ready:
            self._rerender = False
            Path(result.path).unlink(missing_ok=True)  # a preview of the layout no longer chosen
            self.render_preview()
            return
        done(result)

    @Slot(object)
    def _job_failed(self, exc: BaseException) -> None:
        if not self._is_current():
            return
        self._job = None
        self._then = None
        self._rerender = False
        self._set_busy(False)
        self.progress.setValue(0)
        if isinstance(exc, printing.PrintCancelled):
            self.status_label.setText(self.tr("Cancelled"))
            return
        self.status_label.setText(self.tr("Failed"))
        self._show_error(exc)

    # -- actions ---------------------------------------------------------------------

    @Slot()
    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.status_label.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(False)

    def _render_work(self, out: Path, layout: str) -> Callable:
        batch, numbers = self._batch, self._numbers
        tagline = default_card_tagline()  # read here: translators are read on the GUI thread

        def work(*, progress: Callable[[int, int], None], should_cancel: Callable[[], bool]) -> printing.PrintResult:
            return printing.print_cards(out, batch=batch, numbers=numbers, layout=layout,
                                        progress=progress, should_cancel=should_cancel, default_tagline=tagline)
        return work

    @Slot()
    def render_preview(self) -> None:
        if self.is_busy() or self._invalid:
            return
        self._renders += 1
        self._temp.mkdir(parents=True, exist_ok=True)  # removed when the dialog last closed
        out = self._temp / f"preview-{self._renders}.pdf"
        self._start(self._render_work(out, self.layout_name), self._preview_ready,
                    self.tr("Rendering {count}…").format(count=formats.count(self._count, self.tr("card"), self.tr("cards"))))

    def _preview_ready(self, result: printing.PrintResult) -> None:
        self._drop_preview()
        error = self.document.load(str(result.path))
        if error != QPdfDocument.Error.None_:
            self._show_error(ValidationError("preview", self.tr("cannot show the PDF: {error}").format(error=error.name)))
            return
        self._preview = result.path
        self.status_label.setText(self.tr("{cards} on {pages}").format(
            cards=formats.count(result.cards, self.tr("card"), self.tr("cards")), pages=formats.count(result.pages, self.tr("page"), self.tr("pages"))))
        self._go_to_page(0)
        then, self._then = self._then, None
        if then is not None:
            then()

    def _drop_preview(self) -> None:
        self.document.close()
        if self._preview is not None:
            self._preview.unlink(missing_ok=True)
            self._preview = None

    @Slot()
    def _layout_changed(self) -> None:
        """A new layout: the preview follows at once (rendered in the background, as always)."""
        self._drop_preview()
        if not self.isVisible():
            return
        if self.is_busy():
            self._rerender = True  # the render under way is of the old layout: render again when it ends
            return
        self.render_preview()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """The preview renders as the dialog opens — never a grey page waiting for a button."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self._first_render)

    def _first_render(self) -> None:
        if self._preview is None and not self.is_busy() and not self._invalid:
            self.render_preview()

    def _after_render(self, action: Callable[[], None]) -> bool:
        """While the preview renders, `action` (save, print) waits for it instead of being lost."""
        if self._job is not None and self._done == self._preview_ready:
            self._then = action
            return True
        return False

    @Slot()
    def save_as_pdf(self) -> None:
        if self._after_render(self.save_as_pdf) or self.is_busy() or self._invalid:
            return
        suggested = str(Path.home() / f"{self._file_stem()}.pdf")
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Save cards as PDF"), suggested,
                                                    self.tr("PDF files (*.pdf)"))
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        if self._preview is not None:
            try:
                copy_pdf(self._preview, target)
            except LoyaltyError as exc:
                self._show_error(exc)
                return
            self._show_error(None)
            self.status_label.setText(self.tr("Saved {path}").format(path=target))
            return
        self._start(self._render_work(target, self.layout_name),
                    lambda result: self.status_label.setText(self.tr("Saved {path}").format(path=result.path)),
                    self.tr("Saving {count}…").format(count=formats.count(self._count, self.tr("card"), self.tr("cards"))))

    def _file_stem(self) -> str:
        if self._batch:
            stem = f"cards-{self._batch}"
        elif len(self._numbers) == 1:
            stem = f"card-{self._numbers[0]}"
        else:
            stem = "cards"
        return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)

    def _make_printer(self) -> QPrinter:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        return self.printer

    @Slot()
    def print_cards(self) -> None:
        if self._after_render(self.print_cards) or self.is_busy() or self._invalid:
            return
        if self._preview is None:
            self._then = self.print_cards  # render first, then come back here
            self.render_preview()
            return
        printer = self._make_printer()
        points = self.document.pagePointSize(0)  # QPageSize is portrait: a CR80 card is landscape
        landscape = points.width() > points.height()
        printer.setPageLayout(QPageLayout(QPageSize(points.transposed() if landscape else points, QPageSize.Unit.Point,
                                                    self.tr("Cards")),
                                          QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
                                          printer.pageLayout().margins()))
        printer.setDocName(self.windowTitle())
        printer.setFromTo(0, 0)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.document.pageCount())
        dialog.setWindowTitle(self.tr("Print cards"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pdf, first, last = self._preview, printer.fromPage(), printer.toPage()
        self._start(lambda *, progress, should_cancel: print_pdf(pdf, printer, first=first or 1, last=last,
                                                             progress=progress, should_cancel=should_cancel),
                    self._printed, self.tr("Printing…"))

    def _printed(self, pages: int) -> None:
        self.status_label.setText(self.tr("Sent {pages} to {printer}").format(
            pages=formats.count(pages, self.tr("page"), self.tr("pages")), printer=self.printer.printerName() or self.printer.outputFileName()))

    # -- page navigation -------------------------------------------------------------

    @Slot(int)
    def _go_to_page(self, page: int) -> None:
        if 0 <= page < self.document.pageCount():
            navigator = self.view.pageNavigator()
            if navigator.currentPage() != page:
                navigator.jump(page, QPointF(), navigator.currentZoom())
        self._page_shown(page)

    @Slot(int)
    def _page_count_changed(self, _count: int) -> None:
        self._page_shown(self.view.pageNavigator().currentPage())

    @Slot(int)
    def _page_shown(self, page: int) -> None:
        count = self.document.pageCount()
        self.page_selector.setEnabled(count > 0)
        if self.page_selector.currentPage() != page:
            self.page_selector.setCurrentPage(page)
        self.page_label.setText(self.tr("of {count}").format(count=formats.number(count)) if count else "")

    # -- closing ---------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Esc, Close or the window's X: cancel any work, wait for it, remove the temp files."""
        if self._job is not None:
            job, self._job = self._job, None
            job.cancel()
            if not job.wait(CANCEL_WAIT_S):
                log.warning("the print worker did not stop in %s s", CANCEL_WAIT_S)
        self.document.close()
        shutil.rmtree(self._temp, ignore_errors=True)
        super().done(result)
