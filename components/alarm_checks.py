"""Argument checks shared by the Alarms components of every cloud (`components.aws.alarms`,
`components.gcp.alarms`): each raises a ValueError that starts "Alarms <argument>" and says what is
allowed."""

from __future__ import annotations

import re
from typing import Any, NoReturn

from .bounds import Between


def fail(argument: str, value: object, allowed: str) -> NoReturn:
    raise ValueError(f"Alarms {argument} {value!r} is not allowed; use {allowed}")


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def items(argument: str, value: object) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        fail(argument, value, "a list")
    return value


def number(
    argument: str,
    value: object,
    low: float,
    high: float | None,
    *,
    integer: bool = False,
    above: bool = False,
) -> None:
    """`value` must be a number (an int when `integer`) from `low` (exclusive when `above`) to `high`."""
    ok = is_int(value) if integer else is_number(value)
    if ok:
        assert isinstance(value, (int, float))
        ok = (value > low if above else value >= low) and (high is None or value <= high)
    if not ok:
        kind = "a whole number" if integer else "a number"
        start = f"above {low:g}" if above else f"{low:g}"
        fail(
            argument,
            value,
            f"{kind} from {start} to {high:g}" if high is not None else f"{kind} of {start} or more",
        )


# The bound of an alarm's percentage argument (`components.bounds`): above 0, at most 100.
PERCENT = Between(0, 100, whole=False, above=True, what="a number from above 0 to 100")


# -- uptime checks (both clouds) ------------------------------------------------------------------------

HOSTNAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# An HTTP path the checkers request: starts with /, no spaces, no fragment, at most 2048 characters (the
# shorter of Route 53's ResourcePath limit, 255, is checked by the AWS component).
URL_PATH = re.compile(r"^/[^\s#]*$")
UPTIME_LABEL = re.compile(r"^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$")
UPTIME_LABEL_RULE = "lowercase letters, digits and hyphens, at most 40, starting with a letter"


def uptime_target(where: str, value: dict[str, Any], labels: set[str], max_path: int) -> None:
    """An uptime check's `name` (a unique label), `host` (a public DNS name; an Output is not checked) and
    `path` (default "/", at most `max_path` characters)."""
    name = value.get("name")
    if not isinstance(name, str) or not UPTIME_LABEL.match(name):
        fail(f"{where}.name", name, UPTIME_LABEL_RULE)
    if name in labels:
        raise ValueError(f"Alarms {where}.name {name!r} is already used; give each uptime check its own name")
    labels.add(name)
    host = value.get("host")
    if isinstance(host, str) and not HOSTNAME.match(host):
        fail(
            f"{where}.host",
            host,
            "a public DNS name such as api.shop.example.com (lowercase, no scheme, port or path)",
        )
    path = value.get("path", "/")
    if not (isinstance(path, str) and URL_PATH.match(path) and len(path) <= max_path):
        fail(f"{where}.path", path, f"a path starting with / (no spaces or #, at most {max_path} characters)")
