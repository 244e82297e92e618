"""Settings from the environment, documented in the README."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from shared.config import Settings, SettingsError
from shared.i18n import negotiate
from shared.secrets import load_or_create_secret

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_run_the_embedded_demo() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.demo) == ("127.0.0.1", 8000, True)
    assert settings.database_path == Path("data") / "onevisit.sqlite3"


def test_environment_overrides() -> None:
    settings = Settings.from_env(
        {"ONEVISIT_PORT": "9000", "ONEVISIT_DATA_DIR": "/srv/ov", "ONEVISIT_DEMO": "no", "ONEVISIT_HOST": "0.0.0.0"}
    )
    assert (settings.port, settings.data_dir, settings.demo, settings.host) == (9000, Path("/srv/ov"), False, "0.0.0.0")


@pytest.mark.parametrize(
    ("name", "value"),
    [("PORT", "http"), ("PORT", "70000"), ("DEMO", "maybe"), ("LOG_LEVEL", "LOUD"), ("DB_READERS", "0")],
)
def test_bad_values_are_refused_with_the_variable_name(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"ONEVISIT_{name}"):
        Settings.from_env({f"ONEVISIT_{name}": value})


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"`(ONEVISIT_[A-Z_]+)`", readme))
    expected = {f"ONEVISIT_{f.name.upper()}" for f in dataclasses.fields(Settings)}
    assert expected <= documented, expected - documented


def test_secret_is_generated_once_private_and_stable(tmp_path: Path) -> None:
    first = load_or_create_secret(tmp_path)
    assert len(first) >= 32
    assert load_or_create_secret(tmp_path) == first
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "zh"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("fr, en;q=0.5", "en"),
        ("en;q=0.2, zh;q=0.8", "zh"),
        ("en;q=0", "zh"),
        ("de", "zh"),
        ("en;q=bad", "zh"),
    ],
)
def test_language_negotiation(header: str | None, lang: str) -> None:
    assert negotiate(header) == lang
