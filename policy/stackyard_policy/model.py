"""The rule model: a `Rule` checks one resource (or the whole stack) and says why it matters and how to fix
it; `evaluate` runs rules over resources. Standard library only, so the CrossGuard pack (`policy/`),
`stackyard check` and the tests share the very same rules.

A resource is what the Pulumi engine hands a policy: its type token, name, URN and inputs with the
provider's camelCase names. A value a preview cannot know yet is "[unknown]" (the CrossGuard adapter maps
CrossGuard's sentinels to it, as `stackyard plan` does); a rule that cannot decide on an unknown value
passes. An absent input is not unknown: the provider's default applies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["mandatory", "advisory"]
MANDATORY: Level = "mandatory"
ADVISORY: Level = "advisory"
UNKNOWN = "[unknown]"
WORLD = ("0.0.0.0/0", "::/0")


@dataclass(frozen=True)
class Resource:
    """One resource as a policy sees it."""

    urn: str
    type: str
    name: str
    inputs: Mapping[str, Any] = field(default_factory=dict)
    dependencies: tuple[str, ...] = ()
    """The URNs of the resources it depends on: those whose outputs flow into its inputs (and its
    `depends_on`), as `stackyard plan` and CrossGuard's stack policies report them. Stack rules read them to
    tell which listener a listener rule sits on, which load balancer a WAF association attaches to."""

    def get(self, path: str, default: Any = None) -> Any:
        """The input at a dotted path (`settings.ipConfiguration.ipv4Enabled`); `default` when absent or
        unknown."""
        value: Any = self.inputs
        for part in path.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return default
            value = value[part]
        return default if value is None or value == UNKNOWN else value

    @property
    def environment(self) -> str | None:
        """The stackyard environment the resource belongs to ("prod", "staging"), from its tags or labels;
        None when it carries none (resources made outside stackyard)."""
        for path in (
            "tags.environment",
            "labels.environment",
            "settings.userLabels.environment",
            "metadata.labels.environment",
            "resourceLabels.environment",
            "userLabels.environment",
        ):
            value = self.get(path)
            if isinstance(value, str):
                return value
        return None

    @property
    def is_prod(self) -> bool:
        return self.environment == "prod"


Check = Callable[[Resource], "str | None"]
StackCheck = Callable[[Sequence[Resource]], Iterable[tuple[Resource, str]]]


@dataclass(frozen=True)
class Rule:
    """A rule: `name` (kebab-case, unique), `level`, the resource `types` it checks, the `reason` it
    exists and a one-line `fix`. `check` returns the violation's message for one resource, or None;
    `check_stack` yields (resource, message) pairs over all resources (for rules about relationships)."""

    name: str
    level: Level
    types: tuple[str, ...]
    reason: str
    fix: str
    check: Check | None = None
    check_stack: StackCheck | None = None


@dataclass(frozen=True)
class Violation:
    rule: Rule
    urn: str
    message: str


def rule(
    name: str, level: Level, types: Sequence[str], reason: str, fix: str, into: list[Rule]
) -> Callable[[Check], Check]:
    """Decorator: register a per-resource check as a `Rule` in `into`."""

    def register(check: Check) -> Check:
        into.append(Rule(name, level, tuple(types), reason, fix, check=check))
        return check

    return register


def stack_rule(
    name: str, level: Level, types: Sequence[str], reason: str, fix: str, into: list[Rule]
) -> Callable[[StackCheck], StackCheck]:
    """Decorator: register a whole-stack check as a `Rule` in `into`."""

    def register(check: StackCheck) -> StackCheck:
        into.append(Rule(name, level, tuple(types), reason, fix, check_stack=check))
        return check

    return register


def evaluate(resources: Sequence[Resource], rules: Sequence[Rule]) -> list[Violation]:
    """Every violation of `rules` by `resources`, in resource order and then rule order."""
    found: list[Violation] = []
    for rule_ in rules:
        if rule_.check is not None:
            for resource in resources:
                if resource.type in rule_.types:
                    message = rule_.check(resource)
                    if message:
                        found.append(Violation(rule_, resource.urn, message))
        if rule_.check_stack is not None:
            relevant = [r for r in resources if not rule_.types or r.type in rule_.types]
            found.extend(Violation(rule_, r.urn, m) for r, m in rule_.check_stack(relevant))
    order = {r.urn: i for i, r in enumerate(resources)}
    return sorted(found, key=lambda v: (order.get(v.urn, len(order)), v.rule.name))


class _Absent:
    """The marker of an input that is not there (so the provider's default applies)."""

    def __repr__(self) -> str:
        return "absent"


ABSENT: Any = _Absent()


def is_unknown(value: Any) -> bool:
    """Whether a value is not known yet: "[unknown]", or None where a preview left it out."""
    return value is None or (isinstance(value, str) and value == UNKNOWN)


def lookup(value: Any, *path: str) -> Any:
    """The value at `path` inside nested mappings: ABSENT when a key along it is missing, UNKNOWN when it
    or an object on the way is unknown. Unlike `Resource.get`, this tells absent from unknown."""
    for key in path:
        if is_unknown(value):
            return UNKNOWN
        if not isinstance(value, Mapping) or key not in value:
            return ABSENT
        value = value[key]
    return UNKNOWN if is_unknown(value) else value


def opens_to_world(cidrs: Any) -> bool:
    """Whether a list of CIDR blocks admits the whole internet (IPv4 or IPv6)."""
    return isinstance(cidrs, Sequence) and not isinstance(cidrs, str) and any(c in WORLD for c in cidrs)


def resources_from_plan(document: Mapping[str, Any]) -> list[Resource]:
    """The custom resources of a `stackyard plan --json` document (components and providers left out)."""
    return [
        Resource(
            urn=r["urn"],
            type=r["type"],
            name=r["name"],
            inputs=r.get("inputs") or {},
            dependencies=tuple(r.get("dependencies") or ()),
        )
        for r in document.get("resources", [])
        if r.get("custom") and not str(r.get("type", "")).startswith("pulumi:providers:")
    ]
