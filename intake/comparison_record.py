"""A comparison as plain JSON data and back, so a plan version can keep the comparison it was drafted from.

Pure: standard library and the comparison's types only, never Django. The record holds every answer the comparison
used (and the safety findings): whoever stores it seals it like the answers themselves.
"""

import dataclasses
import hashlib
import json
import types
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from intake.comparison_types import Answers, Comparison
from intake.message import Join, Message, Text, from_data, to_data

FORMAT = 1


def to_record(comparison: Comparison) -> dict[str, Any]:
    """Plain JSON-ready data: dataclasses become dicts, tuples lists, enums their values."""
    return {"format": FORMAT, "comparison": _plain(comparison)}


def from_record(record: Mapping[str, Any]) -> Comparison:
    """The comparison stored by to_record(); ValueError for a record of another format."""
    if record.get("format") != FORMAT:
        raise ValueError(f"unknown comparison record format {record.get('format')!r}")
    built = _build(Comparison, record["comparison"])
    if not isinstance(built, Comparison):
        raise ValueError("the record does not hold a comparison")
    return built


def answers_digest(answers_a: Answers | None, answers_b: Answers | None) -> str:
    """A fingerprint of what a comparison was made from: both partners' submitted answers (None: not submitted).

    Equal answers give equal digests however they were stored, so a plan can tell whether they changed since."""
    canonical = json.dumps([answers_a, answers_b], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, Message | Join):
        return to_data(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _build(kind: Any, data: Any) -> Any:
    """`data` as an instance of the annotated type `kind` (dataclasses, tuples, enums, optionals, scalars)."""
    return _builder(kind)(data)


@cache
def _builder(kind: Any) -> Callable[[Any], Any]:
    """How to build `kind` from plain data, worked out once per type: the plan pages rebuild a stored comparison
    of some thousand values on each view, and asking each value's type what it is was most of that time."""
    if kind == Text:
        # A finding's sentence: a Message or Join as to_data() stores it, or the English string a comparison
        # stored before its sentences were messages (shown as it was written).
        return from_data
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in args if arg is not type(None)]
        build_inner = _builder(inner)
        return lambda data: None if data is None else build_inner(data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            build_item = _builder(args[0])
            return lambda data: tuple(build_item(item) for item in data)
        builders = [_builder(arg) for arg in args]
        return lambda data: tuple(build(item) for build, item in zip(builders, data, strict=True))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_builder(kind)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    if kind is float:
        return lambda data: float(data) if isinstance(data, int) else data
    return lambda data: data


def _dataclass_builder(kind: type) -> Callable[[Any], Any]:
    hints = get_type_hints(kind)
    fields = [(field.name, _builder(hints[field.name])) for field in dataclasses.fields(kind) if field.init]

    def build(data: Any) -> Any:
        return kind(**{name: build_field(data[name]) for name, build_field in fields if name in data})

    return build
