"""The API documents itself: every route is in the OpenAPI document, and a fuzzer checks
that the API honours it (no 500s, responses match their schemas)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import httpx2
import schemathesis
from hypothesis import HealthCheck, settings as hypothesis_settings
from starlette.routing import Mount, Route

from mobile_api.openapi import DOCUMENT
from mobile_api.routes import routes
from onevisit import create_app, main
from shared.config import Settings
from tests.conftest import FIXTURES


def api_paths() -> set[tuple[str, str]]:
    found = set()
    for route in routes():
        assert isinstance(route, Route)
        for method in route.methods or ():
            if method != "HEAD":
                found.add(("/api/v1" + route.path, method.lower()))
    return found


def test_every_api_route_is_documented() -> None:
    documented = {(path, method) for path, ops in DOCUMENT["paths"].items() for method in ops}
    assert api_paths() == documented


def test_the_app_mounts_the_documented_api(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, demo=False))
    mounts = [r for r in app.routes if isinstance(r, Mount) and r.path == "/api/v1"]
    assert len(mounts) == 1


async def test_the_document_is_served(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"] == "3.1.0"
    assert response.json() == DOCUMENT


# Schemathesis runs the app (and its lifespan) in its own event-loop thread, so the data
# directory is prepared synchronously, before the schema is loaded.
_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="onevisit-fuzz-"))
main(["catalog", "import", str(FIXTURES / "mini_catalog.json"), "--data-dir", str(_FUZZ_DIR)])
_FUZZ_APP = create_app(Settings(data_dir=_FUZZ_DIR, demo=False))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _FUZZ_APP)
# Material uploads take PDF bodies; schemathesis has no sample for that type, so send
# bytes as it does for images (the server checks the content, not the fuzzer).
schemathesis.serializer.alias("application/pdf", "application/octet-stream")


@schema.parametrize()
@hypothesis_settings(
    max_examples=int(os.environ.get("ONEVISIT_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_honours_its_document(case: schemathesis.Case) -> None:
    case.call_and_validate()
