"""What shapes every page besides the sources, digested item by item, so that a change can be
named when it forces a full build.

- content inputs: the settings by value, the settings files' bytes (and every module they
  imported from the project), the plugins' and this package's code, the installed packages
  (name, version and the digest of every file, from their RECORD), Python and the time zone
  database. What was read and cleaned (the memo) is only valid where it was made;
- output inputs: those, plus the theme (its templates and static files).

A setting is digested by what it is: containers by their items, an object by its
configuration (what pickling it keeps: `__dict__`, `__slots__`, `__getstate__`), a function
by its code, its defaults, its closure and every global it names, recursively. A value that
cannot be told (it cannot be pickled, say) is never the same twice: a full build, saying why.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import marshal
import os
import re
import sys
import types
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from newsroom.plugins.memo import SETTING as MEMO
from newsroom.plugins.output import SETTING as LAST_OUTPUT

# The newsroom package: this build tool, the plugins, the import's rules.
PACKAGE = Path(__file__).resolve().parents[1]
# Settings that name where this build writes or how it talks, not what it writes.
NOT_OUTPUT_SETTINGS = {"OUTPUT_PATH", MEMO, LAST_OUTPUT, "DEBUG", "DELETE_OUTPUT_DIRECTORY"}
# Files of the package or of a plugin folder that no build imports.
NOT_PLUGIN_CODE = re.compile(r"(^|/)(test_[^/]*\.py|conftest\.py)$|(^|/)__pycache__/|\.pyc$")
CANNOT_TELL = "cannot tell"

Items = dict[str, str]


class CannotTell(Exception):
    """A value whose digest would not say whether it changed."""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def canonical(value: Any, stack: dict[int, int] | None = None) -> str:
    """A value as text that is the same in every process that holds the same value."""
    stack = {} if stack is None else stack
    if isinstance(value, (str, bytes, int, float, complex, type(None))):
        return repr(value)
    if id(value) in stack:  # a value inside itself: where it was, counted from the top
        return f"<cycle {stack[id(value)]}>"
    stack[id(value)] = len(stack)
    try:
        return f"{type(value).__module__}.{type(value).__qualname__}({_parts(value, stack)})"
    finally:
        del stack[id(value)]


def _parts(value: Any, stack: dict[int, int]) -> str:
    if isinstance(value, Mapping):
        return ", ".join(
            sorted(f"{canonical(k, stack)}: {canonical(v, stack)}" for k, v in value.items())
        )
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(canonical(item, stack) for item in value))
    if isinstance(value, (list, tuple)):
        return ", ".join(canonical(item, stack) for item in value)
    if isinstance(value, types.FunctionType):
        return _function(value, stack)
    if isinstance(value, types.MethodType):
        return f"{canonical(value.__func__, stack)} of {canonical(value.__self__, stack)}"
    if isinstance(value, (type, types.ModuleType, types.BuiltinFunctionType)):
        owner = getattr(value, "__self__", None)
        of = "" if owner is None or isinstance(owner, types.ModuleType) else canonical(owner, stack)
        name = getattr(value, "__qualname__", value.__name__)
        return f"{getattr(value, '__module__', '')}.{name} {of}"
    if isinstance(value, re.Pattern):
        return f"{value.pattern!r}, {value.flags}"
    try:
        reduced = value.__reduce_ex__(4)
    except Exception as error:
        raise CannotTell(f"{type(value).__qualname__}: {error}") from None
    if isinstance(reduced, str):  # a global, by name
        return reduced
    reduced = list(reduced) + [None] * (5 - len(reduced))
    for index in (3, 4):  # iterators of list items and dict items
        if reduced[index] is not None:
            reduced[index] = list(reduced[index])
    return canonical(tuple(reduced[:5]), stack)


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _codes(constant)


def _function(function: types.FunctionType, stack: dict[int, int]) -> str:
    """Its code, what it is called with unless told otherwise, and every global it names."""
    code = function.__code__
    names = sorted({name for inner in _codes(code) for name in inner.co_names})
    globals_ = {name: function.__globals__[name] for name in names if name in function.__globals__}
    cells = [cell.cell_contents for cell in function.__closure__ or ()]
    given = (function.__defaults__, function.__kwdefaults__, cells, globals_)
    return f"{function.__qualname__} {digest(marshal.dumps(code))} {canonical(given, stack)}"


def setting_items(settings: Mapping[str, Any]) -> Items:
    items: Items = {}
    for name, value in settings.items():
        if name in NOT_OUTPUT_SETTINGS:
            continue
        try:
            items[name] = digest(canonical(value).encode())
        except CannotTell as error:  # never equal to anything: a full build names it
            items[name] = f"{CANNOT_TELL} ({error}) {os.urandom(8).hex()}"
    return items


def file_items(root: Path, skip: re.Pattern[str] | None = None, prefix: str = "") -> Items:
    """Every file under `root` by its path, with the digest of its bytes."""
    if root.is_file():
        return {prefix + root.name: digest(root.read_bytes())}
    items: Items = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
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


def settings_file_items(settings_file: Path) -> Items:
    """The settings file and every module imported from its project (publishconf.py imports
    pelicanconf.py), by their bytes; installed packages are told by their own items."""
    project = settings_file.absolute().parent
    # Folders as text ending in a separator: `startswith` is a build's fastest test of "inside".
    mine, code = (os.path.join(os.path.realpath(folder), "") for folder in (project, PACKAGE))
    installed = tuple(os.path.join(os.path.realpath(p), "") for p in (sys.prefix, sys.base_prefix))
    files = {settings_file.absolute()}
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        path = os.path.realpath(file) if file else ""
        # The package's code has its own items, and installed packages theirs.
        if path.startswith(mine) and not path.startswith((code, *installed)):
            files.add(Path(path))
    items: Items = {}
    for path in sorted(files):
        try:
            items[os.path.relpath(path, project)] = digest(path.read_bytes())
        except OSError:
            items[str(path)] = "unreadable"
    return items


def package_items(settings: Mapping[str, Any]) -> Items:
    """Each installed distribution by name, version and files (their RECORD lists each one's
    hash; an editable one, its source folder's files), Python, and the time zone's rules."""
    items: Items = {"python": sys.version}
    for distribution in importlib.metadata.distributions():
        # This project's own metadata, found in its folder when a build runs there (an
        # egg-info), is no installed package: its code has its own items.
        if Path(str(distribution.locate_file(""))).resolve() == PACKAGE.parent:
            continue
        # The headers read as text: the email parser behind `.metadata` costs a build 0.05 s.
        text = distribution.read_text("METADATA") or distribution.read_text("PKG-INFO") or ""
        headers = dict(re.findall(r"^(Name|Version): *(.*?) *$", text.split("\n\n")[0], re.M))
        record = distribution.read_text("RECORD") or ""
        source = _editable_source(distribution)
        if source is not None and source != PACKAGE.parent:  # this project: its own items
            record += json.dumps(file_items(source, NOT_PLUGIN_CODE))
        name = re.sub(r"[-_.]+", "-", headers.get("Name", "?")).lower()
        items.setdefault(f"package {name}", f"{headers.get('Version')} {digest(record.encode())}")
    zone = str(settings.get("TIMEZONE") or "UTC")
    for root in zoneinfo.TZPATH:
        path = Path(root) / zone
        if path.is_file():
            items[f"time zone {zone}"] = digest(path.read_bytes())
            break
    return items


def _editable_source(distribution: importlib.metadata.Distribution) -> Path | None:
    try:
        origin = json.loads(distribution.read_text("direct_url.json") or "{}")
    except ValueError:
        return None
    if not origin.get("dir_info", {}).get("editable") or not origin.get("url", "").startswith(
        "file://"
    ):
        return None
    return Path(origin["url"][len("file://") :]).resolve()


def _folders(paths: Iterable[str]) -> list[Path]:
    return [Path(path) for path in paths if Path(path).exists()]


def content_inputs(settings: Mapping[str, Any], settings_file: Path) -> dict[str, Items]:
    plugins: Items = {}
    for folder in _folders(settings.get("PLUGIN_PATHS") or []):
        plugins.update(file_items(folder, NOT_PLUGIN_CODE, prefix=f"{folder.name}/"))
    return {
        "settings": setting_items(settings),
        "settings files": settings_file_items(settings_file),
        "plugins": plugins,
        "code": file_items(PACKAGE, NOT_PLUGIN_CODE),
        "packages": package_items(settings),
    }


def output_inputs(settings: Mapping[str, Any], content: dict[str, Items]) -> dict[str, Items]:
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
    "settings files": "the settings files changed",
    "plugins": "the code of a plugin in PLUGIN_PATHS changed",
    "code": "the newsroom package's code changed",
    "packages": "the installed packages changed",
    "templates": "the theme's templates changed",
    "static": "the theme's static files changed",
}


def fingerprint(inputs: dict[str, Items]) -> bytes:
    text = canonical({kind: sorted(items.items()) for kind, items in inputs.items()})
    return hashlib.blake2b(text.encode(), digest_size=20).digest()


def difference(old: dict[str, Items] | None, new: dict[str, Items]) -> str | None:
    """The first change between two sets of inputs, in words, or None when they are the same."""
    if old is None:
        return "no record of the inputs it was built from"
    for kind in new:
        before, after = old.get(kind, {}), new[kind]
        if before == after:
            continue
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        untold = [
            f"{k}: {after[k].rsplit(' ', 1)[0]}"
            for k in changed
            if after.get(k, "").startswith(CANNOT_TELL)
        ]
        if untold:
            return f"a setting's value cannot be compared with the last build's ({untold[0]})"
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
