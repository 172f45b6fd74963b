"""Fixtures for the dashboard tests: an in-process ASGI client (httpx.ASGITransport) over a
dashboard built from fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from anyio.from_thread import start_blocking_portal


class ApiClient:
    """A synchronous face over ``httpx.AsyncClient(transport=ASGITransport(app))``."""

    def __init__(self, app: Any, portal: Any) -> None:
        self._portal = portal
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://dashboard.test"
        )

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self._portal.call(
            lambda: self._client.request(method, url, **kwargs)
        )
        return response

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        self._portal.call(self._client.aclose)


@pytest.fixture
def api_client() -> Iterator[Callable[[Any], ApiClient]]:
    clients: list[ApiClient] = []
    with start_blocking_portal() as portal:

        def make(app: Any) -> ApiClient:
            client = ApiClient(app, portal)
            clients.append(client)
            return client

        yield make
        for client in clients:
            client.close()
