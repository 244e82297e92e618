"""Static files with content-versioned URLs that browsers may keep for a year.

Pages link to `/static/js/kiosk.js?v=<hash of the file>`. When the `v` in the URL is the
current content's hash the answer is `immutable` for a year: a kiosk then loads its
scripts and styles from its own cache, and a deploy changes the URL. Any other request
(no `v`, or an old one) must revalidate, so a stale page never pins a stale file.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@functools.cache
def content_version(directory: Path, path: str) -> str:
    # Every page links a dozen static files: resolving the path (a syscall per component)
    # on each link cost more than rendering the link, so the answer is kept per process.
    return _file_version(os.path.realpath(directory / path))


@functools.cache
def _file_version(full_path: str) -> str:
    # Files under static/ change only with a deploy, so each is hashed once per process.
    try:
        with open(full_path, "rb") as file:
            digest = hashlib.sha256(file.read()).digest()
        # base64url rather than hex: a hex version could one day hold a digit run that reads
        # as a phone number on every page.
        return base64.urlsafe_b64encode(digest).decode()[:12]
    except OSError:
        return "missing"


class VersionedStaticFiles(StaticFiles):
    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory)
        self.root = directory

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        # The entity tag is the content's version, not Starlette's hex digest of the file's
        # modification time: the same file gets the same tag on every machine and after every
        # checkout, and a hex tag can hold a digit run that reads as a whole phone number.
        etag = f'"{_file_version(os.path.realpath(full_path))}"'
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result, headers={"ETag": etag})
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            query = scope.get("query_string", b"").decode("latin-1")
            wanted = dict(part.partition("=")[::2] for part in query.split("&") if part).get("v")
            current = content_version(self.root, path)
            response.headers["Cache-Control"] = IMMUTABLE if wanted == current else REVALIDATE
        return response
