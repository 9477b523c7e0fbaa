"""What the AWS rules share: how they read inputs (the package's docstring says what absent and unknown
values mean), Pulumi's naming facts, and the name-length check behind the rules on the provider name
limits the mocks do not check."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..model import UNKNOWN, WORLD, Resource

# -- facts ---------------------------------------------------------------------------------------------------

# Pulumi auto-names a resource "<logical name>-<7 random characters>".
AUTONAME_SUFFIX = 8
# Terraform's PrefixedUniqueId (used for every `*Prefix` input) appends 26 characters.
PREFIX_SUFFIX = 26


# -- reading inputs ------------------------------------------------------------------------------------------


def _unknown(value: Any) -> bool:
    return isinstance(value, str) and value == UNKNOWN


def _raw(resource: Resource, path: str) -> Any:
    """The input at a dotted path as given: None when absent or null (not set), UNKNOWN when not known."""
    value: Any = resource.inputs
    for part in path.split("."):
        if _unknown(value):
            return UNKNOWN
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _items(value: Any) -> list[Any]:
    """A list input as a list (also a CrossGuard list proxy); [] for anything else."""
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return list(value)
    return []


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _strings(value: Any) -> list[str]:
    """A policy element that is a string or a list of strings, as a list."""
    if isinstance(value, str):
        return [value]
    return [v for v in _items(value) if isinstance(v, str)]


def _show(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, str) else str(value)


def _must_be_true(resource: Resource, key: str) -> str | None:
    """A violation unless the boolean input `key` is true (not set counts as the provider's false)."""
    value = _raw(resource, key)
    if value is True or _unknown(value):
        return None
    return f"{key} is {_show(value)}" + (" (the provider's default is false)" if value is None else "")


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return None


def _json(value: Any) -> Any:
    """A JSON document given as a string (or already parsed); None when unknown or not JSON."""
    if _unknown(value) or value is None:
        return None
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _join(problems: Iterable[str]) -> str | None:
    found = list(problems)
    return "; ".join(found) if found else None


def _statements(document: Any) -> list[Mapping[str, Any]]:
    statements = _mapping(document).get("Statement")
    if isinstance(statements, Mapping):
        return [statements]
    return [s for s in _items(statements) if isinstance(s, Mapping)]


def _is_world(cidr: str) -> bool:
    if cidr in WORLD:
        return True
    try:
        return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
    except ValueError:
        return False


# -- name limits ---------------------------------------------------------------------------------------------


def _name_length(
    resource: Resource, key: str, limit: int, prefix_key: str | None = None, prefix_limit: int = 0
) -> str | None:
    """A violation when the explicit name, the prefix, or Pulumi's auto-name is too long."""
    name = _raw(resource, key)
    if _unknown(name):
        return None
    if isinstance(name, str):
        return (
            f"{key} {name!r} has {len(name)} characters; the limit is {limit}" if len(name) > limit else None
        )
    if prefix_key is not None:
        prefix = _raw(resource, prefix_key)
        if _unknown(prefix):
            return None
        if isinstance(prefix, str):
            if len(prefix) > prefix_limit:
                return f"{prefix_key} {prefix!r} has {len(prefix)} characters; the limit is {prefix_limit}"
            return None
    if len(resource.name) + AUTONAME_SUFFIX > limit:
        return (
            f"{key} is not set, so Pulumi names it {resource.name!r} plus {AUTONAME_SUFFIX} characters, "
            f"more than {limit}"
        )
    return None
