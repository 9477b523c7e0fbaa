"""Argument checks shared by the Alarms components of every cloud (`components.aws.alarms`,
`components.gcp.alarm_presets`): each raises a ValueError that starts "Alarms <argument>" and says what is
allowed."""

from __future__ import annotations

from typing import Any, NoReturn


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


def percent(argument: str, value: object) -> None:
    number(argument, value, 0, 100, above=True)
