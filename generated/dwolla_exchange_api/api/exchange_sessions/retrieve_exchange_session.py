from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.exchange_session import ExchangeSession
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/exchange-sessions/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ExchangeSession | None:
    if response.status_code == 200:
        response_200 = ExchangeSession.from_dict(response.json())

        return response_200

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
) -> Response[Error | ExchangeSession]:
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
) -> Response[Error | ExchangeSession]:
    """Retrieve an exchange session

     Fetches a previously created exchange session. Send
    `Accept: application/vnd.dwolla.v1.hal+json`.

    What the session holds depends on its exchange partner (named only through the
    `exchange-partner` link):

    - **MX**: `_links.external-provider-session` is the MX Connect widget URL. It
      points off Dwolla and its `resource-type` is `text/html`: hand it to the end
      user's browser; never fetch it with the Dwolla bearer token.
    - **Plaid**: `externalProviderSessionToken` is a short-lived, one-use Plaid Link
      token (`link-sandbox-...` / `link-production-...`) for the front end to open
      Plaid Link with.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExchangeSession]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ExchangeSession | None:
    """Retrieve an exchange session

     Fetches a previously created exchange session. Send
    `Accept: application/vnd.dwolla.v1.hal+json`.

    What the session holds depends on its exchange partner (named only through the
    `exchange-partner` link):

    - **MX**: `_links.external-provider-session` is the MX Connect widget URL. It
      points off Dwolla and its `resource-type` is `text/html`: hand it to the end
      user's browser; never fetch it with the Dwolla bearer token.
    - **Plaid**: `externalProviderSessionToken` is a short-lived, one-use Plaid Link
      token (`link-sandbox-...` / `link-production-...`) for the front end to open
      Plaid Link with.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExchangeSession
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ExchangeSession]:
    """Retrieve an exchange session

     Fetches a previously created exchange session. Send
    `Accept: application/vnd.dwolla.v1.hal+json`.

    What the session holds depends on its exchange partner (named only through the
    `exchange-partner` link):

    - **MX**: `_links.external-provider-session` is the MX Connect widget URL. It
      points off Dwolla and its `resource-type` is `text/html`: hand it to the end
      user's browser; never fetch it with the Dwolla bearer token.
    - **Plaid**: `externalProviderSessionToken` is a short-lived, one-use Plaid Link
      token (`link-sandbox-...` / `link-production-...`) for the front end to open
      Plaid Link with.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExchangeSession]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ExchangeSession | None:
    """Retrieve an exchange session

     Fetches a previously created exchange session. Send
    `Accept: application/vnd.dwolla.v1.hal+json`.

    What the session holds depends on its exchange partner (named only through the
    `exchange-partner` link):

    - **MX**: `_links.external-provider-session` is the MX Connect widget URL. It
      points off Dwolla and its `resource-type` is `text/html`: hand it to the end
      user's browser; never fetch it with the Dwolla bearer token.
    - **Plaid**: `externalProviderSessionToken` is a short-lived, one-use Plaid Link
      token (`link-sandbox-...` / `link-production-...`) for the front end to open
      Plaid Link with.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExchangeSession
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
