"""What a running server holds: settings, the database and the catalog service.

`open_services` is the body of the application lifespan; it is also used by the CLI and
the benchmark, so everything that starts a OneVisit process starts it the same way.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources

from shared.applications.demo import seed_demo_wallets
from shared.auth.sms import SimulatedSmsGateway, SmsGateway
from shared.auth.tokens import KeyRing, TokenService
from shared.auth.wechat import SimulatedWeChat, WeChatPlatform
from shared.calendar.store import load_bundled as load_bundled_calendar
from shared.catalog import repository as catalog_repo
from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.catalog.snapshot import CatalogService
from shared.clock import Clock
from shared.config import Settings
from shared.db import Database
from shared.idempotency import IdempotencyKeys
from shared.kiosk.bridge import DeviceBridge, SimulatedDeviceBridge
from shared.kiosk.demo import seed_demo_kiosk
from shared.kiosk.devices import DeviceCache
from shared.kiosk.fleet import FleetMonitor
from shared.menus.demo import seed_demo_menus
from shared.menus.resolve import MenuCache
from shared.payments.provider import PaymentProvider, SimulatedProvider
from shared.privacy.logs import install_log_redaction
from shared.privacy.vault import PiiVault
from shared.secrets import load_or_create_secret
from shared.staff.demo import seed_demo_accounts

log = logging.getLogger("onevisit")


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    db: Database
    catalog: CatalogService
    secret_key: bytes
    clock: Clock
    vault: PiiVault
    # Phone sign-in: our access tokens, the WeChat exchange and the SMS gateway (simulated
    # until the hall's accounts with the platforms are configured).
    tokens: TokenService
    wechat: WeChatPlatform
    sms: SmsGateway
    # Kiosks: the bridge to their hardware (simulated until a hall's kiosk vendor service is
    # configured) and the short cache of verified device cookies.
    device_bridge: DeviceBridge
    kiosk_devices: DeviceCache
    # The kiosks' latest heartbeats, written down only when they say something new (shared.kiosk.fleet).
    fleet: FleetMonitor
    # Stored answers of keyed phone requests (Idempotency-Key), so a retry never changes twice.
    idempotency: IdempotencyKeys
    # 缴费: the payment provider (simulated until the hall's merchant account is configured).
    payments: PaymentProvider
    # Kiosk menus: which menu version each kiosk shows, from memory (shared/menus/resolve.py).
    menus: MenuCache


def demo_catalog_text() -> str:
    return resources.files("shared.catalog").joinpath("demo_catalog.json").read_text(encoding="utf-8")


async def load_demo_if_empty(db: Database) -> bool:
    """Import the shipped demo catalog into a database that has no catalog yet."""
    if await catalog_repo.read_revision(db) != 0:
        return False
    report = await import_catalog(db, parse_catalog_text(demo_catalog_text()))
    log.info("demo catalog loaded: %s", report.summary())
    return True


@asynccontextmanager
async def open_services(settings: Settings, clock: Clock | None = None) -> AsyncIterator[Services]:
    install_log_redaction()
    secret = load_or_create_secret(settings.data_dir)
    db = Database(settings.database_path, readers=settings.db_readers)
    await db.open()
    try:
        if settings.demo:
            await load_demo_if_empty(db)
        catalog = CatalogService(db, settings.catalog_refresh_seconds)
        await catalog.load()
        # The shipped years of holidays (国务院办公厅 notices), when the database lacks them.
        await load_bundled_calendar(db)
        clock = clock or Clock()  # one clock for every service that tells time
        if settings.demo:
            await seed_demo_accounts(db, (await catalog.current()).departments, clock.now())
            await seed_demo_kiosk(db, clock.now())
            await seed_demo_menus(db, await catalog.current(), clock.now())
            await seed_demo_wallets(db, PiiVault(secret), clock.now())
        idempotency = IdempotencyKeys(db)
        # Answers past their retention are of no use to a retry; forgetting them at start keeps the table small.
        await idempotency.prune(clock.now())
        yield Services(
            settings=settings,
            db=db,
            catalog=catalog,
            secret_key=secret,
            clock=clock or Clock(),
            vault=PiiVault(secret),
            tokens=TokenService(KeyRing.derived(secret), clock, settings.access_token_seconds),
            wechat=SimulatedWeChat(clock),
            sms=SimulatedSmsGateway(clock),
            device_bridge=SimulatedDeviceBridge(clock),
            kiosk_devices=DeviceCache(),
            fleet=FleetMonitor(),
            idempotency=idempotency,
            payments=SimulatedProvider(secret, clock),
            menus=MenuCache(),
        )
    finally:
        await db.close()
