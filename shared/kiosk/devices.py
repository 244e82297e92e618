"""All SQL about kiosk devices (自助一体机) and the device cookies of their browsers.

A device is registered with an id, a name and a group (where it stands in the hall) and
gets a random key, shown once and stored as its SHA-256 (256 random bits need no slow
hash; ASVS 6.4.2 is about passwords). A technician enrols the kiosk's browser once with
id and key; the browser then carries an opaque device cookie whose hash is stored in
`kiosk_device_credentials`. Retiring a device revokes every cookie it was given and ends
any citizen session open on it.

Every kiosk request asks which device it comes from, so `DeviceCache` keeps verified
cookies in memory for a few seconds: a retire in another process (the CLI) takes effect
within `ttl` seconds, one in this process at once (`forget_device`).
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.kiosk import sessions
from shared.privacy.vault import new_token, token_hash

DEVICE_ID = re.compile(r"[a-z][a-z0-9-]{0,62}")
GROUP = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
MAX_NAME_LENGTH = 100
# How often `last_seen_at` is written at most; it is a "still alive" mark, not a log.
LAST_SEEN_EVERY_SECONDS = 60.0
# Compared against when the device is unknown, so a wrong id takes as long as a wrong key.
_NO_KEY_HASH = token_hash("no such device")


@dataclass(frozen=True, slots=True)
class KioskDevice:
    id: str
    name: str
    group: str
    registered_at: str
    retired_at: str | None
    last_seen_at: str | None

    @property
    def active(self) -> bool:
        return self.retired_at is None


class DeviceError(Exception):
    """A device command that cannot be carried out (CLI and admin use)."""


def valid_device_id(value: str) -> bool:
    """Lower-case letters, digits and hyphens, up to 63 characters, starting with a letter
    (`lobby-01`): an id never looks like an ID or phone number typed by mistake."""
    return DEVICE_ID.fullmatch(value) is not None


def valid_group(value: str) -> bool:
    return GROUP.fullmatch(value) is not None


def _device(row: Row) -> KioskDevice:
    return KioskDevice(
        id=str(row["id"]),
        name=str(row["name"]),
        group=str(row["device_group"]),
        registered_at=str(row["registered_at"]),
        retired_at=row["retired_at"],
        last_seen_at=row["last_seen_at"],
    )


_SELECT = "SELECT id, name, device_group, registered_at, retired_at, last_seen_at FROM kiosk_devices"


async def get(db: Database | Transaction, device_id: str) -> KioskDevice | None:
    row = await db.fetch_one(f"{_SELECT} WHERE id = ?", (device_id,))
    return _device(row) if row is not None else None


async def list_all(db: Database | Transaction) -> list[KioskDevice]:
    return [_device(row) for row in await db.fetch_all(f"{_SELECT} ORDER BY id")]


async def register(tx: Transaction, device_id: str, name: str, group: str, now: float) -> str:
    """Register a device and return its key. The key is not stored; show it once."""
    name = " ".join(name.split())
    if not valid_device_id(device_id):
        raise DeviceError("device id: a lower-case letter, then letters, digits and '-', at most 63 characters")
    if not valid_group(group):
        raise DeviceError("group: lower-case letters, digits, '-' and '_', at most 32 characters")
    if not name or len(name) > MAX_NAME_LENGTH:
        raise DeviceError(f"name: 1 to {MAX_NAME_LENGTH} characters")
    if await get(tx, device_id) is not None:
        # Ids are never reused: the audit trail refers to them.
        raise DeviceError(f"device {device_id} is already registered")
    key = new_token()
    await tx.execute(
        "INSERT INTO kiosk_devices (id, name, device_group, key_hash, registered_at) VALUES (?, ?, ?, ?, ?)",
        (device_id, name, group, token_hash(key), iso(now)),
    )
    return key


async def verify_key(db: Database | Transaction, device_id: str, key: str) -> KioskDevice | None:
    """The active device when `key` is its key; None for an unknown, retired or wrong one."""
    row = await db.fetch_one(
        "SELECT id, name, device_group, registered_at, retired_at, last_seen_at, key_hash FROM kiosk_devices"
        " WHERE id = ?",
        (device_id,),
    )
    stored = bytes(row["key_hash"]) if row is not None else _NO_KEY_HASH
    matches = hmac.compare_digest(stored, token_hash(key))
    if row is None or not matches:
        return None
    device = _device(row)
    return device if device.active else None


async def issue_credential(tx: Transaction, device_id: str, now: float, *, revoke_others: bool) -> str:
    """A new device cookie value for an enrolled browser; only its hash is stored.

    A real kiosk has one browser, so enrolling it again revokes the cookies given before
    (`revoke_others`): a copied old cookie stops working.
    """
    if revoke_others:
        await tx.execute(
            "UPDATE kiosk_device_credentials SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
            (iso(now), device_id),
        )
    token = new_token()
    await tx.execute(
        "INSERT INTO kiosk_device_credentials (token_hash, device_id, issued_at) VALUES (?, ?, ?)",
        (token_hash(token), device_id, iso(now)),
    )
    return token


async def device_for_credential(db: Database | Transaction, token: str) -> KioskDevice | None:
    """The active device a device cookie belongs to, or None (unknown, revoked, retired)."""
    row = await db.fetch_one(
        "SELECT d.id, d.name, d.device_group, d.registered_at, d.retired_at, d.last_seen_at"
        " FROM kiosk_device_credentials c JOIN kiosk_devices d ON d.id = c.device_id"
        " WHERE c.token_hash = ? AND c.revoked_at IS NULL AND d.retired_at IS NULL",
        (token_hash(token),),
    )
    return _device(row) if row is not None else None


async def rename(tx: Transaction, device_id: str, name: str, group: str) -> bool:
    """A new name and group for an active device (checked by the caller); False when there
    is no such active device."""
    changed = await tx.execute(
        "UPDATE kiosk_devices SET name = ?, device_group = ? WHERE id = ? AND retired_at IS NULL",
        (name, group, device_id),
    )
    return bool(changed)


async def mark_seen(tx: Transaction, device_id: str, now: float) -> None:
    await tx.execute("UPDATE kiosk_devices SET last_seen_at = ? WHERE id = ?", (iso(now), device_id))


async def retire(tx: Transaction, device_id: str, now: float) -> bool:
    """Retire a device: its cookies are revoked and its open citizen session ends.

    Returns False when there is no such active device.
    """
    changed = await tx.execute(
        "UPDATE kiosk_devices SET retired_at = ? WHERE id = ? AND retired_at IS NULL", (iso(now), device_id)
    )
    if not changed:
        return False
    await tx.execute(
        "UPDATE kiosk_device_credentials SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
        (iso(now), device_id),
    )
    await sessions.end_all_on_device(tx, device_id, now, "device")
    return True


def _parse(value: str | None) -> float | None:
    return dt.datetime.fromisoformat(value).timestamp() if value else None


@dataclass(slots=True)
class _Entry:
    device: KioskDevice | None
    expires: float


class DeviceCache:
    """Device cookies verified in the last `ttl` seconds (by the services clock).

    Unknown cookies are remembered too, so a browser with a bad cookie does not cost a
    database read on every request. The size is bounded: when full it starts afresh.
    """

    def __init__(self, ttl: float = 5.0, max_entries: int = 4096) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[bytes, _Entry] = {}

    async def lookup(self, db: Database, token: str, now: float) -> KioskDevice | None:
        key = token_hash(token)
        entry = self._entries.get(key)
        if entry is not None and entry.expires > now:
            return entry.device
        device = await device_for_credential(db, token)
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = _Entry(device, now + self.ttl)
        if device is not None:
            seen = _parse(device.last_seen_at)
            if seen is None or now - seen >= LAST_SEEN_EVERY_SECONDS:
                async with db.transaction() as tx:
                    await mark_seen(tx, device.id, now)
        return device

    def forget_device(self, device_id: str) -> None:
        """Drop what is known of a device's cookies (after retiring it in this process)."""
        for key in [k for k, entry in self._entries.items() if entry.device and entry.device.id == device_id]:
            del self._entries[key]

    def clear(self) -> None:
        self._entries.clear()
