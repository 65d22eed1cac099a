"""What shapes every page besides the sources, fingerprinted item by item, so that a change
can be named when it forces a full build.

Two environments:

- the content environment: the settings, the plugins' code, this build tool's code, the
  installed packages and Python. What was read and cleaned (the memo) is only valid in the
  one it was made in;
- the output environment: the content environment plus the theme (its templates and its
  static files). Pages rendered in another one are rendered again.

Each is a dict of item -> digest (a setting by name, a file by its path), compared item by
item with the previous build's.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import types
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newsroom.plugins.memo import SETTING as MEMO

# The newsroom package: this build tool, the plugins, the import's rules.
PACKAGE = Path(__file__).resolve().parents[1]
# Settings that name where this build writes or how it talks, not what it writes: the build
# sets OUTPUT_PATH to a fresh folder each time, and the memo to its own.
NOT_OUTPUT_SETTINGS = frozenset({"OUTPUT_PATH", MEMO, "DEBUG", "DELETE_OUTPUT_DIRECTORY"})
# Files of the package or of a plugin folder that no build imports.
NOT_PLUGIN_CODE = re.compile(r"(^|/)(test_[^/]*\.py|conftest\.py)$|(^|/)__pycache__/|\.pyc$")
ADDRESS = re.compile(r" at 0x[0-9a-f]+")

Items = dict[str, str]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def canonical(value: Any) -> str:
    """A setting's value as text that is the same in every process that reads the same value:
    dicts and sets sorted, functions by their compiled code, no memory addresses."""
    if isinstance(value, Mapping):
        items = sorted((canonical(k), canonical(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (set, frozenset)):
        return "set(" + ", ".join(sorted(canonical(v) for v in value)) + ")"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(canonical(v) for v in value)
        return f"{type(value).__name__}({inner})"
    if isinstance(value, (types.FunctionType, types.MethodType)):
        function = getattr(value, "__func__", value)
        code = digest(marshal.dumps(function.__code__))
        # What the code is called with unless told otherwise is part of what it does.
        cells = [_named(cell.cell_contents) for cell in function.__closure__ or ()]
        given = canonical([function.__defaults__, function.__kwdefaults__, cells])
        return f"function {function.__module__}.{function.__qualname__} {code} {given}"
    if isinstance(value, type):
        return f"class {value.__module__}.{value.__qualname__}"
    if isinstance(value, types.ModuleType):
        return f"module {value.__name__}"
    if isinstance(value, re.Pattern):
        return f"re({value.pattern!r}, {value.flags})"
    return ADDRESS.sub(" at 0x", repr(value))


def _named(value: Any) -> Any:
    """A closure's value; a function in it by its name only (it may be the function itself)."""
    return (
        f"callable {getattr(value, '__qualname__', type(value).__name__)}"
        if callable(value)
        else value
    )


def setting_items(settings: Mapping[str, Any]) -> Items:
    return {
        name: digest(canonical(value).encode())
        for name, value in settings.items()
        if name not in NOT_OUTPUT_SETTINGS
    }


def file_items(root: Path, skip: re.Pattern[str] | None = None, prefix: str = "") -> Items:
    """Every file under `root` by its path, with the digest of its bytes."""
    items: Items = {}
    if root.is_file():
        return {prefix + root.name: digest(root.read_bytes())}
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if skip is not None and skip.search(relative):
                continue
            try:
                items[prefix + relative] = digest(path.read_bytes())
            except OSError:
                items[prefix + relative] = "unreadable"
    return items


def package_items() -> Items:
    """Each installed distribution and Python itself, by version (the names of their metadata
    folders: reading the metadata itself costs a quarter of a second)."""
    items: Items = {"python": sys.version}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                stem = name.rsplit(".", 1)[0]
                package, _, version = stem.partition("-")
                items.setdefault(package.lower().replace("_", "-"), version)
    return items


def _folders(paths: Iterable[str]) -> list[Path]:
    return [Path(path) for path in paths if Path(path).exists()]


def content_environment(settings: Mapping[str, Any]) -> dict[str, Items]:
    plugins: Items = {}
    for folder in _folders(settings.get("PLUGIN_PATHS") or []):
        plugins.update(file_items(folder, NOT_PLUGIN_CODE, prefix=f"{folder.name}/"))
    return {
        "settings": setting_items(settings),
        "plugins": plugins,
        "code": file_items(PACKAGE, NOT_PLUGIN_CODE),
        "packages": package_items(),
    }


def output_environment(settings: Mapping[str, Any], content: dict[str, Items]) -> dict[str, Items]:
    theme = Path(settings.get("THEME") or "")
    templates: Items = {}
    for folder in _folders(settings.get("THEME_TEMPLATES_OVERRIDES") or []):
        templates.update(file_items(folder, prefix=f"{folder}/"))
    templates.update(file_items(theme / "templates"))
    static: Items = {}
    for name in settings.get("THEME_STATIC_PATHS") or []:
        static.update(file_items(theme / name, prefix=f"{name}/"))
    return {**content, "templates": templates, "static": static}


WHAT = {
    "settings": "a setting changed",
    "plugins": "the code of a plugin in PLUGIN_PATHS changed",
    "code": "the newsroom package's code changed",
    "packages": "the installed packages changed",
    "templates": "the theme's templates changed",
    "static": "the theme's static files changed",
}


def fingerprint(environment: dict[str, Items]) -> bytes:
    text = canonical({kind: sorted(items.items()) for kind, items in environment.items()})
    return hashlib.blake2b(text.encode(), digest_size=20).digest()


def difference(old: dict[str, Items] | None, new: dict[str, Items]) -> str | None:
    """The first change between two environments, in words, or None when they are the same."""
    if old is None:
        return "no record of the environment it was built in"
    for kind in new:
        before, after = old.get(kind, {}), new[kind]
        if before == after:
            continue
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        shown = ", ".join(changed[:3]) + (
            f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        )
        return f"{WHAT.get(kind, kind)} ({shown})"
    return None


def time_dependent(settings: Mapping[str, Any]) -> str | None:
    """Settings under which a page depends on the day or the files' times, not their bytes."""
    if not settings.get("WITH_FUTURE_DATES", True):
        return "WITH_FUTURE_DATES = False makes what is published depend on today's date"
    if settings.get("DEFAULT_DATE") == "fs":
        return "DEFAULT_DATE = 'fs' dates articles by their files' times, not their text"
    return None
