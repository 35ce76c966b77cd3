"""Saving an upload straight to disk in chunks, within ``settings.MAX_UPLOAD_BYTES``.

Django keeps uploads under ``FILE_UPLOAD_MAX_MEMORY_SIZE`` in memory and larger ones in a
temporary file that is then copied. A multi-gigabyte Apple Health export should do neither:
:class:`DiskUploadHandler` writes each chunk as it arrives to
``MEDIA_ROOT/uploads/<user id>/<random>/<file name>`` and stops as soon as the limit is passed.
The file keeps its own name because some formats are recognised by it (Elite HRV readings are
named ``YYYY-MM-DD HH-MM-SS.txt``, Fitbit files ``sleep-….json``).
"""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def safe_name(name: str) -> str:
    """A single, harmless path component that keeps spaces and dashes (see module docstring)."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = _UNSAFE.sub("_", base).strip().lstrip(".")
    if not base:
        base = "upload"
    if len(base) > 120:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 110] + dot + ext[:9]) if dot else base[:120]
    return base


def user_upload_root(user_pk: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads" / str(int(user_pk))


def new_upload_dir(user_pk: int) -> Path:
    folder = user_upload_root(user_pk) / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=False)
    return folder


def remove_upload(path: str | Path) -> None:
    """Delete an upload and its private folder (never anything outside the uploads root)."""
    if not path:
        return
    p = Path(path)
    root = (Path(settings.MEDIA_ROOT) / "uploads").resolve()
    folder = p.parent.resolve()
    if root not in folder.parents:
        return
    shutil.rmtree(folder, ignore_errors=True)


class SavedUpload(UploadedFile):
    """An upload already on disk at ``saved_path`` (closed; nothing held in memory)."""

    def __init__(self, saved_path: Path, name: str, size: int, content_type: str | None, charset: str | None):
        super().__init__(file=None, name=name, content_type=content_type, size=size, charset=charset)
        self.saved_path = saved_path

    def close(self) -> None:  # nothing open
        return None


class DiskUploadHandler(FileUploadHandler):
    """Write the field ``file_field`` to a new folder of the user's upload root, chunk by chunk."""

    chunk_size = 1024 * 1024

    def __init__(self, request, user_pk: int, file_field: str = "file", limit: int | None = None):
        super().__init__(request)
        self.user_pk = user_pk
        self.file_field = file_field
        self.limit = settings.MAX_UPLOAD_BYTES if limit is None else limit
        self.too_big = False
        self.path: Path | None = None
        self._fh = None
        self._size = 0
        self._active = False

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self._active = field_name == self.file_field and self.path is None
        if not self._active:
            return
        self.path = new_upload_dir(self.user_pk) / safe_name(file_name)
        self._fh = self.path.open("wb")
        self._size = 0

    def receive_data_chunk(self, raw_data, start):
        if not self._active:
            return None  # other file fields are dropped, never kept in memory
        self._size += len(raw_data)
        if self._size > self.limit:
            self.too_big = True
            self._abort()
            raise StopUpload(connection_reset=False)
        self._fh.write(raw_data)
        return None

    def file_complete(self, file_size):
        if not self._active:
            return None
        self._active = False
        self._fh.close()
        self._fh = None
        return SavedUpload(self.path, self.file_name, self._size, self.content_type, self.charset)

    def upload_interrupted(self):
        self._abort()

    def _abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self.path is not None:
            remove_upload(self.path)
            self.path = None
        self._active = False
