"""What stands before every request of the local API: a cap on the body's size and a brake on
wrong tokens. Both in plain Python and ASGI, so they work before FastAPI parses anything."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from typing import Any, Awaitable, Callable

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000  # a 500-line order is ~60 kB: a megabyte is room for any real cart

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class _TooLarge(Exception):
    pass


async def _send_json(send: Send, status: int, data: dict[str, Any], headers: list[tuple[bytes, bytes]] = ()) -> None:  # type: ignore[assignment]
    body = json.dumps(data).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse (413, field ``body``) a request body over `limit` bytes — by its Content-Length
    before reading a byte, else (chunked) as soon as the bytes read pass the limit — so an
    oversized body is never parsed nor held in memory."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = {"error": f"the request body is larger than {self.limit:,} bytes", "field": "body"}
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _send_json(send, 413, refusal, [(b"connection", b"close")])
            return
        received = 0
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge()
            return message

        async def watched_send(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _TooLarge:
            if not started:
                await _send_json(send, 413, refusal, [(b"connection", b"close")])


class WrongTokens:
    """Wrong tokens per client address: after `limit` within `window` seconds the client is
    refused (429) without a look at its token until the window has passed, so guessing costs a
    minute per ten tries — and the database is not asked at all meanwhile. A right token clears
    the count. `audit` is called with (client, failures) on the first wrong token of a burst
    and when the client is stopped: the audit log shows it, without a row per call."""

    def __init__(self, audit: Callable[[str, int], None] | None = None, limit: int = 10, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._audit = audit
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str, at: float) -> deque[float]:
        times = self._failures.setdefault(client, deque())
        while times and at - times[0] > self.window:
            times.popleft()
        return times

    def wait_for(self, client: str) -> float:
        """Seconds the client must wait before a token of theirs is looked at again (0: none)."""
        at = self._clock()
        with self._lock:
            times = self._recent(client, at)
            if len(times) < self.limit:
                return 0.0
            return max(0.0, self.window - (at - times[0]))

    def failed(self, client: str) -> int:
        at = self._clock()
        with self._lock:
            times = self._recent(client, at)
            times.append(at)
            failures = len(times)
        if self._audit is not None and failures in (1, self.limit):
            try:
                self._audit(client, failures)
            except Exception:  # a busy database must not turn a refusal into another answer
                log.exception("auditing wrong API tokens from %s", client)
        return failures

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
