"""The local HTTP API: the command line's checkout, refund and card lookup over HTTP, for the
store's POS software (README "Local HTTP API"; the OpenAPI description at /openapi.json, a
page to try it at /docs).

Every answer is the JSON the same command prints with ``--json`` (`cli.Output`), and every
guarantee is the command's: a commit is idempotent on its `order_id` (a replay answers the
first result with ``replayed: true``), a refund on its `refund_id`, bad input is refused with
``{"error", "field"}`` naming the field and changes nothing. The services block on the
database, so they run in a small pool of threads of the app's own (`DB_THREADS`), each keeping
its connection from one request to the next: opening one per request halved the requests a
second (tests/bench/bench_api.py). A thread whose request failed unexpectedly drops its
connection (the next request opens a fresh one); `close_app` ends the threads and so closes
their connections.

Every call but ``/health`` needs ``Authorization: Bearer TOKEN`` (`services.api_tokens`); the
API acts as the token's name, which orders and refunds record as their user.
"""

from __future__ import annotations

import asyncio
import logging
import math
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

from fastapi import Depends, FastAPI, Query, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..domain.errors import Busy, Conflict, LoyaltyError, NotFound, PermissionDenied, ValidationError
from ..domain.jsonfile import JSONInvalid, loads_json
from ..services import api_tokens, cards, checkout, refunds, rules_sync
from ..services.setup import release_thread_connection
from . import bodies, schemas
from .carts import CartDesk
from .guard import MAX_BODY_BYTES, BodyLimit, WrongTokens

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_CART_WAIT_S = 30  # a long-poll for a cart's totals: the POS asks again after this
DB_THREADS = 4  # SQLite writes one transaction at a time: more threads only queue (and each holds a connection)


class Refused(Exception):
    """A refusal of the API itself (no token, throttled, no screen for carts): status and field."""

    def __init__(self, status: int, field: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.field, self.message, self.headers = status, field, message, headers or {}


def _status(exc: LoyaltyError) -> int:
    """The HTTP status of a service's refusal: the CLI's exit 2, told apart."""
    for kind, status in ((Busy, 503), (PermissionDenied, 403), (NotFound, 404), (Conflict, 409), (JSONInvalid, 400), (ValidationError, 422)):
        if isinstance(exc, kind):
            return status
    return 422


def _in_worker(work: Callable[[], T]) -> T:
    try:
        return work()
    except LoyaltyError:
        raise
    except Exception:
        release_thread_connection()  # perhaps the connection itself broke: the next request opens another
        raise


async def _run(app: FastAPI, work: Callable[[], T]) -> T:
    """`work()` in one of the app's database threads."""
    return await asyncio.get_running_loop().run_in_executor(app.state.db_pool, _in_worker, work)


def close_app(app: FastAPI) -> None:
    """End the database threads (their connections close with them); the server has stopped."""
    pool = getattr(app.state, "db_pool", None)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def as_json(data: Any) -> Any:
    """`data` as the command line prints it with ``--json`` (money with the currency's decimals)."""
    from ..cli import Output, _active_currency

    return Output(True, currency=_active_currency).plain(data)


_plain = as_json


async def _body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise ValidationError("body", "a JSON object is required")
    return loads_json(raw, "the request body", "body")  # the CLI's reader: NaN, UTF-16, deep nesting refused


def create_app(desk: CartDesk | None = None, max_body: int = MAX_BODY_BYTES, throttle: WrongTokens | None = None) -> FastAPI:
    """The application; `desk` is the checkout screen's cart desk when the API runs inside the
    desktop app (without it, ``/cart`` answers 503)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        app_version = version("pos-loyalty")
    except PackageNotFoundError:
        app_version = "0"
    # /docs and /redoc with their scripts served by the API itself (fastapi-offline): a till has
    # no internet, and a page that loads Swagger UI from a CDN stays blank there.
    app = FastAPIOffline(title="POS Loyalty local API", version=app_version, description=schemas.DESCRIPTION)
    app.add_middleware(BodyLimit, limit=max_body)
    app.state.db_pool = ThreadPoolExecutor(max_workers=DB_THREADS, thread_name_prefix="api-db")
    wrong_tokens = throttle or WrongTokens(audit=api_tokens.record_refused)  # called in a database thread (below)
    bearer = HTTPBearer(auto_error=False, description="a token from `pos-loyalty api token create NAME`")

    async def acting_user(request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> str:
        """The token's name."""
        client = request.client.host if request.client else "unknown"
        wait = wrong_tokens.wait_for(client)
        if wait:
            raise Refused(429, "token", f"too many wrong tokens from {client}; try again in {math.ceil(wait)} s",
                          {"Retry-After": str(math.ceil(wait))})
        token = credentials.credentials if credentials is not None else ""
        user = await _run(app, lambda: api_tokens.user_for(token)) if token else None
        if user is None:
            await _run(app, lambda: wrong_tokens.failed(client))  # may write the audit row
            what = "is not a live API token" if token else "is required: Authorization: Bearer TOKEN"
            raise Refused(401, "token", f"the token {what} (a manager makes one: pos-loyalty api token create NAME)",
                          {"WWW-Authenticate": "Bearer"})
        wrong_tokens.succeeded(client)
        return user

    @app.exception_handler(Refused)
    async def refused(_request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"error": exc.message, "field": exc.field}, exc.status, headers=exc.headers)

    @app.exception_handler(LoyaltyError)
    async def loyalty_error(_request: Request, exc: LoyaltyError) -> JSONResponse:
        headers = {"Retry-After": "1"} if isinstance(exc, Busy) else None
        return JSONResponse({"error": exc.message, "field": exc.field}, _status(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": ("request",), "msg": "is not valid"}
        return JSONResponse({"error": str(first.get("msg", "is not valid")), "field": str(first["loc"][-1])}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail), "field": "path"}, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error in the API", exc_info=exc)
        return JSONResponse({"error": f"internal error: {type(exc).__name__}: {exc}"}, 500)

    @app.get("/health", tags=["service"], summary="Is the API up (no token needed)")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/cards/{number}", tags=["cards"], summary="A card: customer, balance, tier, expiring points, history",
             responses=schemas.errors(404, 422))
    async def card(number: str, history: int = Query(20, ge=1, le=1000), as_of: str | None = Query(None, description="e.g. 2027-01-31"),
                   user: str = Depends(acting_user)) -> JSONResponse:
        def work() -> Any:
            from ..domain.moments import parse_as_of

            rules, _ = rules_sync.active_rules()
            view = cards.lookup(number, rules, None if as_of is None else parse_as_of(as_of, "as_of"))
            rows = cards.history(cards.get_card(number), limit=history)
            progress: list[Any] = []
            if rules.milestones:
                from ..services import programme

                progress = programme.progress(number, include_hidden=False)
            return _plain({"card": view, "history": rows, "milestones": progress})

        return JSONResponse(await _run(app, work))

    @app.post("/orders/quote", tags=["orders"], summary="What an order earns and costs, and the rewards on offer; writes nothing",
              openapi_extra=schemas.body(schemas.ORDER), responses=schemas.errors(400, 404, 409, 422))
    async def quote(request: Request, user: str = Depends(acting_user)) -> JSONResponse:
        from ..domain.order import parse_order

        data = await _body(request)
        return JSONResponse(await _run(app, lambda: _plain(checkout.quote(parse_order(data))[0])))

    @app.post("/orders", tags=["orders"], summary="Commit an order and its points (idempotent on order_id)", status_code=201,
              openapi_extra=schemas.body(schemas.ORDER), responses={200: {"description": "a replay: the first result, replayed true"},
                                                                   **schemas.errors(400, 404, 409, 422, 503)})
    async def commit(request: Request, user: str = Depends(acting_user)) -> JSONResponse:
        from ..domain.order import parse_order

        data = await _body(request)

        def work() -> tuple[bool, Any]:
            result = checkout.commit(parse_order(data), user=user)
            return result.replayed, _plain(result)

        replayed, answer = await _run(app, work)
        return JSONResponse(answer, 200 if replayed else 201)

    @app.post("/orders/{order_id}/refunds", tags=["orders"], summary="Refund fully, by lines, or cancel (idempotent on refund_id)",
              status_code=201, openapi_extra=schemas.body(schemas.REFUND),
              responses={200: {"description": "a replay: the first result, replayed true"}, **schemas.errors(400, 403, 404, 409, 422)})
    async def refund(order_id: str, request: Request, user: str = Depends(acting_user)) -> JSONResponse:
        data = await _body(request)

        def work() -> Any:
            wanted = bodies.parse_refund(data)
            if refunds.needs_manager(order_id, wanted.refund_id, wanted.kind, wanted.quantities):
                raise PermissionDenied(f"a refund of more than {refunds.manager_limit()} needs a manager's PIN: make it in the app or the CLI",
                                       field="manager_pin")
            result = refunds.refund(order_id, wanted.refund_id, wanted.kind, wanted.quantities, when=wanted.at, user=user)
            return result.replayed, _plain(result)

        replayed, answer = await _run(app, work)
        return JSONResponse(answer, 200 if replayed else 201)

    @app.post("/cart", tags=["checkout screen"], status_code=202,
              summary="Send a cart to the checkout screen; the cashier scans the card, applies rewards and commits (F12)",
              openapi_extra=schemas.body(schemas.CART),
              responses={200: {"description": "the same cart sent again (same order_id): the cart already here"},
                         **schemas.errors(400, 404, 409, 422, 503)})
    async def push_cart(request: Request, user: str = Depends(acting_user)) -> JSONResponse:
        if desk is None:
            raise Refused(503, "cart", "no checkout screen here: carts need the API of the desktop app (Settings → Local API), not serve --http")
        data = await _body(request)

        def work() -> dict[str, Any]:
            order, document = bodies.parse_cart(data, checkout.new_order_id())
            checkout.quote(order)  # refused now, naming the field, rather than on the cashier's screen
            return document

        document = await _run(app, work)
        cart, new = desk.push(document, user)
        return JSONResponse(cart.as_json(), 202 if new else 200)

    @app.get("/cart/{cart_id}", tags=["checkout screen"], summary="A cart's state, and the committed order's totals once the cashier commits",
             responses=schemas.errors(404, 503))
    async def get_cart(cart_id: str, wait: float = Query(0, ge=0, le=MAX_CART_WAIT_S, description="seconds to wait for the commit (long-poll)"),
                       user: str = Depends(acting_user)) -> JSONResponse:
        if desk is None:
            raise Refused(503, "cart", "no checkout screen here: carts need the API of the desktop app")
        cart = await run_in_threadpool(desk.wait, cart_id, wait) if wait else desk.get(cart_id)
        if cart is None:
            raise Refused(404, "cart_id", f"no cart {cart_id}")
        return JSONResponse(cart.as_json())

    return app
