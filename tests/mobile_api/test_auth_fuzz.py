"""The signed-in part of the API fuzzed with a real token: no 500s, answers match the document.

`test_openapi.py` fuzzes every operation without credentials (so the account endpoints only
ever answer 401 there). Here a demo-mode app signs a citizen in through the API itself
(`/demo/wechat-code`, then `/auth/wechat-login`) and the fuzzer sends that token.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from onevisit import create_app
from shared.config import Settings

_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="onevisit-auth-fuzz-"))
_APP = create_app(Settings(data_dir=_FUZZ_DIR, demo=True))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _APP).include(
    # Logout is left out: it would end the session the other operations are fuzzed with.
    path_regex=r"^/api/v1/me"
)


@schema.auth()
class CitizenToken:
    """Signs a fresh citizen in through the API, once per refresh of the provider."""

    def get(self, case: schemathesis.Case, context: Any) -> str:
        code = schema["/api/v1/demo/wechat-code"]["POST"].Case(body={}, headers={}).call()
        assert code.status_code == 200, code.text
        login = schema["/api/v1/auth/wechat-login"]["POST"].Case(body={"code": code.json()["code"]}).call()
        assert login.status_code == 200, login.text
        token: str = login.json()["access_token"]
        return token

    def set(self, case: schemathesis.Case, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@hypothesis_settings(
    max_examples=int(os.environ.get("ONEVISIT_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_signed_in_api_honours_its_document(case: schemathesis.Case) -> None:
    # Schema-valid bodies are still refused when the content is wrong (a made-up ID number or
    # SMS code is 422), which the positive-data check would count as a failure.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
