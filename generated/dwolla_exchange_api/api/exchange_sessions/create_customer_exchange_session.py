from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_exchange_session_request import CreateExchangeSessionRequest
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: CreateExchangeSessionRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/customers/{id}/exchange-sessions".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/vnd.dwolla.v1.hal+json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | None:
    if response.status_code == 201:
        response_201 = cast(Any, None)
        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 406:
        response_406 = Error.from_dict(response.json())

        return response_406

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: CreateExchangeSessionRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Create an exchange session for a customer

     Starts an exchange session with an exchange partner (MX or Plaid; Finicity and
    Flinks create exchanges directly, without sessions). Plaid on mobile also sends
    `_links.redirect-url`. Success is `201 Created` with an empty body and a
    `Location` header naming the new session; retrieve it for the widget URL (MX) or
    the Link token (Plaid). Send an `Idempotency-Key` so that a retry cannot create
    a second session.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (CreateExchangeSessionRequest): Names the exchange partner; Plaid on mobile adds
            `redirect-url`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: CreateExchangeSessionRequest,
    idempotency_key: str | Unset = UNSET,
) -> Any | Error | None:
    """Create an exchange session for a customer

     Starts an exchange session with an exchange partner (MX or Plaid; Finicity and
    Flinks create exchanges directly, without sessions). Plaid on mobile also sends
    `_links.redirect-url`. Success is `201 Created` with an empty body and a
    `Location` header naming the new session; retrieve it for the widget URL (MX) or
    the Link token (Plaid). Send an `Idempotency-Key` so that a retry cannot create
    a second session.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (CreateExchangeSessionRequest): Names the exchange partner; Plaid on mobile adds
            `redirect-url`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: CreateExchangeSessionRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Create an exchange session for a customer

     Starts an exchange session with an exchange partner (MX or Plaid; Finicity and
    Flinks create exchanges directly, without sessions). Plaid on mobile also sends
    `_links.redirect-url`. Success is `201 Created` with an empty body and a
    `Location` header naming the new session; retrieve it for the widget URL (MX) or
    the Link token (Plaid). Send an `Idempotency-Key` so that a retry cannot create
    a second session.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (CreateExchangeSessionRequest): Names the exchange partner; Plaid on mobile adds
            `redirect-url`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: CreateExchangeSessionRequest,
    idempotency_key: str | Unset = UNSET,
) -> Any | Error | None:
    """Create an exchange session for a customer

     Starts an exchange session with an exchange partner (MX or Plaid; Finicity and
    Flinks create exchanges directly, without sessions). Plaid on mobile also sends
    `_links.redirect-url`. Success is `201 Created` with an empty body and a
    `Location` header naming the new session; retrieve it for the widget URL (MX) or
    the Link token (Plaid). Send an `Idempotency-Key` so that a retry cannot create
    a second session.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (CreateExchangeSessionRequest): Names the exchange partner; Plaid on mobile adds
            `redirect-url`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
