"""FakeDwolla: Dwolla's behaviour (``_api``), armed faults and a request log, served over
loopback (``_server``) or in-process through an httpx transport (``_transport``)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from ._api import HAL, INTERNAL_ORIGIN, STABLE_ID_NAMESPACE, DwollaApi, FakeRequest, FakeResponse
from ._faults import Fault, FaultQueue
from ._seed import load_spec, rewrite_origin
from ._webhooks import Delivery

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx

    from .._client import AsyncDwolla, Dwolla
    from ._server import LoopbackServer

__all__ = ["DEFAULT_CLIENT_ID", "DEFAULT_CLIENT_SECRET", "FakeDwolla", "RecordedRequest"]

DEFAULT_CLIENT_ID = "fake-client-id"
DEFAULT_CLIENT_SECRET = "fake-client-secret"  # noqa: S105 - the fake's public demo secret
# Where an in-process fake answers when no server runs: `.test` is reserved, never resolved.
IN_PROCESS_URL = "https://api.fake-dwolla.test"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased, as HTTP treats them: headers["authorization"]
    body: bytes
    time: float
    client_port: int = 0  # the connection it came on: equal ports mean a kept-alive connection


class FakeDwolla:
    """An offline Dwolla for demos and tests, seeded from openapi.yaml's examples.

    ``with FakeDwolla() as fake:`` serves it on 127.0.0.1 (a free port); without starting it,
    ``fake.client()`` talks to it in-process, with no socket.

    >>> with FakeDwolla() as fake:
    ...     client = fake.client()
    ...     session = client.exchange_sessions.retrieve(fake.example_id("PlaidExchangeSession"))
    """

    def __init__(
        self,
        *,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        token_lifetime: float = 3600.0,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        spec_path: str | Path | None = None,
        max_body_bytes: int = 1024 * 1024,
        max_connections: int = 256,
        idle_timeout: float = 10.0,
        log: Callable[[str], None] | None = None,
        stable_ids: bool = False,
        webhook_time_scale: float = 1 / 3600,
        webhook_any_host: bool = False,
    ) -> None:
        """``log``, when given, receives one line per answered request (``GET /path -> 200``).
        ``stable_ids`` derives request ids and new resources' ids from the requests instead
        of drawing them at random, so that recording cassettes twice writes the same files.
        ``webhook_time_scale`` scales Dwolla's webhook retry delays (15 min ... 72 h): by
        default an hour becomes a second; tests pass smaller. Webhook subscriptions take
        loopback URLs only unless ``webhook_any_host``: a test's fake never POSTs elsewhere."""
        if not 0 <= webhook_time_scale <= 1:
            raise ValueError(f"webhook_time_scale must be 0 to 1, got {webhook_time_scale!r}")
        import ipaddress

        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError("the fake binds to loopback addresses only")
        if not 0 <= latency <= 60:
            raise ValueError(f"latency must be 0 to 60 seconds, got {latency!r}")
        self.log = log
        self.max_body_bytes = max_body_bytes
        self.max_connections = max_connections
        self.idle_timeout = idle_timeout
        self._address = (host, port)
        self._spec = load_spec(spec_path)
        self._settings: dict[str, Any] = {
            "client_id": client_id,
            "client_secret": client_secret,
            "token_lifetime": token_lifetime,
            "latency": latency,
            "stable_ids": stable_ids,
            "webhook_time_scale": webhook_time_scale,
            "webhook_any_host": webhook_any_host,
        }
        self._server: LoopbackServer | None = None
        self._log_lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Back to the seeded data, no tokens, faults or logged requests (a running server
        keeps running): what a fixture shared across tests calls between them. Webhook
        subscriptions and pending deliveries end too."""
        previous: DwollaApi | None = getattr(self, "api", None)
        if previous is not None:
            previous.webhooks.stop()
        self.api = DwollaApi(self._spec, **self._settings)
        self.api.webhooks.public_origin = self.base_url
        self.faults = FaultQueue()
        self._requests: list[RecordedRequest] = []

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> Self:
        from ._server import LoopbackServer

        self._server = LoopbackServer(self, self._address)
        self.api.webhooks.public_origin = self.base_url
        return self

    def stop(self) -> None:
        self.api.webhooks.stop()
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"FakeDwolla({self.base_url})"

    @property
    def base_url(self) -> str:
        """The loopback server's URL, or the in-process URL when no server runs."""
        return self._server.url if self._server is not None else IN_PROCESS_URL

    @property
    def client_id(self) -> str:
        return self.api.client_id

    @property
    def client_secret(self) -> str:
        return self.api.client_secret

    # -- serving: the one entry point both adapters call ---------------------------------

    def handle(
        self, request: FakeRequest, origin: str | None = None, client_port: int = 0
    ) -> FakeResponse:
        """Log ``request``, answer it (through an armed fault if one matches) with hrefs on
        ``origin`` (default ``base_url``): the origin the client named."""
        origin = origin or self.base_url
        with self._log_lock:
            self._requests.append(
                RecordedRequest(
                    request.method,
                    request.path,
                    dict(request.headers),
                    request.body,
                    time.time(),
                    client_port,
                )
            )
        if origin.encode() in request.body:  # hrefs the client sends back, in the fake's terms
            request = FakeRequest(
                request.method,
                request.path,
                request.headers,
                request.body.replace(origin.encode(), INTERNAL_ORIGIN.encode()),
            )
        fault = self.faults.take(request.method, request.path.split("?", 1)[0])
        response = fault.answer(request, self.api) if fault else self.api.handle(request)
        response.body = response.body.replace(INTERNAL_ORIGIN.encode(), origin.encode())
        response.headers = {
            "X-Request-Id": self._request_id(request),
            **{k: v.replace(INTERNAL_ORIGIN, origin) for k, v in response.headers.items()},
        }
        return response

    def _request_id(self, request: FakeRequest) -> str:
        if not self.api.stable_ids:
            return str(uuid.uuid4())
        with self._log_lock:  # the n-th identical request gets the n-th id
            seen = sum(
                (r.method, r.path, r.body) == (request.method, request.path, request.body)
                for r in self._requests
            )
        text = f"{request.method} {request.path}\x00{request.body!r}\x00{seen}"
        return str(uuid.uuid5(STABLE_ID_NAMESPACE, text))

    def transport(self) -> httpx.BaseTransport:
        """An httpx transport that answers in-process: ``httpx.Client(transport=...)``."""
        from ._transport import FakeTransport

        return FakeTransport(self)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """See :meth:`transport`, for ``httpx.AsyncClient``."""
        from ._transport import AsyncFakeTransport

        return AsyncFakeTransport(self)

    # -- data ----------------------------------------------------------------------------

    def example_id(self, example_name: str) -> str:
        """The id under which the spec example ``example_name`` is served."""
        return self.api.data.example_ids[example_name]

    @property
    def examples(self) -> dict[str, str]:
        """The href of every seeded resource, by the name of its example in openapi.yaml."""
        data = self.api.data
        return {
            name: self.href(collection, resource_id)
            for name, resource_id in data.example_ids.items()
            for collection, resources in data.resources.items()
            if resource_id in resources
        }

    def href(self, collection: str, resource_id: str) -> str:
        return f"{self.base_url}/{collection}/{resource_id}"

    def ids(self, collection: str) -> list[str]:
        with self.api.lock:
            return list(self.api.data.resources[collection])

    def add_resource(
        self, collection: str, body: dict[str, Any], resource_id: str | None = None
    ) -> str:
        """Serve ``body`` (Dwolla hrefs rewritten to the fake) under ``collection``; returns its id."""
        text = json.dumps(body).replace(self.base_url, INTERNAL_ORIGIN)
        return self.api.add_resource(collection, json.loads(text), resource_id)

    def add_session(self, body: dict[str, Any], session_id: str | None = None) -> str:
        return self.add_resource("exchange-sessions", body, session_id)

    def add_partner(self, body: dict[str, Any], partner_id: str | None = None) -> str:
        return self.add_resource("exchange-partners", body, partner_id)

    def add_exchange(
        self,
        partner: str,
        exchange_id: str | None = None,
        customer: str = "3b1a2b6e-5b0e-4c1c-9d8f-2a6a1f0e7c55",
    ) -> str:
        """Register an active exchange of ``customer`` with the partner named ``partner``
        (or with that partner id); returns its id."""
        partner_id = self.api.partner_id(partner)
        if partner_id is None:
            raise ValueError(f"no partner named or with id {partner!r}")
        return self.api.linking.add_exchange(customer, partner_id, exchange_id or str(uuid.uuid4()))

    # -- the end user --------------------------------------------------------------------

    def complete_session(
        self,
        session: object,
        *,
        accounts: tuple[str, ...] = ("Checking",),
        visa_user: str = "u35490150",
    ) -> str | None:
        """What the end user does in the partner's UI for ``session`` (an id, href or
        ``ExchangeSession``). MX: one available connection per name in ``accounts`` appears
        for the customer (returns None; list them with
        ``client.available_exchange_connections.list``). Plaid: returns a public token.
        Checkout.com: returns a ``pay_...`` token. Visa: Dwolla makes the exchange and the
        URL the browser is sent back to is returned (``?exchange=`` or ``?error=``), chosen
        by Dwolla's sandbox demo user: u35490150 success, u51613239 no account found,
        u92721594 authentication error, u91902655 temporary error. A re-authentication
        session restores its exchange (returns None; Visa: the redirect URL). Each session
        completes once (a Visa error leaves it to try again)."""
        return self.api.linking.complete_session(_resource_id(session), accounts, visa_user)

    def require_reauth(self, exchange: object) -> None:
        """Make the exchange's funding sources answer a balance with ``400 UpdateCredentials``
        until a re-authentication session for it is completed."""
        self.api.linking.require_reauth(_resource_id(exchange))

    # -- faults, tokens and the log ------------------------------------------------------

    def inject(
        self, fault: Fault, route: str = "*", *, method: str | None = None, times: int | None = 1
    ) -> None:
        """Arm ``fault`` for the next ``times`` requests whose path matches ``route`` (glob)."""
        self.faults.add(fault, route, method, times)

    def serve(self, path: str, body: dict[str, Any], status: int = 200) -> None:
        """Answer every GET of ``path`` (a glob) with ``body`` as given, Dwolla hrefs
        rewritten to the fake, until ``reset()`` or another ``serve`` of the same path: for
        serving a response exactly as Dwolla documents it, such as a partner list whose
        partners lack ``created``."""
        text = json.dumps(rewrite_origin(body, INTERNAL_ORIGIN)).encode()
        self.faults.replace(Fault.respond(status, text), path, "GET")

    # -- webhooks ------------------------------------------------------------------------

    def subscribe(self, url: str, secret: str) -> str:
        """What ``POST /webhook-subscriptions {url, secret}`` does; returns the id."""
        request = FakeRequest(
            "POST",
            "/webhook-subscriptions",
            {"content-type": HAL},
            json.dumps({"url": url, "secret": secret}).encode(),
        )
        response = self.api.webhooks.route(request, ["webhook-subscriptions"])
        if response is None or response.status != 201:
            raise ValueError(
                f"cannot subscribe: {response.body.decode() if response else 'no route'}"
            )
        return response.headers["Location"].rsplit("/", 1)[-1]

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every event the fake published, as delivered (links on the fake's base URL)."""
        with self.api.lock:
            return list(self.api.webhooks.events)

    @property
    def deliveries(self) -> list[Delivery]:
        """Every webhook delivery attempt, in order: event, URL, attempt, status or error."""
        with self.api.lock:
            return list(self.api.webhooks.deliveries)

    def expire_tokens(self) -> None:
        """Make every token issued so far expired, as an hour passing would."""
        with self.api.lock:
            self.api.tokens = dict.fromkeys(self.api.tokens, 0.0)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._log_lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._log_lock:
            self._requests.clear()

    def requests_to(self, path_prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    @property
    def token_requests(self) -> int:
        return len(self.requests_to("/token"))

    @property
    def issued_tokens(self) -> list[str]:
        """Every access token this fake has issued: what a leak check looks for."""
        with self.api.lock:
            return list(self.api.tokens)

    def client(self, **options: Any) -> Dwolla:
        """A ``Dwolla`` pointed at this fake: over loopback when it is started, else in-process."""
        from .._client import Dwolla

        if self._server is None and "http_client" not in options:
            import httpx

            options["http_client"] = httpx.Client(transport=self.transport())
        return Dwolla(**self._client_arguments(options))

    def async_client(self, **options: Any) -> AsyncDwolla:
        """See :meth:`client`."""
        from .._client import AsyncDwolla

        if self._server is None and "http_client" not in options:
            import httpx

            options["http_client"] = httpx.AsyncClient(transport=self.async_transport())
        return AsyncDwolla(**self._client_arguments(options))

    def _client_arguments(self, options: dict[str, Any]) -> dict[str, Any]:
        options.setdefault("retry_backoff", 0.001)
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "base_url": self.base_url,
            **options,
        }


def _resource_id(resource: object) -> str:
    """The id of a resource given as its id, href or model (anything with a self link)."""
    links = getattr(resource, "links", None)
    self_link = getattr(links, "self_", None)
    href = getattr(self_link, "href", resource)
    if not isinstance(href, str):
        raise TypeError(f"expected an id, href or model, got {type(resource).__name__}")
    return href.rstrip("/").rsplit("/", 1)[-1]
