"""The local API on uvicorn: in a thread of the desktop app (`ApiServer`), or in the
foreground for a POS that needs no screen (`serve_http`, ``pos-loyalty serve --http``)."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from ..domain.errors import ValidationError

DEFAULT_HOST = "127.0.0.1"  # this computer only: the POS runs beside the companion
DEFAULT_PORT = 8765


def _config(app: Any, host: str, port: int) -> Any:
    import uvicorn

    # No lifespan (the app has nothing to start), no access log (a line per sale is noise); a
    # request still running at shutdown gets 5 s to finish (a commit is one short transaction).
    return uvicorn.Config(app, host=host, port=port, lifespan="off", access_log=False, log_level="warning",
                          timeout_graceful_shutdown=5, server_header=False)


class ApiServer:
    """uvicorn in a daemon thread: `start` returns once it listens (or raises, naming the
    port), `stop` asks it to finish its requests and waits for the thread."""

    def __init__(self, app: Any, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        import uvicorn

        self.host = host
        self._app = app
        self._server = uvicorn.Server(_config(app, host, port))
        self._thread = threading.Thread(target=self._serve, name="local-api", daemon=True)
        self._failure: BaseException | None = None

    def _serve(self) -> None:
        try:
            self._server.run()  # not the main thread: uvicorn installs no signal handlers
        except BaseException as exc:  # noqa: BLE001 — uvicorn exits (SystemExit) when it cannot bind
            self._failure = exc

    def start(self, timeout: float = 10.0) -> "ApiServer":
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ValidationError("port", f"the local API cannot listen on {self.host}:{self._server.config.port} "
                                              "(another program uses that port?); choose another port")
            time.sleep(0.01)
        return self

    @property
    def port(self) -> int:
        """The port it listens on (the one the system chose, when asked for port 0)."""
        return int(self._server.servers[0].sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        from .app import close_app

        self._server.should_exit = True
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        close_app(self._app)


def serve_http(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Serve in the foreground until Ctrl+C or SIGTERM (uvicorn's own handlers); exit status."""
    import uvicorn

    from ..services import api_tokens
    from .app import create_app

    if not api_tokens.exists_any():
        print("no API token yet: every call will be refused until a manager makes one (pos-loyalty api token create NAME)", file=sys.stderr)
    print(f"local API on http://{host}:{port} — its description at http://{host}:{port}/docs", file=sys.stderr)
    from .app import close_app

    app = create_app()
    server = _Foreground(_config(app, host, port))
    try:
        server.run()
    finally:
        close_app(app)
    return 0 if server.started else 2


def _foreground_class() -> type:
    import uvicorn

    class Foreground(uvicorn.Server):
        """uvicorn that ends with exit 0 on Ctrl+C or SIGTERM once its requests are answered
        (uvicorn raises the signal again after shutting down, for its own command line)."""

        def handle_exit(self, sig: int, frame: Any) -> None:
            super().handle_exit(sig, frame)
            captured = getattr(self, "_captured_signals", None)
            if isinstance(captured, list):
                captured.clear()

    return Foreground


def _Foreground(config: Any) -> Any:  # noqa: N802 (a class, built when uvicorn is imported)
    return _foreground_class()(config)
