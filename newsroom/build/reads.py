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
import functools
import hashlib
import types
from collections.abc import Callable, Iterator, Mapping
from itertools import islice
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


# Types whose equal values have the same digest (not floats: -0.0 == 0.0; not Decimal).
_SAME_WHEN_EQUAL = frozenset({str, int, bool, type(None)})


def digest(value: Any) -> bytes:
    """A plain value as bytes equal in two builds exactly when the value is (each value's
    computed once a process: the same titles and addresses are read by many pages)."""
    return _known_digest(value) if type(value) in _SAME_WHEN_EQUAL else _digest(value)


def _digest(value: Any) -> bytes:
    kind = type(value)
    data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else repr(value)
    if not isinstance(data, bytes):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(kind.__qualname__.encode() + b"\0" + data, digest_size=12).digest()


_known_digest = functools.lru_cache(maxsize=1_000_000, typed=True)(_digest)
_MISSING = digest(("missing",))


@functools.cache
def _kind(what: str, kind: type) -> bytes:
    return digest((what, kind.__module__, kind.__qualname__))


def _answer(value: Any, error: BaseException | None) -> bytes:
    if error is not None:
        return _kind("raises", type(error))
    if value is missing:
        return _MISSING
    if isinstance(value, PLAIN):
        return digest(value)
    return _kind("object", type(value))


# The reads made from one value, as the recording keeps them: each step (a name of the context
# at the top) -> [its first answer, the reads made from the value it gave].
Node = dict[Any, list[Any]]


class Recording:
    """The reads of one page being rendered, from its context `values`, as a tree."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.tree: Node = {}
        self.failed = False

    @staticmethod
    def record(node: Node, step: Any, value: Any, error: BaseException | None = None) -> Node:
        """Keep the answer `step` gave from `node`'s value (the first); the node below it."""
        entry = node.get(step)
        if entry is None:
            entry = node[step] = [_answer(value, error), {}]
        return entry[1]

    def refuse(self, why: str) -> Unrecordable:
        self.failed = True
        return Unrecordable(why)

    def wrap(self, value: Any, parent: Proxy | None, step: Any) -> Any:
        """`value`, read by `step` from `parent` (from the context when None): itself if
        plain (its digest recorded), else a proxy (its class recorded). Two proxies of one
        value are two objects: Jinja's `sameas` test, replaced while pages record (`sameas`),
        compares what they stand for, as a read."""
        node = self.record(self.tree if parent is None else parent._node, step, value)
        if isinstance(value, PLAIN) or value is missing:
            return value
        return proxy_class(type(value))(value, self, node, parent, step)

    def argument(self, value: Any) -> tuple[str, Any]:
        """An argument of a call or a comparison as the replay can give it again."""
        if isinstance(value, Proxy):
            return ("path", value._where())
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
    """What a proxy stands for (in the lists and tuples a template makes, too)."""
    if isinstance(value, Proxy):
        return value._value
    return type(value)(map(_unwrap, value)) if type(value) in (list, tuple) else value


_REFLECTED = str.maketrans("lg", "gl")


def _apply(value: Any, operator: str, other: Any) -> Any:
    """`value <operator> other` as Python runs it, the reflected one included."""
    result = getattr(value, operator)(other)
    if result is NotImplemented:  # __lt__ is reflected as __gt__ and so on, __eq__ as itself
        result = getattr(other, operator.translate(_REFLECTED))(value)
    if result is NotImplemented:
        if operator in ("__eq__", "__ne__"):
            return (value is other) == (operator == "__eq__")
        raise TypeError(f"{operator} not supported")
    return result


# Every read a proxy records but an attribute's, by kind: the value read from, the read's
# arguments -> the answer. The recording and the replay both run these, so they cannot differ.
STEPS: dict[str, Callable[..., Any]] = {
    "item": lambda value, key: value[key],
    "call": lambda value, args, kwargs: value(*args, **dict(kwargs)),
    "contains": lambda value, item: item in value,
    "add": lambda value, other: value + other,
    "radd": lambda value, other: other + value,
    "compare": _apply,
    "is": lambda value, other: value is other,
    "item of": lambda value, number: next(islice(iter(value), number, None), missing),
    "reversed item of": lambda value, number: next(islice(reversed(value), number, None), missing),
    "item of count": lambda value: sum(1 for _ in value),
    "reversed item of count": lambda value: sum(1 for _ in reversed(value)),
    "len": len,
    "bool": bool,
    "str": str,
    "repr": repr,
    "format": format,
}


class Proxy:
    """A context value as the template sees it while its reads are recorded."""

    __slots__ = ("_value", "_recording", "_node", "_parent", "_step")
    # The methods a proxy of a built-in container may call (READ_ONLY), set per class.
    _read_only: frozenset[str] | None = None

    def __init__(
        self, value: Any, recording: Recording, node: Node, parent: Any, step: Any
    ) -> None:
        set_slot = object.__setattr__
        set_slot(self, "_value", value)
        set_slot(self, "_recording", recording)
        set_slot(self, "_node", node)
        set_slot(self, "_parent", parent)
        set_slot(self, "_step", step)

    def _where(self) -> Path:
        """The reads that gave this value, from a name of the context."""
        return (self._step,) if self._parent is None else (*self._parent._where(), self._step)

    def _read(self, kind: str, *arguments: Any, wrap: bool = False) -> Any:
        """Run STEPS[kind] on the value, recording the read and what it gave."""
        recording = self._recording
        step = (kind, *map(recording.argument, arguments))
        try:
            result = STEPS[kind](self._value, *map(_unwrap, arguments))
        except Unrecordable:
            raise
        except Exception as error:  # the same exception is the same answer
            recording.record(self._node, step, None, error)
            raise
        if wrap:
            return recording.wrap(result, self, step)
        recording.record(self._node, step, result)
        return result

    def __getattr__(self, name: str) -> Any:
        value = self._value
        recording = self._recording
        allowed = self._read_only
        if allowed is not None and name not in allowed and hasattr(type(value), name):
            raise recording.refuse(f"{name} changes a value")
        step = ("attr", name)
        try:
            result = getattr(value, name)
        except Unrecordable:
            raise
        except Exception as error:  # the same exception is the same answer
            recording.record(self._node, step, None, error)
            raise
        return recording.wrap(result, self, step)

    def __setattr__(self, name: str, value: Any) -> None:
        raise self._recording.refuse(f"{name} set on a value")

    def __hash__(self) -> int:
        raise self._recording.refuse("a value used as a key")


def sameas(value: Any, other: Any) -> bool:
    """Jinja's `sameas` test (`value is other`), for values that may be proxies."""
    for one, two in ((value, other), (other, value)):
        if isinstance(one, Proxy):
            return one._read("is", two)
    return value is other


# --- the protocols a proxy has when the value it wraps has them ---------------------------


def _items(self: Proxy, kind: str, items: Callable[[Any], Iterator[Any]]) -> Iterator[Any]:
    recording: Recording = self._recording
    count = 0
    for count, item in enumerate(items(self._value), 1):
        yield recording.wrap(item, self, (kind, ("value", count - 1)))
    recording.record(self._node, (kind + " count",), count)


PROTOCOLS: dict[str, Callable[..., Any]] = {
    "__len__": lambda self: self._read("len"),
    "__bool__": lambda self: self._read("bool"),
    "__getitem__": lambda self, key: self._read("item", key, wrap=True),
    "__contains__": lambda self, item: self._read("contains", item),
    "__call__": lambda self, *args, **kwargs: self._read(
        "call", args, tuple(sorted(kwargs.items())), wrap=True
    ),
    "__iter__": lambda self: _items(self, "item of", iter),
    "__reversed__": lambda self: _items(self, "reversed item of", reversed),
    "__add__": lambda self, other: self._read("add", other, wrap=True),
    "__radd__": lambda self, other: self._read("radd", other, wrap=True),
    "__hash__": Proxy.__hash__,  # kept: a class that defines __eq__ is otherwise unhashable
    "__str__": lambda self: self._read("str"),
    "__repr__": lambda self: self._read("repr"),
    "__format__": lambda self, spec: self._read("format", spec),
    **{
        operator: lambda self, other, operator=operator: self._read("compare", operator, other)
        for operator in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__")
    },
}


@functools.cache
def proxy_class(kind: type) -> type[Proxy]:
    """A proxy class with the protocols of `kind` and its abstract classes (Mapping...)."""
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
    return made


# A page's reads as stored: each step from its parent's value (a name of the context at the
# top), and the steps taken from the value it gave. Pages that read alike share one tree;
# each node is evaluated once a page.
Shape = tuple[tuple[Any, "Shape"], ...]


def summary(recording: Recording, shapes: dict[Any, Shape]) -> tuple[Shape, bytes]:
    """A recording as stored: its tree of reads (each branch the one object `shapes` holds
    for it, so that pages share them), and one digest of their answers in the tree's order."""
    found: list[bytes] = []

    def freeze(node: Node) -> Shape:
        shape = []
        for step, (answer, below) in node.items():
            found.append(answer)
            shape.append((step, freeze(below) if below else ()))
        # The branches below are shared already: known by their ids, not hashed again.
        return shapes.setdefault(tuple((step, id(below)) for step, below in shape), tuple(shape))

    shape = freeze(recording.tree)
    return shape, hashlib.blake2b(b"".join(found), digest_size=16).digest()


_TOP = object()


def _flat(value: Any) -> Iterator[Any]:
    """Every element of nested tuples (the arguments of a step)."""
    if isinstance(value, tuple):
        for item in value:
            yield from _flat(item)
    else:
        yield value


class Replay:
    """A build's answers to the reads its pages recorded in the last one.

    What pages ask of the same object by the same reads is found once: a list item's reads
    are asked once, not by every list showing it. While pages are written the one thing that
    changes for all of them is the shared context's `localsiteurl` (Pelican's writer sets it
    for each page, and a content object's `content` and `summary` follow it), so it is part
    of each key; the object is kept, so that its id names it. A branch that reads the page's
    context again (an argument of a call or a comparison read from it) is asked anew on each
    page. A branch is kept from the second time it is asked: most are asked once (a page's
    own objects, and each article's tags, section and author, which Pelican makes anew for
    each article), and keeping those cost an edit at 5,000 articles 48 MB of its 288. (Single
    attributes are not kept: at 5,000 articles keeping them cost 60 MB and saved no time.)"""

    def __init__(self) -> None:
        self.branches: dict[tuple[int, int, Any], tuple[Any, list[bytes]]] = {}
        self.asked: set[int] = set()  # the branches asked once, by their keys' hashes
        self._own: dict[int, bool] = {}
        self.context: Mapping[str, Any] = {}
        self.site: Any = None

    def answers(self, shape: Shape, context: Mapping[str, Any]) -> bytes:
        """One digest of what each read of `shape` gives in `context`, in the tree's order."""
        self.context, self.site = context, context.get("localsiteurl")
        found: list[bytes] = []
        self.walk(shape, _TOP, None, found)
        return hashlib.blake2b(b"".join(found), digest_size=16).digest()

    def own(self, shape: Shape) -> bool:
        """Whether a branch reads nothing but the value it starts from."""
        known = self._own.get(id(shape))
        if known is None:
            known = all(
                not any(part == "path" for part in _flat(step[1:])) and self.own(below)
                for step, below in shape
            )
            self._own[id(shape)] = known
        return known

    def argument(self, value: tuple[str, Any]) -> Any:
        kind, data = value
        if kind == "path":
            return self.evaluate(data)
        if kind in ("list", "tuple"):
            items = [self.argument(item) for item in data]
            return items if kind == "list" else tuple(items)
        return slice(*data) if kind == "slice" else data

    def evaluate(self, path: Path) -> Any:
        value = self.context.get(path[0], missing)
        for step in path[1:]:
            value = self.step(value, step)
        return value

    def step(self, value: Any, step: tuple[Any, ...]) -> Any:
        kind = step[0]
        if kind == "attr":
            return getattr(value, step[1])
        return STEPS[kind](value, *[self.argument(argument) for argument in step[1:]])

    def walk(self, shape: Shape, parent: Any, failed: BaseException | None, found: list) -> None:
        """Append the answer of each read of `shape`, taken from `parent`, to `found`."""
        for step, below in shape:
            value, error = None, failed
            if failed is None:
                try:
                    value = (
                        self.context.get(step, missing)
                        if parent is _TOP
                        else self.step(parent, step)
                    )
                except Unrecordable:
                    raise
                except Exception as exception:  # the same exception is the same answer
                    # Kept without its traceback: its frames would keep whole pages alive.
                    error = exception.with_traceback(None)
            found.append(_answer(value, error))
            if not below:
                continue
            if error is not None or isinstance(value, PLAIN) or not self.own(below):
                self.walk(below, value, error, found)
                continue
            key = (id(below), id(value), self.site)
            branch = self.branches.get(key)
            if branch is None or branch[0] is not value:
                mine: list[bytes] = []
                self.walk(below, value, None, mine)
                branch = (value, mine)
                asked = hash(key)
                if asked in self.asked:  # (a value gone may share an id: kept, harmless)
                    self.branches[key] = branch
                self.asked.add(asked)
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
            return recording.wrap(value, None, key)
        return value  # a global of the environment: code, not data
