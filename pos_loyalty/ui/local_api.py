"""The local HTTP API inside the desktop app: started when a manager turns it on in Settings,
stopped cleanly when the window closes.

uvicorn runs in a thread of its own (`api.server.ApiServer`). A cart the POS pushes reaches
the GUI only as the `cart_arrived` signal: emitted in the API's thread, it is queued into the
GUI thread (the receiver lives there), so the API thread never touches a widget. What the
checkout screen does with the cart comes back through `opened`, `committed` and `dropped`,
which only update the desk's plain data under its lock.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..domain.errors import LoyaltyError
from ..services import settings
from .service_texts import translated

log = logging.getLogger(__name__)


class LocalApi(QObject):
    cart_arrived = Signal(object)  # an api.carts.Cart, in the GUI thread
    state_changed = Signal(str)  # a sentence for the status bar and Settings

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server: Any = None
        self._desk: Any = None
        self._port = 0
        self.state = ""

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def url(self) -> str:
        return self._server.url if self._server is not None else ""

    def apply(self) -> None:
        """Start, restart on another port, or stop, as the settings say now."""
        try:
            wanted = settings.get("api_enabled") == "on"
            port = settings.whole_number("api_port")
        except LoyaltyError as exc:  # a setting unreadable: leave it off, say why
            self._say(self.tr("Local API off: {reason}").format(reason=translated(exc.message)))
            return
        if self.running and (not wanted or port != self._port):
            self.stop()
        if wanted and not self.running:
            self.start(port)
        elif not wanted:
            self._say(self.tr("Local API off"))

    def start(self, port: int, host: str = "127.0.0.1") -> None:
        from ..api.app import create_app  # the web stack is imported only when the API is turned on
        from ..api.carts import CartDesk
        from ..api.server import ApiServer

        self._desk = CartDesk(on_arrival=self.cart_arrived.emit)
        try:
            self._server = ApiServer(create_app(self._desk), host=host, port=port).start()
        except LoyaltyError as exc:
            self._server = None
            log.warning("local API not started: %s", exc.message)
            self._say(self.tr("Local API off: {reason}").format(reason=translated(exc.message)))
            return
        self._port = port
        self._say(self.tr("Local API on {url}").format(url=self._server.url))

    def stop(self) -> None:
        """Answer the requests under way, then stop (the window is closing, or the setting changed)."""
        server, self._server = self._server, None
        if self._desk is not None:
            self._desk.close()  # a POS waiting on a cart is answered (its current state) at once
        if server is not None:
            server.stop()
            self._say(self.tr("Local API off"))

    def _say(self, text: str) -> None:
        self.state = text
        self.state_changed.emit(text)

    # -- what the checkout screen did with a cart (GUI thread) ------------------------------

    def opened(self, cart_id: str) -> None:
        if self._desk is not None:
            self._desk.opened(cart_id)

    def committed(self, cart_id: str, result: object) -> None:
        from ..api.app import as_json

        if self._desk is not None:
            self._desk.committed(cart_id, as_json(result))

    def dropped(self, cart_id: str) -> None:
        if self._desk is not None:
            self._desk.dropped(cart_id)
