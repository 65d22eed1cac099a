"""Replace a folder only by a complete new one: a build never leaves output/ half written.

A build writes into a fresh folder beside the target (same parent, so the same file
system) and, only when it succeeded, swaps it in with one atomic system call: Linux's
renameat2(RENAME_EXCHANGE) exchanges the two directories, so at every instant the target's
name points at a whole site, the old one or the new one. Where that call is missing (other
systems, a file system without it) the swap is two renames, and a build killed between them
is repaired at the next start. A failed, refused or interrupted build only ever touched its
own fresh folder, which is removed; a build killed with SIGKILL leaves that folder behind,
and the next build removes it before it starts.

An exclusive lock (fcntl.flock on a file beside the target, released by the kernel when its
process dies, however it dies) makes a second build wait for the first instead of racing it.

The fresh folder starts empty but for the marker that says a build wrote it (folders.py), so
a deleted article leaves nothing stale behind, and the next build knows the folder is a site
it may replace. The target itself is checked by folders.py before anything here runs. A builder
that reuses the previous output (an incremental build) copies from `previous` into `staging`
and must never write through a hard link into `previous`: that is the site being served.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsroom.build.folders import MARKER, MARKER_TEXT, is_site

RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100
NEW = "new"  # a build being written, or (after the exchange) the old site being removed
OLD = "old"  # the old site, between the two renames of the fallback swap


@dataclass(frozen=True)
class OutputFolder:
    """The names used beside a target folder `parent/name`: its lock, its fresh folders."""

    target: Path

    @property
    def stem(self) -> str:
        return "." + self.target.name.lstrip(".")

    @property
    def lock_path(self) -> Path:
        return self.target.parent / f"{self.stem}.lock"

    def fresh(self, kind: str) -> Path:
        return self.target.parent / f"{self.stem}.{kind}.{secrets.token_hex(6)}"

    @property
    def cache_path(self) -> Path:
        """The build's cache for this target (newsroom/build/store.py): beside it, never in it,
        since the target is the product."""
        return self.target.parent / f"{self.stem}.cache"

    @property
    def edits_path(self) -> Path:
        """Where files edited by hand in the target are kept before a build replaces it."""
        return self.target.parent / f"{self.stem}.edits"

    def leftovers(self, kind: str) -> list[Path]:
        prefix = f"{self.stem}.{kind}."
        if not self.target.parent.is_dir():
            return []
        return sorted(p for p in self.target.parent.iterdir() if p.name.startswith(prefix))


@contextlib.contextmanager
def build_lock(folder: OutputFolder, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the folder's lock; if another build holds it, say so once and wait for it."""
    folder.lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            say(
                f"waiting: another build of {folder.target} is running "
                f"(process {holder}; lock {folder.lock_path.name})"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def recover(folder: OutputFolder) -> list[str]:
    """Undo what a killed build left beside the target; call it with the lock held.

    The fallback swap renames the target away before it renames the new site in: killed
    between the two, the target is missing and the old site waits under its OLD name, so it
    goes back. Every other leftover is a build that never finished, or an old site already
    replaced: removed when a build wrote it (it holds the marker, or nothing), else left
    alone. Returns what was done, for the log.
    """
    done = []
    old = folder.leftovers(OLD)
    if old and not folder.target.exists():
        os.rename(old[0], folder.target)
        done.append(f"restored {folder.target.name} from an interrupted swap")
        old = old[1:]
    for path in [*old, *folder.leftovers(NEW)]:
        if path.is_dir() and not path.is_symlink() and (is_site(path) or not any(path.iterdir())):
            _remove(path)
            done.append(f"removed {path.name}, left by an interrupted build")
        else:
            done.append(f"left {path.name} alone: it has a build's name, but no build wrote it")
    return done


def _remove(path: Path) -> None:
    """Remove a folder a build wrote, its marker last: stopped midway, it is still known as a
    build's leftover, which the next build removes (recover)."""
    if not path.is_dir() or path.is_symlink():
        path.unlink(missing_ok=True)
        return
    for child in (child for child in path.iterdir() if child.name != MARKER):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    shutil.rmtree(path)


def _libc_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _libc_renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap two directories atomically; False where the system or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(
        AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def swap_in(folder: OutputFolder, staging: Path) -> None:
    """Put the complete site in `staging` at the target's name, then remove the old one."""
    target = folder.target
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        _remove(staging)  # now the old site; if killed here, recover() removes it
        return
    old = folder.fresh(OLD)
    os.rename(target, old)
    os.rename(staging, target)
    _remove(old)


def new_staging(folder: OutputFolder) -> Path:
    """A folder beside the target holding only the marker, with the target's permissions (not
    mkdtemp's 0700)."""
    staging = folder.fresh(NEW)
    staging.mkdir(mode=0o777)  # narrowed by the umask, as any folder the build makes
    with contextlib.suppress(FileNotFoundError):
        os.chmod(staging, folder.target.stat().st_mode & 0o7777)
    (staging / MARKER).write_bytes(MARKER_TEXT)
    return staging


@contextlib.contextmanager
def atomic_output(
    target: Path,
    say: Callable[[str], None],
    after_swap: Callable[[], None] | None = None,
    before_swap: Callable[[], None] | None = None,
) -> Iterator[Path]:
    """Yield a fresh folder to build into; swap it in if the block ends without an exception.

    Any exception (a refused build, Ctrl-C) removes the fresh folder and leaves the target
    byte for byte as it was. Holds the target's lock from start to end: `before_swap` (which
    keeps what the swap would discard) and `after_swap` (which records what was swapped in)
    run under it too.
    """
    folder = OutputFolder(target.absolute())
    with build_lock(folder, say):
        for line in recover(folder):
            say(line)
        staging = new_staging(folder)
        try:
            yield staging
            if before_swap is not None:
                before_swap()
        except BaseException:
            _remove(staging)
            raise
        swap_in(folder, staging)
        if after_swap is not None:
            after_swap()
