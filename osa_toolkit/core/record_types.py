"""Check that a record rebuilt from JSON holds the types its dataclasses declare.

The children's risk, age-assurance and children's access records are rebuilt field by field from a
saved JSON document (:mod:`osa_toolkit.core.children_records`, :mod:`osa_toolkit.core.caa_record`);
a document edited by hand or written by another program could put a number where text belongs, which
would only fail later, while the record is shown or exported. :func:`check_types` fails at once with
the path of the first wrong value.

>>> from osa_toolkit.core.record import Governance
>>> check_types(Governance(completed_by=3))
Traceback (most recent call last):
...
TypeError: governance.completed_by must be text; found a number
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any

_WORDS: dict[Any, str] = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    dt.date: "a date written YYYY-MM-DD",
    type(None): "null",
}


def check_types(record: Any, where: str = "") -> None:
    """Raise :class:`TypeError` naming the first field of ``record`` (a dataclass, checked all the
    way down) whose value does not have the declared type."""
    hints = _hints(type(record))
    prefix = where or _snake(type(record).__name__)
    for f in dataclasses.fields(record):
        _check(getattr(record, f.name), hints[f.name], f"{prefix}.{f.name}")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _snake(name: str) -> str:
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in name).split()
    return "_".join(w for w in words if w != "record") or "record"


def _found(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a section of keys"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a value of type {type(value).__name__}"


def _fail(where: str, expected: str, value: Any) -> TypeError:
    return TypeError(f"{where} must be {expected}; found {_found(value)}")


def _check(value: Any, hint: Any, where: str) -> None:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return
    if origin in (typing.Union, types.UnionType):
        if not any(_fits(value, a, where) for a in args):
            expected = " or ".join(_WORDS.get(a, getattr(a, "__name__", str(a))) for a in args)
            raise _fail(where, expected, value)
        return
    if origin is tuple:
        if not isinstance(value, tuple):
            raise _fail(where, "a list", value)
        items = args[:1] * len(value) if len(args) == 2 and args[1] is Ellipsis else args
        if len(items) != len(value):
            raise _fail(where, f"a list of {len(items)}", value)
        for i, (item, item_hint) in enumerate(zip(value, items, strict=True)):
            _check(item, item_hint, f"{where}[{i}]")
        return
    if origin is not None and issubclass(origin, Mapping):
        if not isinstance(value, Mapping):
            raise _fail(where, "a section of keys", value)
        key_hint, value_hint = args or (Any, Any)
        for key, item in value.items():
            _check(key, key_hint, f"{where} (a key)")
            _check(item, value_hint, f"{where}[{key!r}]")
        return
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, hint):
            raise _fail(where, "a section of keys", value)
        check_types(value, where)
        return
    if not _scalar_fits(value, hint):
        raise _fail(where, _WORDS.get(hint, getattr(hint, "__name__", str(hint))), value)


def _fits(value: Any, hint: Any, where: str) -> bool:
    try:
        _check(value, hint, where)
    except TypeError:
        return False
    return True


def _scalar_fits(value: Any, hint: Any) -> bool:
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is dt.date:
        return isinstance(value, dt.date)
    return isinstance(value, hint)
