"""What a pricing rule sees: the resource, the rest of the plan, the price table, the region and the usage."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import Line
from .prices import PriceTable
from .usage import Usage


@dataclass(frozen=True)
class Resource:
    """One resource of a plan document (`stackyard plan --json`)."""

    urn: str
    type: str
    name: str
    parent: str | None
    custom: bool
    id: str | None
    inputs: Mapping[str, Any]

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> Resource:
        return cls(
            urn=str(entry["urn"]),
            type=str(entry["type"]),
            name=str(entry.get("name", "")),
            parent=entry.get("parent"),
            custom=bool(entry.get("custom", True)),
            id=entry.get("id"),
            inputs=entry.get("inputs") or {},
        )

    def get(self, path: str, default: Any = None) -> Any:
        """The input at a dotted path (`template.scaling.minInstanceCount`), or `default`."""
        value: Any = self.inputs
        for part in path.split("."):
            if not isinstance(value, Mapping):
                return default
            value = value.get(part)
        return default if value is None else value


@dataclass
class Outcome:
    """What a rule finds for one resource: its cost lines, or that it is free (with why)."""

    lines: list[Line] = field(default_factory=list)
    note: str = ""
    free: bool = False


def free(reason: str) -> Outcome:
    return Outcome(note=reason, free=True)


def not_priced(reason: str, lines: list[Line] | None = None) -> Outcome:
    return Outcome(lines=list(lines or []), note=reason)


Rule = Callable[[Resource, "Context"], Outcome]


def registrar(rules: dict[str, Rule]) -> Callable[..., Callable[[Rule], Rule]]:
    """The `@rule(type, ...)` decorator that files a pricing function in `rules` under each type it prices."""

    def rule(*types: str) -> Callable[[Rule], Rule]:
        def register(function: Rule) -> Rule:
            for type_ in types:
                rules[type_] = function
            return function

        return register

    return rule


def merged(families: tuple[Any, ...], table: str) -> dict[str, Any]:
    """One cloud's `table` ("FREE", "NOT_PRICED" or "RULES"): its rule modules' own tables, in order."""
    return {type_: entry for family in families for type_, entry in getattr(family, table).items()}


@dataclass
class Context:
    resources: list[Resource]
    region: str | None
    table: PriceTable
    usage: Usage

    def fixed(
        self, name: str, quantity: float, unit: str, item: str, note: str = "", region: str | None = None
    ) -> Line:
        """A line that does not depend on usage: what the resource costs while it exists. `region` prices a
        resource that lives outside the stack's region (a bucket's own location)."""
        price = self.table.lookup(item, region or self.region)
        return Line(name, quantity, unit, item, "fixed", price, note=note)

    def use(
        self,
        name: str,
        quantity: float,
        unit: str,
        item: str,
        usage_key: str,
        note: str = "",
        region: str | None = None,
    ) -> Line:
        """A line computed from the usage file (`usage_key` names the figure it uses)."""
        price = self.table.lookup(item, region or self.region)
        return Line(name, quantity, unit, item, "usage", price, usage_key=usage_key, note=note)

    def usage_of(self, resource: Resource, section: str) -> dict[str, float]:
        return self.usage.for_resource(resource.name, section)

    def of_type(self, *types: str) -> Iterator[Resource]:
        return (r for r in self.resources if r.type in types)

    @functools.cached_property
    def by_urn(self) -> dict[str, Resource]:
        return {r.urn: r for r in self.resources}
