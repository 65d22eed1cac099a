"""A path as the person who typed it reads it, in every message of the build and the import."""

from __future__ import annotations

import os
from pathlib import Path


def shown(path: str | os.PathLike[str]) -> str:
    """Relative to the working folder when inside it, else as it is."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def shown_folder(path: Path) -> str:
    """A folder, with the slash that says it is one."""
    return shown(path) + "/"
