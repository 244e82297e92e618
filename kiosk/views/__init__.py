"""Request handlers of the kiosk, one module per screen family. Handlers fetch; templates format."""

from __future__ import annotations

from starlette.requests import Request

from shared.catalog.snapshot import CatalogSnapshot
from shared.services import Services


async def current_catalog(request: Request) -> CatalogSnapshot:
    services: Services = request.state.services
    return await services.catalog.current()
