"""Uploaded materials (申请材料): checked, cleaned, encrypted at rest and served only to those allowed.

The public surface; the modules behind it:

- `model`: `StoredFile` and the limits (types, sizes, pixels, files per material);
- `inspection` (with `sniffing`, `images`, `pdfs`): what an upload really is, and the
  cleaned bytes to store; `refusals`: `UploadRefused` (422, path `file`) and its codes;
- `storage`: encrypted files on disk; `repository`: the `application_files` table;
- `files`: store, list, read, delete (the rules of who and when).
"""

from shared.materials.files import (
    FileNotFound,
    FileUnavailable,
    MaterialsLocked,
    SharedFile,
    UnknownMaterial,
    delete,
    delete_all,
    file_store,
    files_for,
    files_query,
    get,
    read,
    store,
    sweep_orphans,
    visible_files,
)
from shared.materials.model import (
    ACCEPTED,
    MAX_FILE_BYTES,
    MAX_FILES_PER_MATERIAL,
    MAX_PDF_PAGES,
    MAX_PIXELS,
    StoredFile,
)
from shared.materials.refusals import UploadRefused

__all__ = [
    "ACCEPTED",
    "MAX_FILES_PER_MATERIAL",
    "MAX_FILE_BYTES",
    "MAX_PDF_PAGES",
    "MAX_PIXELS",
    "FileNotFound",
    "FileUnavailable",
    "MaterialsLocked",
    "SharedFile",
    "StoredFile",
    "UnknownMaterial",
    "UploadRefused",
    "delete",
    "delete_all",
    "file_store",
    "files_for",
    "files_query",
    "get",
    "read",
    "store",
    "sweep_orphans",
    "visible_files",
]
