"""Reading an uploaded material file from the request, in memory and with a hard cap.

A phone sends a photo or scan either as the raw body with its `Content-Type`
(`image/jpeg`, `image/png`, `application/pdf`), which `wx.request` does, or as
`multipart/form-data` with one part named `file`, which `wx.uploadFile` does.

Limits (ASVS 5.2.1): a `Content-Length` above the cap is refused with 413 before one byte
is read; a body without it is read chunk by chunk and refused as soon as it crosses the
cap. The application-wide body limit is 1 MiB, so `body_limit` lets the upload route
alone through the middleware with room for the file and the multipart framing.

Nothing is spooled to disk: a temporary file would hold an ID card photo unencrypted.
The bytes go to `shared.materials`, which checks them against the claimed type,
re-encodes images and stores them encrypted. The client's file name is passed along only
for the extension check; it is never stored or echoed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request
from starlette.types import Scope

from shared.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from shared.i18n import Text
from shared.materials.model import ACCEPTED, MAX_FILE_BYTES

# Multipart framing around the one file: boundaries and part headers (a few hundred bytes
# in practice; python-multipart caps the part headers at 8 of 4 KiB each).
MULTIPART_SLACK = 64 * 1024
UPLOAD_PATH = re.compile(r"/api/v1/applications/[^/]+/materials/[^/]+/files")

FILE_PART = "file"
NOT_A_FILE = Text(
    "请上传 JPEG、PNG 图片或 PDF 文件（直接提交文件内容，或以 multipart/form-data 的 file 字段提交）。",
    "Send a JPEG, PNG or PDF file: as the body with its Content-Type, or as the part 'file' of multipart/form-data.",
)
BAD_MULTIPART = Text(
    "上传内容格式不正确：需要且只需要一个名为 file 的文件。",
    "The multipart body is not valid: it must hold exactly one part, named 'file'.",
)
TOO_LARGE = Text(
    "文件太大，每个文件不超过 {mb} MB。", "The file is too large; each file may be at most {mb} MB."
).format(mb=MAX_FILE_BYTES // (1024 * 1024))


@dataclass(frozen=True, slots=True)
class Upload:
    data: bytes
    content_type: str  # as claimed by the client, lower case, without parameters
    filename: str | None  # the client's name, for the extension check only


def upload_body_limit(scope: Scope) -> int | None:
    """The body limit of an upload request (for BodyLimitMiddleware), None for any other."""
    if scope.get("method") == "POST" and UPLOAD_PATH.fullmatch(scope.get("path", "")):
        return MAX_FILE_BYTES + MULTIPART_SLACK
    return None


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


async def _read_capped(request: Request, cap: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and length.strip().isdigit() and int(length) > cap:
        raise PayloadTooLarge(TOO_LARGE)
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > cap:
            raise PayloadTooLarge(TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


class _OnePart:
    """Collects the parts of a multipart body in memory; the caller insists on one `file`."""

    def __init__(self) -> None:
        self.parts: list[tuple[dict[str, str], bytearray]] = []
        self._field = bytearray()
        self._value = bytearray()
        self._headers: dict[str, str] = {}

    def on_part_begin(self) -> None:
        self._headers = {}
        self.parts.append((self._headers, bytearray()))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        body = self.parts[-1][1]
        body += data[start:end]
        if len(body) > MAX_FILE_BYTES:
            raise PayloadTooLarge(TOO_LARGE)

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = self._value.decode("latin-1")
        self._field.clear()
        self._value.clear()


def _parse_multipart(body: bytes, content_type: str) -> Upload:
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise BadRequest(BAD_MULTIPART)
    collector = _OnePart()
    try:
        parser = MultipartParser(
            boundary,
            {
                "on_part_begin": collector.on_part_begin,
                "on_part_data": collector.on_part_data,
                "on_header_field": collector.on_header_field,
                "on_header_value": collector.on_header_value,
                "on_header_end": collector.on_header_end,
            },
        )
        parser.write(body)
        parser.finalize()
    except MultipartParseError:
        raise BadRequest(BAD_MULTIPART) from None
    if len(collector.parts) != 1:
        raise BadRequest(BAD_MULTIPART)
    headers, data = collector.parts[0]
    _, disposition = parse_options_header(headers.get("content-disposition"))
    if disposition.get(b"name") != FILE_PART.encode():
        raise BadRequest(BAD_MULTIPART)
    raw_name = disposition.get(b"filename")
    filename = raw_name.decode("utf-8", "replace") if raw_name else None
    return Upload(bytes(data), _media_type(headers.get("content-type")), filename)


async def read_upload(request: Request) -> Upload:
    """The file of an upload request, or 400/413/415 saying what is wrong."""
    content_type = request.headers.get("content-type", "")
    media_type = _media_type(content_type)
    if media_type == "multipart/form-data":
        body = await _read_capped(request, MAX_FILE_BYTES + MULTIPART_SLACK)
        return _parse_multipart(body, content_type)
    if media_type not in ACCEPTED:
        raise UnsupportedMediaType(NOT_A_FILE)
    return Upload(await _read_capped(request, MAX_FILE_BYTES), media_type, None)
