"""GET /staff/trips — declared trips (最多跑动次数, from the catalog) against measured ones
(window visits and hall kiosk sessions recorded per application), per item.

For supervisors (电子监察) and hall administrators: it is how "run at most once" (最多跑一次)
is checked against what citizens actually had to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.guard import require_staff
from kiosk.staff.templating import render_staff
from shared.applications import trips
from shared.i18n import Text
from shared.services import Services
from shared.staff.roles import Role


@dataclass(frozen=True, slots=True)
class TripRow:
    item_code: str
    item_name: Text
    declared: int | None
    applications: int
    average: float
    most: int

    @property
    def over_promise(self) -> bool:
        return self.declared is not None and self.most > self.declared


async def trips_per_item(request: Request) -> Response:
    await require_staff(request, Role.SUPERVISOR, Role.ADMIN)
    services: Services = request.state.services
    snapshot = await services.catalog.current()
    rows = []
    for measured in await trips.by_item(services.db, snapshot):
        item = snapshot.item(measured.item_code)
        rows.append(
            TripRow(
                measured.item_code,
                item.name if item is not None else Text(measured.item_code),
                measured.declared,
                measured.applications,
                measured.average,
                measured.max,
            )
        )
    rows.sort(key=lambda row: (not row.over_promise, -row.average, row.item_code))
    return render_staff(request, "applications/trips.html", {"rows": rows})
