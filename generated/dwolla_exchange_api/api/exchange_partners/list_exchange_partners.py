from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.exchange_partner_list import ExchangePartnerList
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/exchange-partners",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ExchangePartnerList | None:
    if response.status_code == 200:
        response_200 = ExchangePartnerList.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 406:
        response_406 = Error.from_dict(response.json())

        return response_406

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ExchangePartnerList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ExchangePartnerList]:
    """List exchange partners

     All exchange partners, under `_embedded.exchange-partners`, with their `total`.
    Look a partner up by `name` to create an exchange session for it. Send
    `Accept: application/vnd.dwolla.v1.hal+json`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExchangePartnerList]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Error | ExchangePartnerList | None:
    """List exchange partners

     All exchange partners, under `_embedded.exchange-partners`, with their `total`.
    Look a partner up by `name` to create an exchange session for it. Send
    `Accept: application/vnd.dwolla.v1.hal+json`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExchangePartnerList
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ExchangePartnerList]:
    """List exchange partners

     All exchange partners, under `_embedded.exchange-partners`, with their `total`.
    Look a partner up by `name` to create an exchange session for it. Send
    `Accept: application/vnd.dwolla.v1.hal+json`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExchangePartnerList]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Error | ExchangePartnerList | None:
    """List exchange partners

     All exchange partners, under `_embedded.exchange-partners`, with their `total`.
    Look a partner up by `name` to create an exchange session for it. Send
    `Accept: application/vnd.dwolla.v1.hal+json`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExchangePartnerList
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
