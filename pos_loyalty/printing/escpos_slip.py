"""The loyalty slip on a thermal receipt printer, through ESC/POS (python-escpos).

The whole job is rendered first into the library's `Dummy` printer — a bytes buffer — and only
then sent to the real device in one write: a text the printer cannot encode fails before a
single line comes out, and a network printer gets one short connection. The device is chosen
by `domain.receipt_printer.PrinterTarget` (network host:port, USB vendor:product, or a device
file); whatever goes wrong on the way (printer off, cable out, no permission on the device)
comes back as `PrinterUnavailable` with a sentence a cashier can act on.
"""

from __future__ import annotations

from typing import Any

from ..domain.receipt_printer import PrinterTarget
from ..domain.slip import Row, check_width, fit_row

PROFILE = "default"  # python-escpos' generic ESC/POS profile: code pages every receipt printer knows
NETWORK_TIMEOUT = 5  # seconds: a printer that does not answer is reported, the till does not hang


class PrinterUnavailable(Exception):
    """The printer could not be reached or refused the job; the message says which and why."""


def render(rows: list[Row], width: int, printer: Any = None) -> bytes:
    """The slip's rows as ESC/POS bytes for a printer of `width` columns, ending with a cut.
    `printer`: an escpos printer to draw into (default a fresh `Dummy`); its output is returned."""
    from escpos.printer import Dummy

    check_width(width)
    out = printer if printer is not None else Dummy(profile=PROFILE)
    for row in rows:
        if row.kind == "title":
            out.set(align="center", bold=True, double_width=True, double_height=True)
        elif row.kind == "centre":
            out.set(align="center", bold=False, normal_textsize=True)
        else:
            out.set(align="left", bold=False, normal_textsize=True)
        for line in fit_row(row, width):
            out.textln(line.strip() if row.kind in ("title", "centre") else line)  # the printer centres it
    out.set(align="left", bold=False, normal_textsize=True)
    out.cut()
    return bytes(out.output)


def open_device(target: PrinterTarget) -> Any:
    """An escpos printer object for `target` (not connected yet)."""
    from escpos import printer

    if target.kind == "network":
        return printer.Network(target.host, port=target.port, timeout=NETWORK_TIMEOUT, profile=PROFILE)
    if target.kind == "usb":
        return printer.Usb(target.vendor_id, target.product_id, profile=PROFILE)
    if target.kind == "file":
        return printer.File(target.path, profile=PROFILE)
    raise PrinterUnavailable("no receipt printer is set up: choose one in Settings (Receipt printer)")


def send(data: bytes, target: PrinterTarget, device: Any = None) -> None:
    """Send a rendered job to the printer `target` names, in one write, and close it.
    `device`: an escpos printer to use instead of opening one (tests)."""
    try:
        device = device if device is not None else open_device(target)
        device.open()
        try:
            device._raw(data)  # the library's own one-write path: the job was rendered whole before
        finally:
            device.close()
    except PrinterUnavailable:
        raise
    except Exception as exc:  # escpos raises its own errors, OSError, usb.core errors, NoBackendError…
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise PrinterUnavailable(f"{target.describe()} did not print: {detail}") from exc
