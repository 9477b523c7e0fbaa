"""What values a component argument allows, declared once, next to the component's `...Args` TypedDict.

The TypedDict declares each argument's type, and its docstring the default and what it does; Pulumi's
schema inference (`pulumi package add`) reads both and accepts no `typing.Annotated`, so the bound sits
beside it, keyed by the same names:

    BOUNDS = bounds(
        LoadBalancerArgs,
        idle_timeout_seconds=Between(1, 4000),
        ip_address_type=OneOf("ipv4", "dualstack"),
    )

`components.checks.refuse_unknown_keys`, which every component runs first, checks each plain value given
(Outputs are never looked into, nested TypedDicts' keys included) against it, and an argument the TypedDict
types exactly `bool` against True or False, and raises one ValueError listing every problem ("LoadBalancer
idle_timeout_seconds 0 is not allowed; use 1 to 4000"); the docs (`stacks/docs.py`) show the bound in each
argument's row. A component's own checks handle what one argument's value cannot say alone (a combination
of arguments, a value that depends on another).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi


@dataclass(frozen=True)
class Between:
    """A whole number (never a bool) from `low` to `high`, both included; no upper bound when `high` is
    None. `whole=False` admits any number (int or float)."""

    low: int | float
    high: int | float | None = None
    whole: bool = True
    above: bool = False
    """Whether `low` itself is refused (a percentage "above 0")."""
    what: str = ""
    """How the error says it, when "use <low> to <high>" would not: e.g. "a whole number of days ≥ 1"."""

    def admits(self, value: object) -> bool:
        kinds: tuple[type, ...] = (int,) if self.whole else (int, float)
        return (
            isinstance(value, kinds)
            and not isinstance(value, bool)
            and (self.low < value if self.above else self.low <= value)  # type: ignore[operator]
            and (self.high is None or value <= self.high)  # type: ignore[operator]
        )

    def allowed(self) -> str:
        if self.what:
            return f"use {self.what}"
        low = f"above {self.low}" if self.above else f"{self.low}"
        return f"use {low} to {self.high}" if self.high is not None else f"use {low} or more"


@dataclass(frozen=True)
class OneOf:
    """One of `values` (a bool never is, even where 0 or 1 would be)."""

    values: tuple[Any, ...]
    what: str = ""
    """What the values are, when the error should say it: "use <what>: a, b, c"."""
    listed: bool = True
    """Whether the error and the docs list the values after `what`; False where `what` spells them out as a
    pattern (a family of instance classes)."""

    def __init__(self, *values: Any, what: str = "", listed: bool = True) -> None:
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "what", what)
        object.__setattr__(self, "listed", listed or not what)

    def admits(self, value: object) -> bool:
        return not isinstance(value, bool) and value in self.values

    def allowed(self) -> str:
        if not self.listed:
            return f"use {self.what}"
        listed = ", ".join(map(str, self.values))
        return f"use {self.what}: {listed}" if self.what else f"use one of {listed}"


Bound = Between | OneOf

# The bound a plain `bool` argument gets from its type alone.
_FLAG_ALLOWED = "use True or False"

_DECLARED: dict[type, Mapping[str, Bound]] = {}


def bounds(args_type: type, **declared: Bound) -> Mapping[str, Bound]:
    """Declare the bounds of `args_type`'s arguments (by their names) and return them. A name the TypedDict
    does not declare is a mistake in the component: TypeError at import."""
    keys = args_type.__required_keys__ | args_type.__optional_keys__  # type: ignore[attr-defined]
    unknown = sorted(set(declared) - keys)
    if unknown:
        raise TypeError(f"bounds of {args_type.__name__}: {', '.join(unknown)} not declared in it")
    _DECLARED[args_type] = dict(declared)
    return _DECLARED[args_type]


def bounds_of(args_type: type) -> Mapping[str, Bound]:
    """The bounds declared for `args_type` ({} when none are)."""
    return _DECLARED.get(args_type, {})


def value_problem(bound: Bound | None, flag: bool, value: object, nullable: bool = False) -> str | None:
    """What to use instead of `value` (an argument's value) when `bound` does not admit it, or, for an
    argument typed exactly `bool` (`flag`), when it is not a bool; None when it is admitted. An Output is
    never looked into; None is admitted only where the type allows it (`nullable`: `X | None`)."""
    if isinstance(value, pulumi.Output):
        return None
    if flag:
        return None if isinstance(value, bool) else _FLAG_ALLOWED
    if bound is None or (value is None and nullable):
        return None
    return None if bound.admits(value) else bound.allowed()


def described(bound: Bound) -> str:
    """The bound as the docs show it: "1 to 4000", "1 or more", "ipv4, dualstack"."""
    if isinstance(bound, OneOf):
        return ", ".join(f"`{v}`" for v in bound.values) if bound.listed else f"`{bound.what}`"
    low = f"above {bound.low}" if bound.above else f"{bound.low}"
    return f"{low} to {bound.high}" if bound.high is not None else f"{low} or more"
