"""A comparison as plain JSON data and back, so a plan version can keep the comparison it was drafted from.

Pure: standard library and the comparison's types only, never Django. The record holds every answer the comparison
used (and the safety findings): whoever stores it seals it like the answers themselves.
"""

import dataclasses
import hashlib
import json
import types
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from intake.comparison_types import Answers, Comparison

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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _build(kind: Any, data: Any) -> Any:
    """`data` as an instance of the annotated type `kind` (dataclasses, tuples, enums, optionals, scalars)."""
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _build(inner, data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item) for item in data)
        return tuple(_build(arg, item) for arg, item in zip(args, data, strict=True))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        fields = {field.name for field in dataclasses.fields(kind) if field.init}
        return kind(**{name: _build(hints[name], data[name]) for name in fields if name in data})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is float and isinstance(data, int):
        return float(data)
    return data
