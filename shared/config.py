"""Settings, read once from the environment with defaults that run the embedded demo.

Every setting is documented in the README (a test checks that), and nothing here reads
the environment at import time: `Settings.from_env()` is called by the composition root.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ENV_PREFIX = "ONEVISIT_"


class SettingsError(ValueError):
    """A setting in the environment has a value we cannot use."""


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _parse_int(name: str, raw: str, minimum: int, maximum: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise SettingsError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def _parse_float(name: str, raw: str, minimum: float, maximum: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise SettingsError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the server needs to start. Field names map to `ONEVISIT_<NAME>` variables."""

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = field(default_factory=lambda: Path("data"))
    # Load the shipped demo catalog into an empty database at start.
    demo: bool = True
    # Largest request body accepted, in bytes; larger ones get 413 before the handler reads them.
    max_body_bytes: int = 1_048_576
    # How stale the in-memory catalog snapshot may be before it asks the database again.
    # Every process rebuilds from the database, so several workers never disagree for longer.
    catalog_refresh_seconds: float = 1.0
    # Number of read-only SQLite connections beside the single writer.
    db_readers: int = 2
    # Sent as `Secure` cookies and HSTS when the hall serves over HTTPS.
    https: bool = False
    log_level: str = "INFO"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "onevisit.sqlite3"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(ENV_PREFIX + name)
            return value if value not in (None, "") else None

        defaults = cls()
        host = get("HOST") or defaults.host
        port = defaults.port if (raw := get("PORT")) is None else _parse_int("ONEVISIT_PORT", raw, 1, 65535)
        data_dir = Path(raw) if (raw := get("DATA_DIR")) is not None else defaults.data_dir
        demo = defaults.demo if (raw := get("DEMO")) is None else _parse_bool("ONEVISIT_DEMO", raw)
        max_body = (
            defaults.max_body_bytes
            if (raw := get("MAX_BODY_BYTES")) is None
            else _parse_int("ONEVISIT_MAX_BODY_BYTES", raw, 1024, 1 << 30)
        )
        refresh = (
            defaults.catalog_refresh_seconds
            if (raw := get("CATALOG_REFRESH_SECONDS")) is None
            else _parse_float("ONEVISIT_CATALOG_REFRESH_SECONDS", raw, 0.0, 3600.0)
        )
        readers = (
            defaults.db_readers if (raw := get("DB_READERS")) is None else _parse_int("ONEVISIT_DB_READERS", raw, 1, 16)
        )
        https = defaults.https if (raw := get("HTTPS")) is None else _parse_bool("ONEVISIT_HTTPS", raw)
        log_level = (get("LOG_LEVEL") or defaults.log_level).upper()
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(f"ONEVISIT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {log_level!r}")
        return cls(
            host=host,
            port=port,
            data_dir=data_dir,
            demo=demo,
            max_body_bytes=max_body,
            catalog_refresh_seconds=refresh,
            db_readers=readers,
            https=https,
            log_level=log_level,
        )
