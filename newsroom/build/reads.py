"""What a page read while it was rendered, and whether each read would give the same now.

While a page renders, every value its template takes from the page's context is handed over
wrapped in a `Proxy` that records each read: an attribute, an item, a call, an iteration (how
many items; each item is a proxy of its own), a length, a truth value, a text, a comparison.
A read that gives a plain value (text, number, date...) records the value's digest and hands
the value itself over. A read is a `Path` from a name of the context, so the next build can
ask the same questions of its own context (`Reads.same`): when every answer is the same, the
template, a function of those answers, writes the same page.

A proxy has exactly the protocols of the value it wraps (its class is made per value class),
so a template or a filter sees the same behaviour; an operation it cannot record raises
`Unrecordable` and the page renders without proxies, recorded as "always render".
"""

from __future__ import annotations

import collections.abc as abc
import datetime
import decimal
import fractions
import hashlib
import types
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jinja2.runtime import Context, missing

# Values handed to the template as they are: their digest is recorded when they are read.
PLAIN = (
    str,
    bytes,
    int,
    float,
    complex,
    type(None),
    datetime.date,
    datetime.time,
    datetime.timedelta,
    decimal.Decimal,
    fractions.Fraction,
)
# What a proxy of a built-in container may call: the methods of its read-only counterpart.
READ_ONLY = {
    list: frozenset(dir(tuple)),
    dict: frozenset(dir(types.MappingProxyType)),
    set: frozenset(dir(frozenset)),
}
Path = tuple[Any, ...]


class Unrecordable(Exception):
    """A read the recording cannot replay: the page renders without proxies."""


_DIGESTS: dict[tuple[type, Any], bytes] = {}
# Types whose equal values have the same digest (not floats: -0.0 == 0.0; not Decimal).
_SAME_WHEN_EQUAL = frozenset({str, int, bool, type(None)})


def digest(value: Any) -> bytes:
    """A plain value as bytes equal in two builds exactly when the value is (each value's
    computed once a process: the same titles and addresses are read by many pages)."""
    kind = type(value)
    if kind not in _SAME_WHEN_EQUAL:
        return _digest(value)
    result = _DIGESTS.get((kind, value))
    if result is None:
        if len(_DIGESTS) > 1_000_000:
            _DIGESTS.clear()
        result = _DIGESTS[kind, value] = _digest(value)
    return result


def _digest(value: Any) -> bytes:
    kind = type(value)
    data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else repr(value)
    if not isinstance(data, bytes):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(kind.__qualname__.encode() + b"\0" + data, digest_size=12).digest()


def _outcome(compute: Callable[[], Any]) -> tuple[Any, BaseException | None]:
    try:
        return compute(), None
    except Unrecordable:
        raise
    except Exception as error:  # the same exception is the same answer
        return None, error


_MISSING = digest(("missing",))
_KINDS: dict[tuple[str, type], bytes] = {}


def _kind(what: str, kind: type) -> bytes:
    known = _KINDS.get((what, kind))
    if known is None:
        known = _KINDS[what, kind] = digest((what, kind.__module__, kind.__qualname__))
    return known


def _answer(value: Any, error: BaseException | None) -> bytes:
    if error is not None:
        return _kind("raises", type(error))
    if value is missing:
        return _MISSING
    if isinstance(value, PLAIN):
        return digest(value)
    return _kind("object", type(value))


class Recording:
    """The reads of one page being rendered, from its context `values`."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.reads: dict[Path, bytes] = {}
        self.failed = False

    def record(self, path: Path, value: Any, error: BaseException | None = None) -> None:
        if path not in self.reads:
            self.reads[path] = _answer(value, error)

    def refuse(self, why: str) -> Unrecordable:
        self.failed = True
        return Unrecordable(why)

    def wrap(self, value: Any, path: Path) -> Any:
        """`value`, read at `path`: itself if plain (its digest recorded), else a proxy (its
        class recorded). Two proxies of one value are two objects: Jinja's `sameas` test,
        replaced while pages record (`sameas`), compares what they stand for, as a read."""
        self.record(path, value)
        if isinstance(value, PLAIN) or value is missing:
            return value
        return proxy_class(type(value))(value, path, self)

    def argument(self, value: Any) -> tuple[str, Any]:
        """An argument of a call or a comparison as the replay can give it again."""
        if isinstance(value, Proxy):
            return ("path", value._path)
        if isinstance(value, PLAIN):
            return ("value", value)
        if type(value) in (list, tuple):  # made by the template: its items
            return (type(value).__name__, tuple(self.argument(item) for item in value))
        if isinstance(value, slice) and all(
            isinstance(part, PLAIN) for part in (value.start, value.stop, value.step)
        ):
            return ("slice", (value.start, value.stop, value.step))
        raise self.refuse(f"an argument of type {type(value).__qualname__}")


def _unwrap(value: Any) -> Any:
    return value._value if isinstance(value, Proxy) else value


class Proxy:
    """A context value as the template sees it while its reads are recorded."""

    __slots__ = ("_value", "_path", "_recording")
    # The methods a proxy of a built-in container may call (READ_ONLY), set per class.
    _read_only: frozenset[str] | None = None

    def __init__(self, value: Any, path: Path, recording: Recording) -> None:
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_recording", recording)

    def _read(self, step: tuple[Any, ...], compute: Callable[[Any], Any], wrap: bool) -> Any:
        recording = self._recording
        path = (*self._path, step)
        try:
            result = compute(self._value)
        except Unrecordable:
            raise
        except Exception as error:  # the same exception is the same answer
            recording.record(path, None, error)
            raise
        if wrap:
            return recording.wrap(result, path)
        recording.record(path, result)
        return result

    def __getattr__(self, name: str) -> Any:
        value = self._value
        recording = self._recording
        allowed = self._read_only
        if allowed is not None and name not in allowed and hasattr(type(value), name):
            raise recording.refuse(f"{name} changes a value")
        path = (*self._path, ("attr", name))
        try:
            result = getattr(value, name)
        except Unrecordable:
            raise
        except Exception as error:  # the same exception is the same answer
            recording.record(path, None, error)
            raise
        return recording.wrap(result, path)

    def __setattr__(self, name: str, value: Any) -> None:
        raise self._recording.refuse(f"{name} set on a value")

    def __hash__(self) -> int:
        raise self._recording.refuse("a value used as a key")

    def __str__(self) -> str:
        return self._read(("str",), str, False)

    def __repr__(self) -> str:
        return self._read(("repr",), repr, False)

    def __format__(self, spec: str) -> str:
        return self._read(("format", spec), lambda v: format(v, spec), False)

    def __eq__(self, other: object) -> Any:
        return self._compare("__eq__", other)

    def __ne__(self, other: object) -> Any:
        return self._compare("__ne__", other)

    def __lt__(self, other: object) -> Any:
        return self._compare("__lt__", other)

    def __le__(self, other: object) -> Any:
        return self._compare("__le__", other)

    def __gt__(self, other: object) -> Any:
        return self._compare("__gt__", other)

    def __ge__(self, other: object) -> Any:
        return self._compare("__ge__", other)

    def _compare(self, operator: str, other: object) -> Any:
        argument = self._recording.argument(other)
        plain = _unwrap(other)
        return self._read(
            ("compare", operator, argument), lambda v: _apply(v, operator, plain), False
        )


def sameas(value: Any, other: Any) -> bool:
    """Jinja's `sameas` test (`value is other`), for values that may be proxies."""
    for one, two in ((value, other), (other, value)):
        if isinstance(one, Proxy):
            argument = one._recording.argument(two)
            plain = _unwrap(two)
            return one._read(("is", argument), lambda v, plain=plain: v is plain, False)
    return value is other


def _apply(value: Any, operator: str, other: Any) -> Any:
    """`value <operator> other` as Python runs it, the reflected one included."""
    reflected = {"__eq__": "__eq__", "__ne__": "__ne__", "__lt__": "__gt__", "__le__": "__ge__"}
    reflected |= {"__gt__": "__lt__", "__ge__": "__le__"}
    result = getattr(value, operator)(other)
    if result is NotImplemented:
        result = getattr(other, reflected[operator])(value)
    if result is NotImplemented:
        if operator in ("__eq__", "__ne__"):
            return (value is other) == (operator == "__eq__")
        raise TypeError(f"{operator} not supported")
    return result


# --- the protocols a proxy has when the value it wraps has them ---------------------------


def _len(self: Proxy) -> int:
    return self._read(("len",), len, False)


def _bool(self: Proxy) -> bool:
    return self._read(("bool",), bool, False)


def _getitem(self: Proxy, key: Any) -> Any:
    argument = self._recording.argument(key)
    plain = _unwrap(key)
    return self._read(("item", argument), lambda v: v[plain], True)


def _contains(self: Proxy, item: Any) -> bool:
    argument = self._recording.argument(item)
    plain = _unwrap(item)
    return self._read(("contains", argument), lambda v: plain in v, False)


def _call(self: Proxy, *args: Any, **kwargs: Any) -> Any:
    recording: Recording = self._recording
    arguments = (
        tuple(recording.argument(arg) for arg in args),
        tuple((name, recording.argument(arg)) for name, arg in sorted(kwargs.items())),
    )
    plain_args = [_unwrap(arg) for arg in args]
    plain_kwargs = {name: _unwrap(arg) for name, arg in kwargs.items()}
    return self._read(("call", arguments), lambda v: v(*plain_args, **plain_kwargs), True)


def _add(self: Proxy, other: Any) -> Any:
    argument = self._recording.argument(other)
    plain = _unwrap(other)
    return self._read(("add", argument), lambda v: v + plain, True)


def _radd(self: Proxy, other: Any) -> Any:
    argument = self._recording.argument(other)
    plain = _unwrap(other)
    return self._read(("radd", argument), lambda v: plain + v, True)


def _items(self: Proxy, kind: str, items: Callable[[Any], Any]) -> Iterator[Any]:
    value = self._value
    recording: Recording = self._recording
    path = self._path
    count = 0
    for count, item in enumerate(items(value), 1):
        yield recording.wrap(item, (*path, (kind, count - 1)))
    recording.record((*path, (kind + " count",)), count)


def _iter(self: Proxy) -> Iterator[Any]:
    return _items(self, "item of", iter)


def _reversed(self: Proxy) -> Iterator[Any]:
    return _items(self, "reversed item of", reversed)


PROTOCOLS: dict[str, Callable[..., Any]] = {
    "__len__": _len,
    "__bool__": _bool,
    "__getitem__": _getitem,
    "__contains__": _contains,
    "__call__": _call,
    "__iter__": _iter,
    "__reversed__": _reversed,
    "__add__": _add,
    "__radd__": _radd,
}
_CLASSES: dict[type, type[Proxy]] = {}


def proxy_class(kind: type) -> type[Proxy]:
    """A proxy class with the protocols of `kind` and its abstract classes (Mapping...)."""
    made = _CLASSES.get(kind)
    if made is None:
        has = {name for name in PROTOCOLS if hasattr(kind, name)}
        if "__add__" in has:  # `[] + value` works for a list: so for its proxy
            has.add("__radd__")
        methods: dict[str, Any] = {name: PROTOCOLS[name] for name in has}
        methods["_read_only"] = next(
            (names for base, names in READ_ONLY.items() if issubclass(kind, base)), None
        )
        made = type(f"Proxy[{kind.__qualname__}]", (Proxy,), {"__slots__": (), **methods})
        for abstract in (abc.Mapping, abc.Sequence, abc.Set):
            if issubclass(kind, abstract):
                abstract.register(made)
        _CLASSES[kind] = made
    return made


# --- asking the same questions of another build's context -------------------------------


def _argument(value: tuple[str, Any], context: Mapping[str, Any], known: dict[Path, Any]) -> Any:
    kind, data = value
    if kind == "path":
        found, error = _evaluate(data, context, known)
        if error is not None:
            raise error
        return found
    if kind in ("list", "tuple"):
        items = [_argument(item, context, known) for item in data]
        return items if kind == "list" else tuple(items)
    return slice(*data) if kind == "slice" else data


def _step(value: Any, step: tuple[Any, ...], context: Mapping[str, Any], known: dict) -> Any:
    kind = step[0]
    if kind == "attr":
        return getattr(value, step[1])
    if kind == "item":
        return value[_argument(step[1], context, known)]
    if kind == "call":
        args = [_argument(arg, context, known) for arg in step[1][0]]
        kwargs = {name: _argument(arg, context, known) for name, arg in step[1][1]}
        return value(*args, **kwargs)
    if kind in ("item of", "reversed item of"):
        items = iter(value) if kind == "item of" else reversed(value)
        for number, item in enumerate(items):
            if number == step[1]:
                return item
        raise IndexError(step[1])
    if kind in ("item of count", "reversed item of count"):
        return sum(1 for _ in (iter(value) if kind == "item of count" else reversed(value)))
    if kind == "is":
        return value is _argument(step[1], context, known)
    if kind == "compare":
        return _apply(value, step[1], _argument(step[2], context, known))
    if kind == "add":
        return value + _argument(step[1], context, known)
    if kind == "radd":
        return _argument(step[1], context, known) + value
    if kind == "contains":
        return _argument(step[1], context, known) in value
    if kind == "len":
        return len(value)
    if kind == "bool":
        return bool(value)
    if kind == "str":
        return str(value)
    if kind == "repr":
        return repr(value)
    if kind == "format":
        return format(value, step[1])
    raise ValueError(f"unknown read {kind!r}")


def _evaluate(
    path: Path, context: Mapping[str, Any], known: dict[Path, Any]
) -> tuple[Any, BaseException | None]:
    """The value at `path` in `context`, or the exception reading it raises; each prefix is
    evaluated once a page (`known`)."""
    if path in known:
        return known[path]
    if len(path) == 1:
        found = (context.get(path[0], missing), None)
    else:
        parent, error = _evaluate(path[:-1], context, known)
        if error is not None:
            found = (None, error)
        else:
            found = _outcome(lambda: _step(parent, path[-1], context, known))
    known[path] = found
    return found


# A page's reads as a tree: each node is a step from its parent's value (a name of the context
# at the top), whether its answer was recorded, and the steps taken from it. Pages that read
# alike share one tree; each node is evaluated once a page.
Shape = tuple[tuple[Any, bool, "Shape"], ...]


def summary(recording: Recording, shapes: dict[Any, Shape]) -> tuple[Shape, bytes]:
    """A recording as stored: its tree of reads (each branch the one object `shapes` holds
    for it, so that pages share them), and one digest of their answers in the tree's order."""
    tree: dict[Any, list[Any]] = {}
    for path, answer in recording.reads.items():
        children = tree
        for step in path[:-1]:
            children = children.setdefault(step, [None, {}])[1]
        children.setdefault(path[-1], [None, {}])[0] = answer
    found: list[bytes] = []

    def freeze(children: dict[Any, list[Any]]) -> Shape:
        shape = []
        for step, (answer, below) in children.items():
            if answer is not None:
                found.append(answer)
            shape.append((step, answer is not None, freeze(below) if below else ()))
        # The branches below are shared already: known by their ids, not hashed again.
        key = tuple((step, read, id(below)) for step, read, below in shape)
        return shapes.setdefault(key, tuple(shape))

    shape = freeze(tree)
    return shape, hashlib.blake2b(b"".join(found), digest_size=16).digest()


_TOP = object()


def _flat(value: Any) -> Iterator[Any]:
    """Every element of nested tuples (the arguments of a step)."""
    if isinstance(value, tuple):
        for item in value:
            yield from _flat(item)
    else:
        yield value


class Attributes:
    """What a build's pages are asked of the same objects, found once: the same article's
    title and address are read by a dozen pages, the same list item by every list showing it.
    While pages are written the one thing that changes for all of them is the shared
    context's `localsiteurl` (Pelican's writer sets it for each page, and a content object's
    `content` and `summary` follow it), so it is part of each key; the object is kept, so that
    its id names it. A branch that reads the page's context again (an argument of a call or a
    comparison read from it) is asked anew on each page."""

    def __init__(self) -> None:
        self.found: dict[tuple[int, str, Any], tuple[Any, Any, BaseException | None]] = {}
        self.branches: dict[tuple[int, int, Any], tuple[Any, list[bytes]]] = {}
        self._own: dict[int, bool] = {}

    def own(self, shape: Shape) -> bool:
        """Whether a branch reads nothing but the value it starts from."""
        known = self._own.get(id(shape))
        if known is None:
            known = all(
                not any(part == "path" for part in _flat(step[1:])) and self.own(below)
                for step, _read, below in shape
            )
            self._own[id(shape)] = known
        return known

    def get(self, value: Any, name: str, site: Any) -> Any:
        key = (id(value), name, site)
        known = self.found.get(key)
        if known is None or known[0] is not value:
            try:
                known = (value, getattr(value, name), None)
            except Unrecordable:
                raise
            except Exception as error:  # the same exception is the same answer
                known = (value, None, error)
            self.found[key] = known
        if known[2] is not None:
            raise known[2]
        return known[1]


def answers(shape: Shape, context: Mapping[str, Any], attributes: Attributes) -> bytes:
    """One digest of what each read of `shape` gives in `context`, in the tree's order."""
    found: list[bytes] = []
    site = context.get("localsiteurl")
    _walk(shape, _TOP, None, context, {}, found, attributes, site)
    return hashlib.blake2b(b"".join(found), digest_size=16).digest()


def _walk(
    shape: Shape,
    parent: Any,
    failed: BaseException | None,
    context: Mapping[str, Any],
    known: dict[Path, Any],
    found: list[bytes],
    attributes: Attributes,
    site: Any,
) -> None:
    for step, read, below in shape:
        value, error = None, failed
        if failed is None:
            try:
                if parent is _TOP:
                    value = context.get(step, missing)
                elif step[0] == "attr":
                    value = attributes.get(parent, step[1], site)
                else:
                    value = _step(parent, step, context, known)
            except Unrecordable:
                raise
            except Exception as exception:  # the same exception is the same answer
                error = exception
        if read:
            found.append(_answer(value, error))
        if not below:
            continue
        if error is not None or isinstance(value, PLAIN) or not attributes.own(below):
            _walk(below, value, error, context, known, found, attributes, site)
            continue
        key = (id(below), id(value), site)
        branch = attributes.branches.get(key)
        if branch is None or branch[0] is not value:
            mine: list[bytes] = []
            _walk(below, value, None, context, known, mine, attributes, site)
            branch = attributes.branches[key] = (value, mine)
        found.extend(branch[1])


# --- the one place a template reads its context ------------------------------------------


class RecordingContext(Context):
    """Jinja's context, handing the recording page's values over as proxies. Given to the
    templates' environment as its `context_class` (Jinja's documented extension point)."""

    recording: Recording | None = None  # the page being rendered, set by the writer

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        recording = RecordingContext.recording
        if recording is None or key in self.vars:
            return value
        given = recording.values.get(key, missing)
        if value is missing or value is given:  # a value of the page, or none: a read
            return recording.wrap(value, (key,))
        return value  # a global of the environment: code, not data
