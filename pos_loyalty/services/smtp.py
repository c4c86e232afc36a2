"""The store's mail server: its settings, its password, and one SMTP session that hands over
messages with the DATA command in two steps.

Settings (`services/settings.py`, manager-only): `smtp_host` (empty: nothing is sent),
`smtp_port`, `smtp_security` (none, starttls, ssl), `smtp_user`, `smtp_from`. The password is
never in the database nor in a log: it comes from `$POS_LOYALTY_SMTP_PASSWORD`, else from a
file only the owner can read (0600) in the settings folder, written by `set_password`
(`settings smtp-password` on the command line, which reads it like a PIN: never from argv).

`Session.send` writes the message and, before the final "." that tells the server the message
is complete, calls `before_final_dot()` — the outbox records durably there that the message
may now be delivered (services/messages.py). Everything before that is safe to repeat after a
crash; everything after it is not.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..domain.errors import ValidationError
from ..paths import config_dir
from ..private_files import opener, private_folder
from ..store.database import transaction
from . import audit, auth, changes, settings

PASSWORD_ENV = "POS_LOYALTY_SMTP_PASSWORD"
PASSWORD_FILE = "smtp-password"
TIMEOUT_S = 30.0  # each connect, command and reply; a server slower than this is retried later
MAX_PASSWORD_LENGTH = 256


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str  # none|starttls|ssl
    user: str
    password: str = ""
    sender: str = ""
    store_name: str = ""

    def __repr__(self) -> str:  # never print the password, whoever logs this object
        return f"SmtpConfig(host={self.host!r}, port={self.port}, security={self.security!r}, user={self.user!r}, sender={self.sender!r})"


def password_file() -> Path:
    return config_dir() / PASSWORD_FILE


def password() -> str:
    """The SMTP password: the environment's, else the private file's, else empty."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    try:
        return password_file().read_text(encoding="utf-8").rstrip("\r\n")
    except (FileNotFoundError, NotADirectoryError):
        return ""


def set_password(new: str, user: str = "", *, manager_pin: str | None, manager: str | None = None) -> Path:
    """Keep the SMTP password in the private file (empty: remove it). Manager-only and audited
    — the audit row says that it changed, never what it is."""
    if "\n" in new or "\r" in new or "\x00" in new or len(new) > MAX_PASSWORD_LENGTH:
        raise ValidationError("smtp_password", f"one line of at most {MAX_PASSWORD_LENGTH} characters")
    who = auth.verify_manager(manager_pin, manager)
    path = password_file()
    if new:
        private_folder(path.parent)
        temporary = path.with_name(f".{PASSWORD_FILE}.{os.getpid()}")
        with open(temporary, "w", encoding="utf-8", opener=opener) as handle:
            handle.write(new + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    else:
        path.unlink(missing_ok=True)
    with transaction():
        audit.record(who.name, "setting.smtp_password", "smtp_password", details={"set": bool(new), "operator": user or who.name})
        changes.announce("settings", "smtp_password")
    return path


def configured() -> tuple[SmtpConfig | None, str]:
    """The server to send through, or None and why not (messages then wait as pending)."""
    values = settings.all_settings()
    host = values["smtp_host"].strip()
    if not host:
        return None, "no SMTP server is configured (setting smtp_host)"
    sender = values["smtp_from"].strip() or (values["smtp_user"] if "@" in values["smtp_user"] else "")
    if not sender:
        return None, "no sender address is configured (setting smtp_from)"
    secret = password() if values["smtp_user"] else ""
    if values["smtp_user"] and not secret:
        return None, f"no SMTP password: set {PASSWORD_ENV} or run `settings smtp-password`"
    port = settings.whole_number("smtp_port")
    return SmtpConfig(host, port, values["smtp_security"], values["smtp_user"], secret, sender, values["store_name"]), ""


class SmtpFailure(Exception):
    """An attempt that did not end in "250 accepted".

    `permanent`: the server refused this message for good (5xx to its recipient or content).
    `server`: the trouble is the server or the connection, not this message (connect, TLS,
    login, sender): the rest of the batch waits too. `in_doubt`: the whole message was written
    and no answer came — it may have been delivered."""

    def __init__(self, answer: str, *, permanent: bool = False, server: bool = False, in_doubt: bool = False) -> None:
        super().__init__(answer)
        self.answer = answer
        self.permanent = permanent
        self.server = server
        self.in_doubt = in_doubt


def _answer(code: int, text: bytes | str) -> str:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(message.split())}".strip()


_LINE_ENDS = re.compile(rb"\r\n|\n|\r")
_LEADING_DOT = re.compile(rb"(?m)^\.")


def _wire_body(data: bytes) -> bytes:
    """The message as DATA carries it, without the final dot: CRLF line ends, a leading "."
    doubled (RFC 5321 4.5.2), ending with CRLF."""
    data = _LEADING_DOT.sub(b"..", _LINE_ENDS.sub(b"\r\n", data))
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class Session:
    """One connection to the store's server, reused for a batch of messages."""

    def __init__(self, config: SmtpConfig, timeout: float = TIMEOUT_S) -> None:
        self.config = config
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        """Connect, say EHLO, secure the connection and log in; `SmtpFailure(server=True)` if not."""
        cfg = self.config
        try:
            if cfg.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=self.timeout, context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=self.timeout)
            self._smtp = smtp
            smtp.ehlo_or_helo_if_needed()
            if cfg.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if cfg.user:
                smtp.login(cfg.user, cfg.password)
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise SmtpFailure(_answer(exc.smtp_code, exc.smtp_error), server=True) from None
        except smtplib.SMTPNotSupportedError as exc:
            self.close()
            raise SmtpFailure(f"the server does not support {'STARTTLS' if cfg.security == 'starttls' else 'login'}: {exc}", server=True) from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            self.close()
            raise SmtpFailure(f"cannot reach {cfg.host}:{cfg.port}: {exc or type(exc).__name__}", server=True) from None

    def send(self, to: str, data: bytes, before_final_dot: Callable[[], None]) -> str:
        """Hand one message to the server; its "250" answer, else `SmtpFailure`."""
        smtp = self._smtp
        if smtp is None:
            raise SmtpFailure("not connected", server=True)
        try:
            code, text = smtp.mail(self.config.sender)
            if code != 250:
                self._reset()
                raise SmtpFailure(_answer(code, text), server=True)
            code, text = smtp.rcpt(to)
            if code not in (250, 251):
                self._reset()
                raise SmtpFailure(_answer(code, text), permanent=500 <= code < 600)
            code, text = smtp.docmd("DATA")
            if code != 354:
                self._reset()
                raise SmtpFailure(_answer(code, text), permanent=500 <= code < 600)
            smtp.send(_wire_body(data))
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            raise SmtpFailure(f"connection lost before the message was complete: {exc or type(exc).__name__}", server=True) from None
        try:
            before_final_dot()
        except BaseException:
            self.close()  # the server never sees the final dot: it drops the message
            raise
        try:
            smtp.send(b".\r\n")
            code, text = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            raise SmtpFailure(f"no answer after the whole message was sent ({exc or type(exc).__name__}): "
                              "it may have been delivered", in_doubt=True) from None
        if code != 250:
            raise SmtpFailure(_answer(code, text), permanent=500 <= code < 600)
        return _answer(code, text)

    def _reset(self) -> None:
        try:
            assert self._smtp is not None
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError, socket.timeout):
            try:
                smtp.close()
            except OSError:
                pass

    @property
    def is_open(self) -> bool:
        return self._smtp is not None
