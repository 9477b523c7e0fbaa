"""Checks of plain (non-Output) component arguments, shared by every component.

Each returns the value when it is allowed and otherwise raises a ValueError that names the component, the
argument and what is allowed, e.g. "RedisCache memory_size_gb 0 is not allowed; use 1 to 300".

`refuse_unknown_keys` runs first in every component's `__init__`: it refuses argument keys (nested ones
included) that the component's `...Args` TypedDict does not declare, e.g. "ManagedPostgres: `multiaz` is
not an argument of ManagedPostgres; did you mean `multi_az`?".
"""

from __future__ import annotations

import contextvars
import difflib
import functools
import ipaddress
import re
import types
from collections import abc
from dataclasses import dataclass
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints, is_typeddict

import pulumi

from .bounds import Between, bounds_of, value_problem
from .mock_check import require_answering_mocks

T = TypeVar("T")


def not_allowed(component: str, arg: str, value: object, allowed: str) -> ValueError:
    """The error for `value` of `component`'s `arg`, with `allowed` saying what to use instead."""
    return ValueError(f"{component} {arg} {value!r} is not allowed; {allowed}")


def flag(component: str, arg: str, value: object) -> bool:
    """`value` if it is a bool."""
    if not isinstance(value, bool):
        raise not_allowed(component, arg, value, "use True or False")
    return value


def integer(component: str, arg: str, value: object, low: int, high: int | None = None) -> int:
    """`value` if it is an int (not a bool) from `low` to `high` (no upper bound when None)."""
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and low <= value
        and (high is None or value <= high)
    ):
        return value
    raise not_allowed(
        component, arg, value, f"use {low} to {high}" if high is not None else f"use {low} or more"
    )


def choice(component: str, arg: str, value: object, allowed: tuple[T, ...]) -> T:
    """`value` if it is one of `allowed` (a bool never is, even where 0 or 1 would be)."""
    if isinstance(value, bool) or value not in allowed:
        raise not_allowed(component, arg, value, f"use one of {', '.join(map(str, allowed))}")
    return value  # type: ignore[return-value]  # it is one of `allowed`


# A scheduled job's `timeout_seconds` and `max_retries`: the same knobs, defaults and bounds on Cloud Run
# (a job task runs at most 24 h, the generally available maximum, and is retried 0-10 times) and on
# Kubernetes (the same, by choice). Each runtime's ContainerService declares `JOB_BOUNDS`.
JOB_TIMEOUT_SECONDS, JOB_RETRIES = 600, 3
JOB_BOUNDS = {"timeout_seconds": Between(1, 86400), "max_retries": Between(0, 10)}


def job_run_limits(args: abc.Mapping[str, Any]) -> tuple[int, int]:
    """A scheduled job's (`timeout_seconds`, `max_retries`), defaulted (600 and 3); their bounds
    (`JOB_BOUNDS`) are checked before, with the component's other declared bounds."""
    return args.get("timeout_seconds", JOB_TIMEOUT_SECONDS), args.get("max_retries", JOB_RETRIES)


def version_text(value: object) -> object:
    """A version written as a whole number (`engine_version: 16` in YAML, or the int 16) as its text, "16";
    any other value as it is, for the caller's check (a float is left alone: 7.10 would read as 7.1)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def environment_and_secrets(
    component: str, environment: object, secrets: object, name_pattern: re.Pattern[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A container's `environment` (name -> plain value) and `secrets` (name -> a reference to a secret,
    checked by the caller), each None or a dict: names must match `name_pattern`, plain values must be
    strings or Outputs, and no name may be in both."""
    environment = environment or {}
    secrets = secrets or {}
    for label, mapping in (("environment", environment), ("secrets", secrets)):
        if not isinstance(mapping, dict):
            raise not_allowed(component, label, mapping, "use a dict of variable name -> value")
        for key in mapping:
            if not (isinstance(key, str) and name_pattern.match(key)):
                raise ValueError(
                    f"{component} {label} name {key!r} is not allowed; use letters, digits and _ (not "
                    "starting with a digit)"
                )
    assert isinstance(environment, dict) and isinstance(secrets, dict)
    for key, value in environment.items():
        if not isinstance(value, str | pulumi.Output):
            raise ValueError(
                f"{component} environment {key} is not allowed: its value is not a string or an Output; "
                "use a string (pass secrets through secrets)"
            )
    clash = sorted(set(environment) & set(secrets))
    if clash:
        raise ValueError(
            f"{component} environment {', '.join(clash)} is not allowed: also in secrets; keep it in "
            "secrets only"
        )
    return environment, secrets


def command_list(component: str, arg: str, value: object) -> list[str] | None:
    """A container's `command` or `entrypoint`: None, or a non-empty list of non-empty strings."""
    if value is not None and not (
        isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)
    ):
        raise not_allowed(component, arg, value, "use a non-empty list of strings, or None")
    return value


def api_access_cidrs(component: str, arg: str, value: object) -> list[str]:
    """The networks allowed to reach a cluster's public API endpoint: IPv4 CIDR blocks without host bits,
    never a /0 (an empty list means a private endpoint only). Duplicates are dropped."""
    if not isinstance(value, list | tuple):
        raise not_allowed(component, arg, value, "use a list of IPv4 CIDR blocks, or []")
    cidrs: list[str] = []
    for cidr in value:
        try:
            network = ipaddress.IPv4Network(cidr, strict=True) if isinstance(cidr, str) else None
        except ValueError:
            network = None
        if network is None:
            raise not_allowed(
                component, arg, cidr, "use IPv4 CIDR blocks with no host bits set, such as 203.0.113.0/24"
            )
        if network.prefixlen == 0:
            raise ValueError(
                f"{component} {arg} {cidr!r} is not allowed: it opens the Kubernetes API to the whole "
                "internet; list the CIDRs of your offices, VPN or CI runners, or leave [] for a private "
                "endpoint only"
            )
        cidrs.append(str(network))
    return list(dict.fromkeys(cidrs))


# Unknown argument keys ------------------------------------------------------------------------------------
#
# TypedDicts are not checked at run time, so without this a misspelled key (`multiaz`) would be ignored and
# its default (Multi-AZ on) silently kept. The allowed keys are read from the component's Args TypedDict
# (`__required_keys__ | __optional_keys__`, inherited fields included); nothing is restated here.


@dataclass(frozen=True)
class _Shape:
    """What is checked inside a plain value of one argument: a dict's keys against TypedDicts (`typed`), a
    list's or tuple's items (`items`), or a dict's values (`values`). None where nothing inside is checked."""

    typed: tuple[type, ...] = ()
    items: _Shape | None = None
    values: _Shape | None = None


# `pulumi.Input[X]` is `Union[X, Awaitable[X], "Output[T]"]`: the forward reference resolves with these names
# (Outputs are never looked into).
_HINT_NAMES = {"Output": pulumi.Output, "T": Any}
_SEQUENCES = (
    list,
    tuple,
    set,
    frozenset,
    abc.Sequence,
    abc.MutableSequence,
    abc.Set,
    abc.Collection,
    abc.Iterable,
)
_MAPPINGS = (dict, abc.Mapping, abc.MutableMapping)


def _merged(shapes: list[_Shape | None]) -> _Shape | None:
    found = [s for s in shapes if s is not None]
    if not found:
        return None
    typed = tuple(dict.fromkeys(t for s in found for t in s.typed))
    return _Shape(typed, _merged([s.items for s in found]), _merged([s.values for s in found]))


def _shape(annotation: object) -> _Shape | None:
    """The checked shape of a value annotated `annotation`: TypedDicts, also inside unions (`Optional`,
    `pulumi.Input`), lists, tuples and dicts; Awaitables, Outputs and plain types are not looked into."""
    if is_typeddict(annotation):
        return _Shape(typed=(annotation,))  # type: ignore[arg-type]  # a TypedDict class
    origin, parts = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        return _merged([_shape(part) for part in parts])
    if origin in _SEQUENCES:
        items = _merged([_shape(part) for part in parts if part is not Ellipsis])
        return None if items is None else _Shape(items=items)
    if origin in _MAPPINGS and len(parts) == 2:
        values = _shape(parts[1])
        return None if values is None else _Shape(values=values)
    return None


@functools.cache
def _hints(typed_dict: type) -> dict[str, Any]:
    """`typed_dict`'s type hints (inherited ones included), resolved once."""
    return get_type_hints(typed_dict, localns=_HINT_NAMES)


@functools.cache
def _fields(typed_dict: type) -> dict[str, _Shape | None]:
    """Every key `typed_dict` allows (inherited ones included) and what is checked inside its value."""
    hints = _hints(typed_dict)
    keys = typed_dict.__required_keys__ | typed_dict.__optional_keys__  # type: ignore[attr-defined]
    return {key: _shape(hints.get(key)) for key in sorted(keys)}


@functools.cache
def _flags(typed_dict: type) -> frozenset[str]:
    """The keys `typed_dict` types exactly `bool`: their value must be True or False."""
    return frozenset(key for key, hint in _hints(typed_dict).items() if hint is bool)


@functools.cache
def _nullable(typed_dict: type) -> frozenset[str]:
    """The keys whose type admits None (`X | None`): None means "not set" there."""
    return frozenset(
        key
        for key, hint in _hints(typed_dict).items()
        if get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint)
    )


def _unknown(component: str, path: str, where: str, key: object, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1)
    prefix = f"{path}." if path else ""
    hint = f"did you mean `{prefix}{close[0]}`?" if close else f"use one of {', '.join(allowed)}"
    return f"`{where}` is not an argument of {component}; {hint}"


def _keys_checked(
    value: abc.Mapping[Any, Any],
    typed: tuple[type, ...],
    path: str,
    component: str,
    problems: list[str],
    invalid: list[str] | None = None,
) -> dict[Any, Any]:
    """`value` without its unknown keys, each reported in `problems`; known keys' values checked in turn.
    With `invalid`, a value its declared bound (`components.bounds`) does not admit is reported there (the
    whole message) and left out too."""
    allowed: dict[str, _Shape | None] = {}
    for typed_dict in typed:
        for key, shape in _fields(typed_dict).items():
            allowed.setdefault(key, shape)
    kept: dict[Any, Any] = {}
    for key, item in value.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in allowed:
            problems.append(_unknown(component, path, where, key, list(allowed)))
            continue
        if invalid is not None:
            owner = next(t for t in typed if key in _fields(t))
            use = value_problem(
                bounds_of(owner).get(key), key in _flags(owner), item, key in _nullable(owner)
            )
            if use is not None:
                invalid.append(str(not_allowed(component, where, item, use)))
                continue
        kept[key] = _checked(item, allowed[key], where, component, problems, invalid)
    return kept


def _checked(
    value: object,
    shape: _Shape | None,
    path: str,
    component: str,
    problems: list[str],
    invalid: list[str] | None = None,
) -> object:
    if shape is None or isinstance(value, pulumi.Output):
        return value
    if isinstance(value, abc.Mapping):
        if shape.typed:
            return _keys_checked(value, shape.typed, path, component, problems, invalid)
        if shape.values is not None:
            return {
                k: _checked(v, shape.values, f"{path}.{k}", component, problems, invalid)
                for k, v in value.items()
            }
    elif isinstance(value, list | tuple) and shape.items is not None:
        items = [
            _checked(v, shape.items, f"{path}[{i}]", component, problems, invalid)
            for i, v in enumerate(value)
        ]
        return tuple(items) if isinstance(value, tuple) else items
    return value


def check_bounds(component: str, args_type: type, args: abc.Mapping[Any, Any]) -> None:
    """Raise one ValueError for every value of `args` (nested ones included) that its declared bound
    (`components.bounds`; True or False for an argument typed `bool`) refuses; nothing when all are
    admitted. A component's settle step runs it first, so the step holds its bounds when called alone."""
    invalid: list[str] = []
    _keys_checked(args, (args_type,), "", component, [], invalid)
    if len(invalid) == 1:
        raise ValueError(invalid[0])
    if invalid:
        listed = "\n".join(f"- {p}" for p in invalid)
        raise ValueError(f"{component}: {len(invalid)} problems with its arguments:\n{listed}")


def unknown_keys(component: str, args: abc.Mapping[Any, Any], args_type: type) -> list[str]:
    """One line per key of `args` (nested keys included, by path: `load_balancer.priorty`, `routes[0].hots`)
    that `args_type` does not declare, with the closest declared key or else the list of them."""
    problems: list[str] = []
    _keys_checked(args, (args_type,), "", component, problems)
    return problems


class _ChecksPassed(Exception):
    """Raised where the component would register: its own argument checks found no problem."""


class _ChecksOnly(pulumi.ComponentResource):
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise _ChecksPassed


@functools.cache
def _checks_only(component: type) -> type:
    """`component` whose `super().__init__(...)` (where it registers) raises `_ChecksPassed` instead."""
    return type(f"{component.__name__}ChecksOnly", (component, _ChecksOnly), {"__module__": __name__})


_CHECKING = contextvars.ContextVar("_CHECKING", default=False)


def _value_problems(component: type, name: str, args: dict[Any, Any], opts: object) -> list[str]:
    """The component's own checks of `args` (unknown keys left out): its `__init__` run up to the point where
    it registers, and never past it. They stop at their first problem, so this is one message at most."""
    token = _CHECKING.set(True)
    try:
        component.__init__(object.__new__(_checks_only(component)), name, args, opts)  # type: ignore[misc]
    except _ChecksPassed:
        return []
    except ValueError as error:
        return [str(error)]
    except Exception:  # a consequence of the unknown keys (a misspelled required key): they are reported
        return []
    finally:
        _CHECKING.reset(token)
    return []


def refuse_unknown_keys(
    component: type[pulumi.ComponentResource], args_type: type, name: str, args: object, opts: object
) -> None:
    """Refuse `args` that is not a dict, that has keys (nested ones included) `args_type` does not declare,
    or values their declared bounds (`components.bounds`; True or False for a `bool` argument) refuse.

    Called first in `component.__init__` (before it registers anything). It raises one ValueError, one line
    per problem: an unknown key with its closest valid key (or the valid keys), a refused value with what to
    use. When no value is refused, the component's own value checks are run too (without the unknown keys,
    never past registration) and their first problem is added, so a misspelled key and a wrong value come
    out together.
    """
    require_answering_mocks(component)
    label = component.__name__
    if not isinstance(args, abc.Mapping):
        raise not_allowed(label, "args", args, f"use a dict of {label}'s arguments ({args_type.__name__})")
    unknown: list[str] = []
    invalid: list[str] = []  # values their declared bounds refuse, each a whole message
    kept = _keys_checked(args, (args_type,), "", label, unknown, invalid)
    if not unknown and not invalid:
        return
    problems = [*invalid, *(f"{label}: {p}" for p in unknown)]
    if not _CHECKING.get() and not invalid:  # without a refused value, which the checks would miss
        problems += _value_problems(component, name, kept, opts)
    if len(problems) == 1:
        raise ValueError(problems[0])
    listed = [p.removeprefix(f"{label}: ") for p in problems]
    raise ValueError(
        f"{label}: {len(problems)} problems with its arguments:\n" + "\n".join(f"- {p}" for p in listed)
    )
