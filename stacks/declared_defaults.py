"""Declared defaults: an argument's default as its docstring declares it, the same knob on every cloud.

`declared_default` reads the literal a "Default …" sentence starts with (`DeclaredDefault`);
`declared_defaults` gives every key of an `…Args` TypedDict (nested keys as `field.key`) its declared
default; `shared_defaults` collects, for each argument a component of one name takes on two or more clouds,
the default each cloud declares, which the cross-cloud defaults test compares.
"""

from __future__ import annotations

import ast
import re
import typing
from dataclasses import dataclass

from .component_reading import _annotations, args_type, by_name, fields

REQUIRED = "required"
# Where a literal at the start of a default's text may end: the text ends, or an explanation follows
# ("None: no replication", "False, set explicitly …", "3 (Cloud Run's own default)", "[80, 443]; [] …").
_LITERAL_END = re.compile(r":|,|;|\s\(|$")


@dataclass(frozen=True)
class DeclaredDefault:
    """An argument's default as its docstring declares it (the "Default …" sentence that the docs show)."""

    text: str
    """The sentence without its "Default"; "required" for a required argument."""
    literal: bool = False
    """Whether `text` starts with a Python literal: "False", "14", '"03:00"', "None: no replication"."""
    value: typing.Any = None
    """That literal's value (with `literal`)."""

    def same(self, other: DeclaredDefault) -> bool:
        """The same default: equal literal values (True is not 1), or, for described defaults, equal text."""
        if self.literal != other.literal:
            return False
        if not self.literal:
            return self.text == other.text
        return _same_value(self.value, other.value)


def _same_value(one: typing.Any, other: typing.Any) -> bool:
    if isinstance(one, bool) or isinstance(other, bool):
        return type(one) is type(other) and one == other
    if isinstance(one, int | float) and isinstance(other, int | float):
        return float(one) == float(other)
    return type(one) is type(other) and one == other


def declared_default(text: str) -> DeclaredDefault:
    """A default's text (`Field.default`, or "required") with the literal it starts with, if any."""
    for end in (match.start() for match in _LITERAL_END.finditer(text)):
        try:
            value = ast.literal_eval(text[:end].strip())
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        return DeclaredDefault(text, True, value)
    return DeclaredDefault(text)


def declared_defaults(typed_dict: type, prefix: str = "") -> dict[str, DeclaredDefault]:
    """Every key of an `…Args` TypedDict -> its declared default, and the keys of the TypedDicts its fields
    take (a dict or a list of them) as `field.key`."""
    hints = _annotations(typed_dict)
    result: dict[str, DeclaredDefault] = {}
    for field in fields(typed_dict):
        path = f"{prefix}{field.name}"
        result[path] = declared_default(REQUIRED if field.required else field.default)
        for nested in _typed_dicts_in(hints[field.name]):
            result.update(declared_defaults(nested, f"{path}."))
    return result


def _typed_dicts_in(annotation: typing.Any) -> list[type]:
    if typing.is_typeddict(annotation):
        return [annotation]
    return [found for argument in typing.get_args(annotation) for found in _typed_dicts_in(argument)]


def shared_defaults() -> dict[tuple[str, str], dict[str, DeclaredDefault]]:
    """(component, argument) -> {cloud: declared default} for every argument (nested keys as `field.key`)
    that the component of that name takes on two or more of `components.aws`, `.gcp` and `.k8s`."""
    result: dict[tuple[str, str], dict[str, DeclaredDefault]] = {}
    for name, offered in by_name().items():
        per_cloud = {cloud: declared_defaults(args_type(cls)) for cloud, cls in offered}
        for argument in dict.fromkeys(a for defaults in per_cloud.values() for a in defaults):
            found = {cloud: d[argument] for cloud, d in per_cloud.items() if argument in d}
            if len(found) >= 2:
                result[(name, argument)] = found
    return result
