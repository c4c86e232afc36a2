"""Where the receipt printer is: the store's two settings (`slip_printer`, the kind of connection,
and `slip_printer_address`) read into one checked value, so the Settings screen refuses a
mistyped address when it is saved rather than when a customer waits for their slip.

- network: ``host:port`` (port 9100 when left out), the usual Ethernet/Wi-Fi receipt printer;
- usb: ``vendor:product`` as hexadecimal ids (``04b8:0202``), as `lsusb` lists them;
- file: a device file such as ``/dev/usb/lp0`` (or any file, to capture what would print).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ValidationError

KINDS = ("none", "network", "usb", "file")
DEFAULT_PORT = 9100
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
_USB_ID = re.compile(r"^(?:0x)?([0-9A-Fa-f]{1,4})$")
FIELD = "slip_printer_address"


@dataclass(frozen=True)
class PrinterTarget:
    kind: str  # none|network|usb|file
    host: str = ""
    port: int = DEFAULT_PORT
    vendor_id: int = 0
    product_id: int = 0
    path: str = ""

    def describe(self) -> str:
        """The printer as people name it in a message ("network printer 10.0.0.5:9100")."""
        if self.kind == "network":
            return f"network printer {self.host}:{self.port}"
        if self.kind == "usb":
            return f"USB printer {self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind == "file":
            return f"printer device {self.path}"
        return "no receipt printer"


def parse_target(kind: str, address: str) -> PrinterTarget:
    """The printer the settings name; ValidationError naming the setting when they cannot be one."""
    kind = (kind or "none").strip().lower()
    address = (address or "").strip()
    if kind not in KINDS:
        raise ValidationError("slip_printer", f"one of {', '.join(KINDS)}")
    if kind == "none":
        return PrinterTarget("none")
    if not address:
        example = {"network": "192.168.1.50:9100", "usb": "04b8:0202", "file": "/dev/usb/lp0"}[kind]
        raise ValidationError(FIELD, f"the {kind} printer's address is required, e.g. {example}")
    if kind == "network":
        host, _, port_text = address.rpartition(":") if ":" in address else (address, "", str(DEFAULT_PORT))
        if not _HOST.match(host) or not (port_text.isascii() and port_text.isdigit() and 1 <= int(port_text) <= 65535):
            raise ValidationError(FIELD, f"'{address}' is not host:port, e.g. 192.168.1.50:9100")
        return PrinterTarget("network", host=host, port=int(port_text))
    if kind == "usb":
        vendor, _, product = address.partition(":")
        ids = [_USB_ID.match(part.strip()) for part in (vendor, product)]
        if not all(ids):
            raise ValidationError(FIELD, f"'{address}' is not vendor:product in hexadecimal, e.g. 04b8:0202 (see lsusb)")
        return PrinterTarget("usb", vendor_id=int(ids[0].group(1), 16), product_id=int(ids[1].group(1), 16))  # type: ignore[union-attr]
    if len(address) > 255 or any(ch < " " for ch in address):
        raise ValidationError(FIELD, "a device path of at most 255 characters, e.g. /dev/usb/lp0")
    return PrinterTarget("file", path=address)
