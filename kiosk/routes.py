"""The kiosk's routes, mounted at "/" by the composition root (onevisit.create_app)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route

from kiosk.staff.routes import routes as staff_routes
from kiosk.views import catalog, home, language, search


def routes() -> list[BaseRoute]:
    return [
        Route("/", home.home, methods=["GET"], name="home"),
        Route("/search", search.search, methods=["GET"], name="search"),
        Route("/categories/{code}", catalog.category, methods=["GET"], name="category"),
        Route("/items/{code}", catalog.item, methods=["GET"], name="item"),
        Route("/bundles/{code}", catalog.bundle, methods=["GET"], name="bundle"),
        Route("/lang", language.set_language, methods=["POST"], name="set_language"),
        # Hall staff pages (sign-in, accounts, audit trail): see kiosk/staff.
        Mount("/staff", routes=staff_routes()),
    ]
