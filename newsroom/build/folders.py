"""The one rule for a folder a command replaces whole or keeps its files in: never a folder
that holds anything else.

A build swaps a fresh folder in for its target and deletes the old one, and `make clean`
deletes the target: naming the project, content/ or a home folder there would delete it. So
a target must be new, empty, or a site a build wrote, which every build marks with MARKER at
its top; the build's cache folder must hold nothing but the cache's own files. Anything else
is refused with one line saying why, before anything is touched. The same rule guards
`make html`, `publish`, `regenerate`, `devserver`, `clean` and `make github`'s folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

# Written at the top of every folder a build swaps in (atomic.py): "a build wrote this".
MARKER = ".newsroom-site"
MARKER_TEXT = (
    b"This folder is a site written by the newsroom build (make html). A build replaces it\n"
    b"whole: keep nothing else in it.\n"
)
# The cache database and the files SQLite keeps beside it (-wal, -shm), and damaged copies
# set aside (store.py): all a cache folder may hold.
CACHE_FILES = "cache.sqlite3"


def is_site(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def is_cache(folder: Path) -> bool:
    return all(entry.name.startswith(CACHE_FILES) for entry in folder.iterdir())


def _contains(folder: Path, path: Path) -> bool:
    return folder == path or folder in path.parents


def folder_problem(
    target: Path,
    shown: str,
    keep: Mapping[str, Path],
    read: Mapping[str, Path] | None = None,
    ours: Callable[[Path], bool] = is_site,
) -> str | None:
    """Why `target` must not be replaced or written, or None when it may.

    `keep`: folders that must survive, by name (the project, the sources, home...): the
    target may be none of them and hold none of them. `read`: folders the build reads (the
    sources, the theme), which the target may not be in either. `ours`: what an existing,
    non-empty target must satisfy (by default: a site a build wrote). `shown` names the
    target as the user gave it.
    """
    own = "name a new or empty folder, or one a build wrote (such as output/)"
    if not str(target) or "\0" in str(target):
        return f"{shown!r} is not a folder name"
    if target.is_symlink():
        return f"{shown} is a symbolic link: name the folder itself"
    if target.exists() and not target.is_dir():
        return f"{shown} is not a folder: {own}"
    resolved = target.resolve()
    for name, folder in keep.items():
        folder = folder.resolve()
        if _contains(resolved, folder):
            what = "is" if resolved == folder else "holds"
            return f"{shown} {what} {name} ({folder}), which must not be replaced: {own}"
    for name, folder in (read or {}).items():
        folder = folder.resolve()
        if _contains(folder, resolved):
            where = "is" if resolved == folder else "is inside"
            return f"{shown} {where} {name} ({folder}), which the build reads: {own}"
    if resolved.is_dir() and any(resolved.iterdir()) and not ours(resolved):
        what = f"no {MARKER} in it" if ours is is_site else "not the build's cache"
        return (
            f"{shown} holds files no build wrote ({what}), which the build would delete: "
            f"{own}, or remove it yourself"
        )
    return None


def home_folders() -> list[Path]:
    """The user's home folder, where there is one: never a target (a folder in it may be)."""
    home = os.environ.get("HOME")
    return [Path(home)] if home else []


def build_folders_problem(output: Path, cache: Path, content: Path, settings: Path) -> str | None:
    """Why a build (or `make clean`) must not replace `output` or keep its cache in `cache`."""
    project = settings.absolute().parent  # pelicanconf.py sits at the top of the project
    keep = {
        "the project": project,
        "the working folder": Path.cwd(),
        "the content folder": content,
    }
    keep.update(("your home folder", home) for home in home_folders())
    read = {"the content folder": content, "the theme": project / "theme"}
    problem = folder_problem(output, f"the output folder {output}", keep, read)
    if problem is None:
        shown = f"the build's cache folder {cache}"
        problem = folder_problem(cache, shown, keep, read, ours=is_cache)
    return problem
