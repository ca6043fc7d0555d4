"""Where the commands write: the folder must exist, and a file appears whole or not at all.

A command that writes a file (``--out FILE``) or a folder of files (``--out DIR``)
checks first, before any work, that the folder it writes into exists: a mistyped
path is an error naming that folder, never a new tree of folders. A file is written
to a temporary name beside it and renamed into place only once it is complete, so a
failure leaves nothing half-written.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from boundline.errors import UserInputError


def require_folder(path: Path, option: str = "--out") -> Path:
    """``path`` if the folder it is in exists; else a UserInputError naming that folder."""
    folder = path.parent
    if folder.is_dir():
        return path
    raise UserInputError(
        f"{option} {path}: the folder {folder} does not exist. Make it first, or write "
        "somewhere else; nothing was written."
    )


@contextmanager
def output_file(path: Path, option: str = "--out") -> Iterator[Path]:
    """A temporary path beside ``path`` to write to, renamed onto ``path`` at the end.

    A UserInputError names the folder when it does not exist, or the file when it
    cannot be written; either way nothing is left behind (on error the temporary
    file is removed and ``path`` is untouched).
    """
    require_folder(path, option)
    temporary = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.part{path.suffix}")
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as exc:
        raise UserInputError(
            f"{option} {path}: cannot write it ({exc.strerror or exc}); nothing was written."
        ) from None
    finally:
        temporary.unlink(missing_ok=True)


def write_output(path: Path, content: bytes | str, option: str = "--out") -> None:
    """Write ``content`` (text is UTF-8) to ``path`` whole, or not at all."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with output_file(path, option) as temporary:
        temporary.write_bytes(data)
