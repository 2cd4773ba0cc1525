"""Writing an edition's files all-or-nothing.

Each file goes to a temporary file in its target folder and is moved into
place with os.replace only after every file of the edition was written, so a
failure never leaves a half file and never destroys the previous edition.
"""
from __future__ import annotations

import os
import tempfile


def write_files(files: dict[str, bytes]) -> list[str]:
    """Write {path: content}; all appear, or none is touched."""
    staged: list[tuple[str, str]] = []
    try:
        for path, content in files.items():
            folder = os.path.dirname(os.path.abspath(path))
            os.makedirs(folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".reportgen-", suffix=".part", dir=folder)
            staged.append((temporary, path))
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
