"""Pydantic's validation errors of a stack file as one line per problem, each naming the full key path and
what is allowed there (`stackyard:app.services.web.port: ...`).

`describe_validation_error` turns a `ValidationError` of `StackConfig` into those lines; `_suggest` adds a
"did you mean" (or the list of allowed keys) to a message about an unknown name. `stacks.config` reports
them with its other problems and re-exports every name here.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Annotated, Any, Union

from pydantic import BaseModel, ValidationError

from .model import (
    HOSTNAME_PATTERN,
    NAME_PATTERN,
    NAME_SUFFIX_PATTERN,
    NAMESPACE,
    SECRET_NAME_PATTERN,
    SERVICE_KINDS,
    Service,
    StackConfig,
)


def describe_validation_error(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        path = _key_path(_strip_tags(item["loc"]))
        lines.append(f"{path}: {_describe(item, item['loc'])}")
    return lines


def _strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the discriminator tag pydantic inserts after `services.<name>`."""
    out: list[Any] = []
    for index, part in enumerate(loc):
        if index >= 2 and loc[index - 2] == "services" and part in SERVICE_KINDS:
            continue
        if part == "[key]":  # pydantic's marker for an invalid mapping key; the key itself precedes it
            continue
        out.append(part)
    return tuple(out)


def _key_path(loc: tuple[Any, ...]) -> str:
    if not loc:
        return NAMESPACE
    head, *rest = loc
    text = {"region": "<cloud>:region", "project": "gcp:project"}.get(str(head), f"{NAMESPACE}:{head}")
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _describe(item: Any, loc: tuple[Any, ...]) -> str:
    kind = item["type"]
    value = item.get("input")
    ctx = item.get("ctx", {})
    if kind == "extra_forbidden":
        key = str(loc[-1])
        kind_of_service = loc[-2] if len(loc) >= 4 and loc[-4] == "services" else None
        if kind_of_service in SERVICE_KINDS:
            owners = [k for k, model in SERVICE_KINDS.items() if key in model.model_fields]
            if owners:
                return (
                    f"unknown key for a {kind_of_service} service; {key!r} belongs to {' and '.join(owners)} "
                    "services (a web service has a port, a job has a schedule)"
                )
        return f"unknown key{_suggest(key, _allowed_keys(loc[:-1]))}"
    if kind == "missing":
        return "required key is missing"
    if kind in ("literal_error", "enum"):
        return f"{_show(value)} is not allowed; use one of {ctx.get('expected', '').replace(' or ', ', ')}"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} is not allowed here; {_PATTERN_HELP.get(ctx.get('pattern'), 'see the docs')}"
    if kind == "union_tag_invalid":
        return "must be a mapping"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{_show(value)} is out of range; it must be {_BOUNDS[kind]} {ctx.get(_BOUND_KEYS[kind])}"
    if value is None and (kind.endswith("_type") or kind.endswith("_parsing")):
        return f"null, but a value is required here; {item['msg'][0].lower()}{item['msg'][1:]}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{_show(value)} has the wrong type; {item['msg'][0].lower()}{item['msg'][1:]}"
    return f"{_show(value)}: {item['msg']}"


_BOUNDS = {
    "greater_than_equal": "at least",
    "less_than_equal": "at most",
    "greater_than": "more than",
    "less_than": "less than",
}
_BOUND_KEYS = {"greater_than_equal": "ge", "less_than_equal": "le", "greater_than": "gt", "less_than": "lt"}

_PATTERN_HELP = {
    NAME_PATTERN: "use lowercase letters, digits and hyphens, starting with a letter",
    NAME_SUFFIX_PATTERN: 'use lowercase letters, digits and inner hyphens (e.g. eu1), or "" for 0.2 names',
    SECRET_NAME_PATTERN: "secret names are UPPER_CASE letters, digits and _",
    HOSTNAME_PATTERN: "use a lowercase DNS name such as app.example.com",
    r"^/": "a path starts with /",
    r"^\d+(\.\d+)?$": "use a version number such as 7.1",
}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


def _suggest(word: str, choices: typing.Iterable[str]) -> str:
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    if choices:
        return f"; allowed: {', '.join(choices)}"
    return ""


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed in the mapping at `loc`, walking the models from `StackConfig`."""
    annotation: Any = StackConfig
    for part in loc:
        annotation = _child_annotation(annotation, part)
        if annotation is None:
            return []
    model = _model_of(annotation)
    return list(model.model_fields) if model else []


def _child_annotation(annotation: Any, part: Any) -> Any:
    model = _model_of(annotation)
    if model is not None:
        field = model.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict:
        return args[1]
    if origin is list:
        return args[0]
    if origin is Annotated:
        return _child_annotation(args[0], part)
    if origin in (Union, types.UnionType):
        if annotation == _SERVICE_UNION:
            return SERVICE_KINDS.get(str(part))
        for arg in args:
            if arg is not type(None):
                return _child_annotation(arg, part)
    return None


_SERVICE_UNION = typing.get_args(Service)[0]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _model_of(members[0])
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
