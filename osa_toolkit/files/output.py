"""Writing an output file safely: only over a regular file or at a new path, atomically, keeping
the existing file's permissions, never through a symbolic link.

Used by every export the command line and the app write (``report -o``, ``assess-all --csv``). The
file is written to a temporary file in the same folder, flushed to disk, and renamed over the target
in one step, so a full disk or a killed process leaves any earlier file as it was. A device, a pipe,
a socket, a folder or a symbolic link at the target is refused with one sentence and left alone
(run as root, replacing ``/dev/null`` with a regular file would break the system). An existing file
keeps its mode (a 0600 file stays 0600); a new file gets the usual mode (0666 less the umask).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from osa_toolkit.core.errors import OsaToolkitError, ReportError, shown

STDOUT = "-"
"""The output path that means standard output."""


def _reason(err: OSError | ValueError) -> str:
    if isinstance(err, ValueError):  # a NUL byte in the path
        return "the name holds a NUL character"
    if err.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    return err.strerror or type(err).__name__


def check_target(
    path: str | os.PathLike[str],
    what: str = "The report",
    error: type[OsaToolkitError] = ReportError,
) -> tuple[Path, int | None]:
    """``(path, mode to keep or None for a new file)``; refuse a target that is not a regular file
    or a new path in an existing folder."""
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as err:
        raise error(f"{what} path {shown(str(path))} cannot be used ({_reason(err)}).") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise error(
                f"{what} path {shown(str(path))} is a symbolic link; give the file it points to, "
                "or a new file name (nothing is written through a link)."
            )
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{what} path {shown(str(path))} is a folder; give a file name.")
        if not stat.S_ISREG(info.st_mode):
            raise error(
                f"{what} path {shown(str(path))} is not a regular file (it is a device, pipe or "
                f"socket); choose a file name (or - for standard output)."
            )
        return target, stat.S_IMODE(info.st_mode)
    folder = target.parent
    try:
        folder_ok = folder.is_dir()
    except (OSError, ValueError) as err:
        raise error(f"{what} path {shown(str(path))} cannot be used ({_reason(err)}).") from None
    if not folder_ok:
        raise error(
            f"{what} {shown(target.name)} could not be written because its folder "
            f"{shown(str(folder))} does not exist; create it first or choose another path."
        )
    return target, None


def new_file_mode() -> int:
    """The mode a new file gets: 0666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(
    path: str | os.PathLike[str],
    data: bytes | Callable[[], bytes],
    what: str = "The report",
    error: type[OsaToolkitError] = ReportError,
) -> Path:
    """Write ``data`` (or what ``data()`` returns, made after the path was checked) to ``path``."""
    target, mode = check_target(path, what, error)
    if callable(data):
        data = data()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".osa-", suffix=".tmp", dir=target.parent)
    except (OSError, ValueError) as err:
        raise error(f"{what} {shown(str(target))} could not be written ({_reason(err)}).") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, new_file_mode() if mode is None else mode)
        check_target(target, what, error)  # still a regular file or nothing (no swap meanwhile)
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise error(
                f"{what} {shown(str(target))} could not be written ({_reason(err)})."
            ) from None
        raise
    return target
