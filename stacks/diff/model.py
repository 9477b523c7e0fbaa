"""The data of a plan diff: `Change` (one property), `ResourceDiff` (one resource), `Dependent` (an unchanged
resource that reads a replaced one), `CostShift` (an unchanged resource whose cost moves) and `PlanDiff` (the
whole diff, with its summary and `--json` document); the `Action` names and symbols and `CostEstimate`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..replacement import MISSING

Action = Literal["create", "update", "replace", "delete"]
ACTIONS: tuple[Action, ...] = ("create", "update", "replace", "delete")
SYMBOLS: dict[str, str] = {"create": "+", "update": "~", "replace": "+-", "delete": "-"}

CostEstimate = Callable[[Mapping[str, Any]], Mapping[str, float | None]]
"""A plan document -> the monthly cost in USD of each resource, by URN; None (or absent) when not priced."""


@dataclass(frozen=True)
class Change:
    """One property that differs: `before` is `MISSING` for an added one, `after` for a removed one."""

    path: str
    before: Any
    after: Any
    keys: tuple[str, ...] = ()
    """The object keys along `path` (list positions and JSON markers left out), for matching rules."""
    forces_replacement: bool = False

    @property
    def kind(self) -> Literal["add", "remove", "update"]:
        if self.before is MISSING:
            return "add"
        if self.after is MISSING:
            return "remove"
        return "update"

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"path": self.path, "kind": self.kind}
        if self.before is not MISSING:
            found["before"] = self.before
        if self.after is not MISSING:
            found["after"] = self.after
        found["forcesReplacement"] = self.forces_replacement
        return found


@dataclass
class ResourceDiff:
    """One resource that changes."""

    action: Action
    urn: str
    """The after-plan's URN; the before-plan's for a delete."""
    type: str
    name: str
    custom: bool
    kind: str | None = None
    """The stateful kind of the type (`stacks.replacement`), None for a stateless type or a component."""
    protect: bool = False
    retain_on_delete: bool = False
    old_urn: str | None = None
    """The before-plan's URN when it differs from `urn` (an aliased rename, or a move that replaces)."""
    aliased: bool = False
    changes: list[Change] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    """Why a replace is one: each input that forces it, or the URN change."""
    inputs: dict[str, Any] = field(default_factory=dict, repr=False)
    """The inputs of a created resource (of a deleted one: its last inputs)."""
    monthly_delta: float | None = None
    """The monthly cost delta in USD from `diff_documents(cost=...)`; None when not computed or priced."""

    @property
    def stateful(self) -> bool:
        return self.custom and self.kind is not None

    @property
    def dangerous(self) -> bool:
        """A stateful resource replaced, or deleted (unless the cloud resource is retained on delete)."""
        if not self.stateful:
            return False
        return self.action == "replace" or (self.action == "delete" and not self.retain_on_delete)

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "action": self.action,
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "custom": self.custom,
            "stateful": self.stateful,
            "kind": self.kind,
            "dangerous": self.dangerous,
            "protect": self.protect,
            "retainOnDelete": self.retain_on_delete,
        }
        if self.old_urn is not None:
            found["oldUrn"] = self.old_urn
            found["aliased"] = self.aliased
        found["replaceReasons"] = list(self.reasons)
        found["changes"] = [c.as_dict() for c in self.changes]
        if self.action in ("create", "delete"):
            found["inputs"] = self.inputs
        found["monthlyDelta"] = self.monthly_delta
        return found


@dataclass(frozen=True)
class Dependent:
    """A resource that depends on a replaced one: `pulumi up` updates it with the new outputs."""

    urn: str
    type: str
    name: str
    replaced: tuple[str, ...]
    """The names of the replaced resources it depends on."""

    def as_dict(self) -> dict[str, Any]:
        return {"urn": self.urn, "type": self.type, "name": self.name, "replaced": list(self.replaced)}


@dataclass(frozen=True)
class CostShift:
    """An unchanged resource whose monthly cost moves with another change (an ECS service whose task
    definition's size changed)."""

    urn: str
    type: str
    name: str
    monthly_delta: float

    def as_dict(self) -> dict[str, Any]:
        return {"urn": self.urn, "type": self.type, "name": self.name, "monthlyDelta": self.monthly_delta}


@dataclass
class PlanDiff:
    """What changes from one plan to another."""

    before_label: str
    after_label: str
    resources: list[ResourceDiff]
    unchanged: int
    outputs: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    monthly_total: float | None = None
    """The whole plan's monthly cost after minus before, from `diff_documents(cost=...)`."""
    dependents: list[Dependent] = field(default_factory=list)
    """Unchanged resources that read a replaced resource's outputs: they update at `pulumi up`."""
    cost_shifts: list[CostShift] = field(default_factory=list)
    """Unchanged resources whose monthly cost moves with another change."""

    @property
    def has_changes(self) -> bool:
        return bool(self.resources or self.outputs)

    @property
    def dangerous(self) -> list[ResourceDiff]:
        return [r for r in self.resources if r.dangerous]

    def count(self, action: Action) -> int:
        return sum(1 for r in self.resources if r.action == action)

    @property
    def monthly_delta(self) -> float | None:
        """`monthly_total`, or the sum of the changed resources' deltas; None when nothing was priced."""
        if self.monthly_total is not None:
            return self.monthly_total
        priced = [r.monthly_delta for r in self.resources if r.monthly_delta is not None]
        return sum(priced) if priced else None

    def summary(self) -> str:
        parts = [f"{self.count(a)} to {a}" for a in ACTIONS]
        text = ", ".join(parts) + f"; {self.unchanged} unchanged"
        if self.dependents:
            text += f" ({len(self.dependents)} depend{_s(-len(self.dependents))} on a replaced resource)"
        if self.dangerous:
            text += f"; {len(self.dangerous)} stateful resource{_s(len(self.dangerous))} replaced or deleted"
        return text

    def document(self) -> dict[str, Any]:
        """The `stackyard diff --json` document."""
        return {
            "before": self.before_label,
            "after": self.after_label,
            "summary": {
                **{a: self.count(a) for a in ACTIONS},
                "unchanged": self.unchanged,
                "dangerous": len(self.dangerous),
                "monthlyDelta": self.monthly_delta,
            },
            "dangerous": [r.urn for r in self.dangerous],
            "resources": [r.as_dict() for r in self.resources],
            "outputs": [c.as_dict() for c in self.outputs],
            "dependents": [d.as_dict() for d in self.dependents],
            "costShifts": [c.as_dict() for c in self.cost_shifts],
            "notes": list(self.notes),
        }


def _s(count: int) -> str:
    """A plural noun's "s"; for a verb, pass the count negated ("1 depends", "2 depend")."""
    if count < 0:
        return "s" if count == -1 else ""
    return "" if count == 1 else "s"
