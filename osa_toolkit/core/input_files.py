"""Reading a small input file (a profile, a weightings file) without trusting what the path is.

A FIFO named ``x.yaml`` would block the reader forever, ``/dev/zero`` behind a symbolic link would
fill memory, and a 50 MB YAML file takes minutes and gigabytes to parse. So before reading, the path
must be a regular file (after following links) of at most :data:`MAX_INPUT_BYTES`; it is opened
without blocking, checked again on the open file (so nothing can be swapped in between), and read
up to that size. Anything else is refused with one sentence naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from osa_toolkit.core.errors import OsaToolkitError, shown

MAX_INPUT_BYTES = 1024 * 1024
"""The largest profile or weightings file read (1 MiB; a real profile is a few kilobytes)."""


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_reason(err: OSError) -> str:
    if err.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    if err.errno == errno.ELOOP:
        return "it is a loop of symbolic links"
    return err.strerror or type(err).__name__


def path_exists(path: Path) -> bool:
    """``path.exists()``, but False (not an exception) for a name too long or otherwise unusable."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def read_input_bytes(
    path: str | os.PathLike[str],
    error: type[OsaToolkitError],
    name: str | None = None,
    what: str = "file",
    limit: int = MAX_INPUT_BYTES,
) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; otherwise raise
    ``error`` with one sentence starting with ``name`` (the file's name by default)."""
    path = Path(path)
    label = _label(path, name)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(f"{label}: the {what} {shown(str(path))} does not exist.") from None
    except (OSError, ValueError) as err:
        reason = _os_reason(err) if isinstance(err, OSError) else "the name holds a NUL character"
        raise error(f"{label}: the {what} cannot be read ({reason}).") from None
    label = f"{label}: the {what} {shown(str(path), 120)}"
    _check_info(info, label, limit, error)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise error(f"{label} cannot be read ({_os_reason(err)}).") from None
    try:
        _check_info(os.fstat(fd), label, limit, error)  # the file that was opened
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as err:
        raise error(f"{label} cannot be read ({_os_reason(err)}).") from None
    finally:
        os.close(fd)
    if size > limit:  # it grew while being read
        raise error(_too_big(label, size, limit))
    return b"".join(chunks)


def read_input_text(
    path: str | os.PathLike[str],
    error: type[OsaToolkitError],
    name: str | None = None,
    what: str = "file",
    limit: int = MAX_INPUT_BYTES,
) -> str:
    """:func:`read_input_bytes` decoded as UTF-8 (a byte that is not UTF-8 is named in one sentence)."""
    data = read_input_bytes(path, error, name, what, limit)
    label = _label(Path(path), name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise error(
            f"{label}: the {what} is not UTF-8 text (byte {err.start + 1}, on line {line}, cannot "
            "be read); save it as UTF-8."
        ) from None


def _label(path: Path, name: str | None) -> str:
    """How a message names the file: ``name``, else the file's name (at most 80 characters)."""
    if name is not None:
        return name
    return path.name if len(path.name) <= 80 else path.name[:80] + "…"


def _check_info(info: os.stat_result, label: str, limit: int, error: type[OsaToolkitError]) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise error(
            f"{label} is {_describe(info.st_mode)}, not a regular file, so it was not read; give "
            "a file saved on disk."
        )
    if info.st_size > limit:
        raise error(_too_big(label, info.st_size, limit))


def _too_big(label: str, size: int, limit: int) -> str:
    return (
        f"{label} is {_size(size)}, larger than the {_size(limit)} this tool reads, so it was not "
        "read; a profile or weightings file is a few kilobytes."
    )


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB".replace(".0 MiB", " MiB")
    if n >= 1024:
        return f"{n // 1024} KiB"
    return f"{n} bytes"
