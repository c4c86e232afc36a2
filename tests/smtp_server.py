"""A real SMTP server for the e-mail tests: aiosmtpd on localhost, on a free port, in a thread
of the test process. It keeps every message it accepted (parsed with the `email` package) and
can be told how to answer: refuse the next messages with a 4xx or 5xx, or take its time."""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

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
    """The handler: answers to give first to the next RCPT or DATA commands (`refuse_rcpt`,
    `refuse`), and a pause at the n-th RCPT or DATA of the run (`pause_rcpt_at`,
    `pause_data_at`; `paused` is set when it starts) — a crash test kills the sender there.
    A message counts as received as soon as the server has all of it (before its answer)."""

    received: list[Received] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)
    refuse_rcpt: list[str] = field(default_factory=list)
    pause_rcpt_at: int = 0
    pause_data_at: int = 0
    pause_s: float = 3.0
    rcpts: int = 0
    datas: int = 0
    paused: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        self.rcpts += 1
        if self.rcpts == self.pause_rcpt_at:
            self.paused.set()
            await asyncio.sleep(self.pause_s)
        if self.refuse_rcpt:
            return self.refuse_rcpt.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse.pop(0)
        content = envelope.original_content or envelope.content
        parsed = message_from_bytes(content, policy=policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), content, parsed))  # type: ignore[arg-type]
        self.datas += 1
        if self.datas == self.pause_data_at:
            self.paused.set()
            await asyncio.sleep(self.pause_s)
        return "250 2.0.0 Ok: queued as TEST"

    def pause_at(self, rcpt: int = 0, data: int = 0) -> None:
        """Pause at the `rcpt`-th RCPT or the `data`-th DATA counted from now."""
        self.rcpts = self.datas = 0
        self.pause_rcpt_at, self.pause_data_at = rcpt, data
        self.paused.clear()

    def ids(self) -> list[str]:
        with self.lock:
            return [r.message_id for r in self.received]


class SmtpServer:
    """With `credentials` (user, password) the server offers AUTH (PLAIN, LOGIN, without TLS
    on localhost unless told otherwise) and refuses a wrong password with 535; `logins` lists
    the users it accepted. Other keywords go to aiosmtpd's Controller (`tls_context` and
    `require_starttls` for STARTTLS, `ssl_context` for SMTPS)."""

    def __init__(self, credentials: tuple[str, str] | None = None, **options: Any) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.logins: list[str] = []
        if credentials is not None:
            options = {"authenticator": self._authenticator(credentials), "auth_require_tls": False, **options}
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **options)

    def _authenticator(self, credentials: tuple[str, str]) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        def check(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
            ok = isinstance(auth_data, LoginPassword) and (auth_data.login.decode(), auth_data.password.decode()) == credentials
            if ok:
                self.logins.append(credentials[0])
            return AuthResult(success=ok, handled=False)
        return check

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.recorder.ids()) < count and time.monotonic() < deadline:
            time.sleep(0.02)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, made with the openssl command; (cert, key)."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    return context
