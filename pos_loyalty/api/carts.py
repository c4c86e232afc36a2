"""Carts the POS pushes to the checkout screen, and the totals it gets back (`POST /cart`).

The desk is shared by two threads and nothing else: the API's (which pushes a cart and waits
for its outcome) and the GUI's (which opens the cart on the checkout screen, then reports it
committed or dropped). It holds plain data under one lock and never touches a widget: the
screen learns of a new cart through `on_arrival`, which the app wires to a Qt signal (queued
into the GUI thread).
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from ..domain.errors import Conflict

KEPT = 500  # the newest carts kept for the POS to ask about; older finished ones are forgotten
STATUSES = ("waiting", "open", "committed", "dropped")


@dataclass(frozen=True)
class Cart:
    cart_id: str
    order: dict[str, Any]  # the order document as checked (README "Order files"), order_id set
    sent_by: str  # the API token's name
    received_at: dt.datetime
    status: str = "waiting"  # waiting → open (on screen) → committed | dropped (cleared by the cashier)
    result: dict[str, Any] | None = field(default=None)  # the commit's JSON, as POST /orders answers

    @property
    def order_id(self) -> str:
        return str(self.order["order_id"])

    def as_json(self) -> dict[str, Any]:
        return {"cart_id": self.cart_id, "order_id": self.order_id, "status": self.status, "order": self.result}


class CartDesk:
    def __init__(self, on_arrival: Callable[[Cart], None]) -> None:
        self._on_arrival = on_arrival
        self._changed = threading.Condition()
        self._carts: OrderedDict[str, Cart] = OrderedDict()
        self._closed = False

    def push(self, order: dict[str, Any], sent_by: str) -> tuple[Cart, bool]:
        """Keep the cart and announce it; the screen opens it now or after the sale under way.
        The order id is the idempotency key, as for a commit: the same cart sent again (the POS
        timed out) is the cart already here, announced once — (cart, False); the same order id
        with other content, while that cart is not dropped, is refused (`Conflict`)."""
        with self._changed:
            same = next((c for c in self._carts.values() if c.order_id == str(order["order_id"]) and c.status != "dropped"), None)
            if same is not None:
                if same.order != order:
                    raise Conflict("order_id", f"a cart for order {same.order_id} was already sent with different content")
                return same, False
            cart = Cart("C" + secrets.token_hex(8), order, sent_by, dt.datetime.now().astimezone())
            self._carts[cart.cart_id] = cart
            while len(self._carts) > KEPT:
                self._carts.popitem(last=False)
        self._on_arrival(cart)
        return cart, True

    def get(self, cart_id: str) -> Cart | None:
        with self._changed:
            return self._carts.get(cart_id)

    def _set(self, cart_id: str, **changes: Any) -> None:
        with self._changed:
            cart = self._carts.get(cart_id)
            if cart is not None:
                self._carts[cart_id] = replace(cart, **changes)
                self._changed.notify_all()

    def opened(self, cart_id: str) -> None:
        self._set(cart_id, status="open")

    def committed(self, cart_id: str, result: dict[str, Any]) -> None:
        self._set(cart_id, status="committed", result=result)

    def dropped(self, cart_id: str) -> None:
        self._set(cart_id, status="dropped")

    def wait(self, cart_id: str, timeout: float) -> Cart | None:
        """The cart once committed or dropped, or as it is after `timeout` seconds (or at once
        when the desk closes: the app is stopping the API)."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._carts.get(cart_id) is None
                                   or self._carts[cart_id].status in ("committed", "dropped"), timeout=max(0.0, timeout))
            return self._carts.get(cart_id)

    def close(self) -> None:
        """Answer every long-poll now, so the server can stop without waiting for them."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
