"""Kiosk routes. Placeholder until the kiosk pages land."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    return []
