"""Writing an edition's files all-or-nothing.

Each file goes to a temporary file in its target folder and is moved into
place with os.replace only after every file of the edition was written, so a
failure never leaves a half file and never destroys the previous edition.
"""
from __future__ import annotations

import os
import tempfile

from .findings import Finding, ReportgenError, Severity
from .model import Location


def _file_mode() -> int:
    """The mode a plainly created file gets (mkstemp would leave it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_files(files: dict[str, bytes]) -> list[str]:
    """Write {path: content}; all appear, or none is touched."""
    staged: list[tuple[str, str]] = []
    mode = _file_mode()
    try:
        for path, content in files.items():
            folder = os.path.dirname(os.path.abspath(path))
            try:
                os.makedirs(folder, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                raise ReportgenError(Finding(
                    Severity.ERROR, Location(folder), "出力先がフォルダではなくファイルです", "-o",
                    "the output folder is an existing file, not a folder")) from None
            handle, temporary = tempfile.mkstemp(prefix=".reportgen-", suffix=".part", dir=folder)
            staged.append((temporary, path))
            os.chmod(temporary, mode)
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
        raise
    return [path for _, path in staged]
