"""The base every config section derives from: frozen, strict, unknown keys rejected.

`expected()` turns pydantic's type errors ("Input should be a valid tuple") into what a
store owner can type: "should be a list of intent names, e.g. ["where_is_my_order"]".
"""

from __future__ import annotations

import enum
import json
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo


class StrictModel(BaseModel):
    """A config section: typed, defaulted, immutable; an unknown key is an error."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=False, validate_default=True, use_attribute_docstrings=True
    )


LIST_ERRORS = frozenset({"tuple_type", "list_type", "set_type", "frozen_set_type"})
NUMBER_ERRORS = frozenset({"decimal_parsing", "decimal_type", "float_parsing", "float_type"})
WHOLE_ERRORS = frozenset({"int_parsing", "int_type", "int_from_float"})
LIST_EXAMPLE = '["one", "two"]'


def expected(root: type[BaseModel], loc: tuple[int | str, ...], err_type: str) -> str | None:
    """What the key should hold, in the owner's words; None: pydantic's message is clear enough."""
    field = field_at(root, loc)
    example = _example(field)
    if err_type in LIST_ERRORS:
        return f"should be {_list_of(field)} in square brackets, e.g. {example or LIST_EXAMPLE}"
    if err_type in NUMBER_ERRORS:
        return f"should be a number like {example or 50} (a dot for decimals, no quotes)"
    if err_type in WHOLE_ERRORS:
        return f"should be a whole number like {example or 3} (no quotes)"
    if err_type in {"bool_parsing", "bool_type"}:
        return "should be true or false (no quotes)"
    if err_type == "string_type":
        return 'should be text in quotes, e.g. "example"'
    return None


def field_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> FieldInfo | None:
    """The field a dotted location names (sections, then the key), if it is one."""
    model: Any = root
    field = None
    for part in loc:
        if not (isinstance(part, str) and isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = field.annotation
    return field


def _list_of(field: FieldInfo | None) -> str:
    args = typing.get_args(field.annotation) if field is not None else ()
    item = args[0] if args else None
    if isinstance(item, type) and issubclass(item, enum.Enum):
        return f"a list of {item.__name__.lower()} names"
    return "a list"


def _example(field: FieldInfo | None) -> str:
    """A TOML example: the field's documented example, else a non-empty default."""
    if field is None:
        return ""
    value = field.examples[0] if field.examples else field.default
    if isinstance(value, tuple | list) and not value:
        args = typing.get_args(field.annotation)
        first = next(iter(args[0]), None) if args and isinstance(args[0], type) and issubclass(
            args[0], enum.Enum) else None
        value = [first.value] if first is not None else []
    if value is None or value == () or isinstance(value, Mapping):
        return ""
    return _toml(value)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return json.dumps(value.value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
