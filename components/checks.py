"""Checks of plain (non-Output) component arguments, shared by every component.

Each returns the value when it is allowed and otherwise raises a ValueError that names the component, the
argument and what is allowed, e.g. "RedisCache memory_size_gb 0 is not allowed; use 1 to 300".
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, TypeVar

import pulumi

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
