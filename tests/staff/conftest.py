"""Fixtures for the staff pages: the real app over httpx2, clients at different addresses,
accounts created through `shared.staff.management`, and helpers to sign in."""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass

import httpx2
import pytest
from argon2 import PasswordHasher
from starlette.types import Receive, Scope, Send

from onevisit import create_app
from shared.audit import Actor, Where
from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.clock import ManualClock
from shared.config import Settings
from shared.services import Services
from shared.staff import management, totp
from shared.staff.accounts import TOTP_COLUMN, Account
from shared.staff.management import NewAccount
from tests.conftest import mini_catalog_text
from tests.pii import refuse_personal_numbers

PASSWORD = "correct horse battery"
BASE_URL = "http://kiosk.test"
CSRF_PATTERN = re.compile(r'name="csrf_token" value="([A-Za-z0-9_-]{43})"')


@dataclass
class Hall:
    client: httpx2.AsyncClient
    services: Services
    clock: ManualClock
    client_at: Callable[[str], httpx2.AsyncClient]


@pytest.fixture
async def hall(settings: Settings, clock: ManualClock) -> AsyncIterator[Hall]:
    """The app with the mini catalog (departments GA, WJ, YB) and no staff account yet."""
    app = create_app(settings, clock)
    async with AsyncExitStack() as stack:
        state = await stack.enter_async_context(app.router.lifespan_context(app))
        assert state is not None
        services: Services = state["services"]
        await import_catalog(services.db, parse_catalog_text(mini_catalog_text()))
        await services.catalog.load()

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        clients: list[httpx2.AsyncClient] = []

        def client_at(address: str) -> httpx2.AsyncClient:
            transport = httpx2.ASGITransport(app=with_state, client=(address, 50000))
            hooks = {"response": [refuse_personal_numbers]}  # every staff page is scanned for whole numbers
            client = httpx2.AsyncClient(transport=transport, base_url=BASE_URL, event_hooks=hooks)
            clients.append(client)
            return client

        try:
            yield Hall(client_at("10.0.0.1"), services, clock, client_at)
        finally:
            for client in clients:
                await client.aclose()


@functools.cache
def _password_hash() -> str:
    return PasswordHasher().hash(PASSWORD)  # the app's parameters; made once for the whole run


async def make_account(
    hall: Hall, username: str, role: str, department: str | None = None, password: str = PASSWORD
) -> Account:
    departments = (await hall.services.catalog.current()).departments.keys()
    return await management.create_account(
        hall.services.db,
        NewAccount(username, f"{username} name", role, department, password),
        departments,
        Actor.system("test"),
        Where.system(),
        hall.clock.now(),
        password_hash=_password_hash() if password == PASSWORD else None,
    )


async def sign_in(client: httpx2.AsyncClient, username: str, password: str = PASSWORD) -> httpx2.Response:
    return await client.post("/staff/sign-in", data={"username": username, "password": password})


def csrf_of(response: httpx2.Response) -> str:
    match = CSRF_PATTERN.search(response.text)
    assert match is not None, "no anti-CSRF field in the page"
    return match.group(1)


async def enrolment_secret(hall: Hall) -> bytes:
    """The secret the open enrolment page shows (what the admin's phone would scan)."""
    row = await hall.services.db.fetch_one(
        "SELECT enrol_secret FROM staff_sessions WHERE ended_at IS NULL AND enrol_secret IS NOT NULL"
    )
    assert row is not None
    return totp.decode_secret(hall.services.vault.open(row["enrol_secret"], TOTP_COLUMN))


async def signed_in_admin(hall: Hall, client: httpx2.AsyncClient | None = None) -> tuple[httpx2.AsyncClient, bytes]:
    """An administrator account, enrolled and signed in; the client and the TOTP secret."""
    client = client or hall.client
    await make_account(hall, "boss", "admin")
    response = await sign_in(client, "boss")
    assert response.headers["location"] == "/staff/sign-in/totp"
    page = await client.get("/staff/sign-in/totp")
    secret = await enrolment_secret(hall)
    code = totp.totp(secret, hall.clock.now())
    response = await client.post("/staff/sign-in/totp", data={"code": code, "csrf_token": csrf_of(page)})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/staff/"
    return client, secret
