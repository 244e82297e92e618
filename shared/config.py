"""Settings, read once from the environment with defaults that run the embedded demo.

Every setting is documented in the README (a test checks that), and nothing here reads
the environment at import time: `Settings.from_env()` is called by the composition root.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
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


def _int_setting(get: Callable[[str], str | None], name: str, default: int, minimum: int, maximum: int) -> int:
    raw = get(name)
    return default if raw is None else _parse_int(ENV_PREFIX + name, raw, minimum, maximum)


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
    # Tell clients the server's own time per answer (a `Server-Timing` header): for the
    # journey benchmark and for profiling; off by default, since exact server times make
    # timing attacks (e.g. on sign-in) easier than the network's jitter allows.
    server_timing: bool = False
    # A kiosk forgets its citizen after this many seconds without a touch; the page shows a
    # countdown for the last `kiosk_idle_warning_seconds` of them.
    kiosk_idle_seconds: int = 90
    kiosk_idle_warning_seconds: int = 20
    # However busy, one citizen's kiosk session ends after this long (ASVS 7.3.2).
    kiosk_session_max_seconds: int = 900
    # Phone API: lifetime of an access token, and of a refresh token family left unused.
    access_token_seconds: int = 600
    refresh_token_days: int = 30
    # Staff pages sign out after this many idle seconds (shared hall PCs, MLPS level 3).
    staff_idle_seconds: int = 900
    # Where phones reach this server ("https://zwfw.example.gov.cn"): the receipt's QR code opens
    # <public_url>/follow/<token>. Empty: the address the kiosk itself used.
    public_url: str = ""
    # 承诺时限: an application turns yellow once this share of its promised working days is used;
    # the watch job raises warnings, overdue and deemed approvals every this many seconds (0: off).
    warn_share: float = 0.75
    watch_seconds: int = 60

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
        server_timing = (
            defaults.server_timing
            if (raw := get("SERVER_TIMING")) is None
            else _parse_bool("ONEVISIT_SERVER_TIMING", raw)
        )
        log_level = (get("LOG_LEVEL") or defaults.log_level).upper()
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(f"ONEVISIT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {log_level!r}")
        kiosk_idle = _int_setting(get, "KIOSK_IDLE_SECONDS", defaults.kiosk_idle_seconds, 30, 3600)
        kiosk_warning = _int_setting(
            get, "KIOSK_IDLE_WARNING_SECONDS", defaults.kiosk_idle_warning_seconds, 5, kiosk_idle - 5
        )
        kiosk_max = _int_setting(
            get, "KIOSK_SESSION_MAX_SECONDS", defaults.kiosk_session_max_seconds, kiosk_idle, 14400
        )
        access = _int_setting(get, "ACCESS_TOKEN_SECONDS", defaults.access_token_seconds, 60, 3600)
        refresh_days = _int_setting(get, "REFRESH_TOKEN_DAYS", defaults.refresh_token_days, 1, 365)
        staff_idle = _int_setting(get, "STAFF_IDLE_SECONDS", defaults.staff_idle_seconds, 60, 28800)
        public_url = (get("PUBLIC_URL") or defaults.public_url).rstrip("/")
        if public_url and not public_url.startswith(("https://", "http://")):
            raise SettingsError(f"ONEVISIT_PUBLIC_URL must start with https:// or http://, got {public_url!r}")
        warn_share = (
            defaults.warn_share
            if (raw := get("WARN_SHARE")) is None
            else _parse_float("ONEVISIT_WARN_SHARE", raw, 0.05, 0.99)
        )
        watch_seconds = _int_setting(get, "WATCH_SECONDS", defaults.watch_seconds, 0, 86400)
        return cls(
            host=host,
            port=port,
            data_dir=data_dir,
            demo=demo,
            max_body_bytes=max_body,
            catalog_refresh_seconds=refresh,
            db_readers=readers,
            https=https,
            server_timing=server_timing,
            log_level=log_level,
            kiosk_idle_seconds=kiosk_idle,
            kiosk_idle_warning_seconds=kiosk_warning,
            kiosk_session_max_seconds=kiosk_max,
            access_token_seconds=access,
            refresh_token_days=refresh_days,
            staff_idle_seconds=staff_idle,
            public_url=public_url,
            warn_share=warn_share,
            watch_seconds=watch_seconds,
        )
