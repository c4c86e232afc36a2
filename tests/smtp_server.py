"""A real SMTP server for the e-mail tests: aiosmtpd on localhost, on a free port, in a thread
of the test process. It keeps every message it accepted (parsed with the `email` package) and
can be told how to answer: refuse the next messages with a 4xx or 5xx, or take its time."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, Callable

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(body.get_content())


@dataclass
class Recorder:
    """The handler: answers of the next DATA commands to give first (`refuse`), a pause before
    answering (`data_delay`, seconds) and a hook called as each complete message arrives."""

    received: list[Received] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)
    refuse_rcpt: list[str] = field(default_factory=list)
    data_delay: float = 0.0
    rcpt_delay: float = 0.0
    on_data: Callable[[bytes], None] | None = None
    on_rcpt: Callable[[str], None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if self.on_rcpt is not None:
            self.on_rcpt(address)
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        if self.refuse_rcpt:
            return self.refuse_rcpt.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        if self.on_data is not None:
            self.on_data(content)
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        if self.refuse:
            return self.refuse.pop(0)
        parsed = message_from_bytes(content, policy=policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), content, parsed))  # type: ignore[arg-type]
        return "250 2.0.0 Ok: queued as TEST"

    def ids(self) -> list[str]:
        with self.lock:
            return [r.message_id for r in self.received]


class SmtpServer:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.recorder.ids()) < count and time.monotonic() < deadline:
            time.sleep(0.02)
