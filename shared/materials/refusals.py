"""Why an upload is refused: one error class, one stable code per reason, zh-CN and English.

Every refusal is a 422 with one problem at the path `file`; the message says what to do
next and never repeats the client's file name (it may hold a name or an ID number).
"""

from __future__ import annotations

from typing import Literal

from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text

RefusalCode = Literal[
    "too_large",
    "empty",
    "type_not_allowed",
    "type_mismatch",
    "image_too_large",
    "unreadable",
    "pdf_active_content",
    "pdf_encrypted",
    "too_many_pages",
    "too_many_files",
]

UPLOAD_HINT_ZH = "请上传 JPG、PNG 照片或 PDF 文件"
UPLOAD_HINT_EN = "upload a JPG or PNG photo or a PDF file"

MESSAGES: dict[str, Text] = {
    "too_large": Text(
        "文件太大，单个文件不能超过 {mb} MB。",
        "The file is too large; each file may be at most {mb} MB.",
    ),
    "empty": Text("文件是空的，请重新选择。", "The file is empty; please choose it again."),
    "type_not_allowed": Text(
        f"不支持这种文件类型，{UPLOAD_HINT_ZH}。", f"This kind of file is not accepted; {UPLOAD_HINT_EN}."
    ),
    "type_mismatch": Text(
        f"文件内容与文件类型或扩展名不符，{UPLOAD_HINT_ZH}。",
        f"The file's content does not match its type or extension; {UPLOAD_HINT_EN}.",
    ),
    "executable": Text(
        f"这个文件是程序、脚本或压缩包，不能作为材料上传，{UPLOAD_HINT_ZH}。",
        f"This file is a program, a script or an archive and cannot be uploaded as a material; {UPLOAD_HINT_EN}.",
    ),
    "image_too_large": Text(
        "图片像素过多（超过 {mp} 百万像素），请缩小后再上传。",
        "The image has too many pixels (over {mp} megapixels); please make it smaller and upload it again.",
    ),
    "unreadable": Text(
        "文件已损坏或无法读取，请重新拍摄或导出后上传。",
        "The file is damaged or cannot be read; take the photo or export the file again.",
    ),
    "pdf_active_content": Text(
        "PDF 含有脚本、自动操作或嵌入文件，出于安全原因不能接收，请另存为普通 PDF 或上传照片。",
        "The PDF holds scripts, automatic actions or embedded files and cannot be accepted for safety;"
        " save it as a plain PDF or upload a photo.",
    ),
    "pdf_encrypted": Text(
        "PDF 已加密或设有密码，请去掉密码后再上传。",
        "The PDF is encrypted or password-protected; remove the password and upload it again.",
    ),
    "too_many_pages": Text(
        "PDF 页数过多，最多 {pages} 页。",
        "The PDF has too many pages; at most {pages} are accepted.",
    ),
    "too_many_files": Text(
        "这项材料最多上传 {n} 个文件，请先删除不需要的文件。",
        "At most {n} files can be uploaded for this material; delete one you no longer need first.",
    ),
}


class UploadRefused(ValidationFailed):
    """422: the upload was not stored. `reason` is the stable code (also the problem's code)."""

    code = "upload_refused"

    def __init__(self, reason: RefusalCode, message: Text) -> None:
        super().__init__(message, problems=[FieldProblem("file", reason, message)])
        self.reason = reason


def refuse(reason: RefusalCode, *, message_key: str | None = None, **params: object) -> UploadRefused:
    """The refusal for `reason` (with the message of `message_key` when it says more)."""
    text = MESSAGES[message_key or reason]
    return UploadRefused(reason, text.format(**params) if params else text)
