"""`stackyard diff`: what changes between two plans, resource by resource and property by property.

`diff_documents(before, after)` compares two `stackyard plan --json` documents (`Plan.document()`) the way
`pulumi preview --diff` compares a stack's state with its program, but offline:

- Resources are matched by their logical URN without the stack and project (`<type chain>::<name>`), so
  two stacks of one project (staging against prod) compare too. A resource of the after-plan also matches
  the URNs it is aliased from (a resource's `aliases` in the document, and those it inherits from an
  aliased parent, as the Pulumi engine derives them).
- A matched pair whose inputs differ is an update, or a replace when an input that forces replacement on
  that type changed (`stacks.replacement`). An unmatched resource of the before-plan is a delete and one of
  the after-plan a create, except that a removed and an added resource of the same type and name (a
  resource moved under another parent without an alias) are one replace: Pulumi deletes one and creates
  the other.
- Inputs are compared structurally: nested objects key by key; lists of objects by their `name` / `Sid` /
  `id` / `key` when every element has a distinct one (`environment[name=LOG_LEVEL]`), other lists as
  sequences (an inserted element is one change, not a shifted tail); a string holding a JSON object or
  list (ECS container definitions, IAM policies) is parsed and compared the same way (`{json}` in a path).
- Values are the plan's: every secret is already "[secret]", so a secret's value never reaches a diff, and
  a change of a secret value alone does not show.

A replaced resource gets new outputs (an id, an ARN) at `pulumi up`, so the resources that read them
change too, which the plan cannot show (its mock outputs stay the same): `PlanDiff.dependents` lists the
after-plan's resources that depend directly on a replaced one (its outputs or `depends_on`) and do not
change otherwise.

A stateful resource (a database, cache, bucket, volume, secret, key, network, repository or cluster;
`stacks.replacement.STATEFUL_KINDS`) that would be replaced or deleted is a *dangerous* change:
`PlanDiff.dangerous` lists them and `stackyard diff` exits 3 unless `--allow-replace`.

The monthly cost of a change is not computed here. `diff_documents(..., cost=...)` takes a
`CostEstimate`: a function from a plan document to the monthly cost in USD of each resource, by URN (None
or absent when a resource is not priced). The diff calls it on both plans; each changed resource gets its
`monthly_delta` (after minus before; a create's whole cost, a delete's negated) and the diff its
`monthly_total` (the whole plan's after minus before, so a cost that moves with another resource's change
counts too). The renderers show the column and the total only when an estimate is given.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .replacement import MISSING, Forced, forced_replacements, rule_for

Action = Literal["create", "update", "replace", "delete"]
ACTIONS: tuple[Action, ...] = ("create", "update", "replace", "delete")
SYMBOLS: dict[str, str] = {"create": "+", "update": "~", "replace": "+-", "delete": "-"}
ROOT_STACK = "pulumi:pulumi:Stack"
IDENTITY_KEYS = ("name", "Name", "Sid", "id", "key", "logType")
"""Keys that identify an element of a list of objects, tried in this order."""
OPTIONS = ("protect", "retainOnDelete")
"""Resource options the plan reports besides the inputs; a change shows like a property change."""

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


# -- matching ------------------------------------------------------------------------------------------------


def logical_key(urn: str) -> str:
    """`urn:pulumi:<stack>::<project>::<type chain>::<name>` -> `<type chain>::<name>`."""
    parts = urn.split("::", 3)
    return "::".join(parts[2:]) if len(parts) == 4 else urn


def _qualified_type(urn: str) -> str:
    parts = urn.split("::", 3)
    return parts[2] if len(parts) == 4 else ""


def _child_alias(child_name: str, child_type: str, parent_name: str, parent_alias: str) -> str:
    """The key a child inherits from the alias key `parent_alias` of its parent (the Pulumi SDK's
    `inherited_child_alias`): the parent's aliased type chain, and the child's name re-prefixed when it
    starts with the parent's name."""
    parent_type, _, alias_parent_name = parent_alias.partition("::")
    name = child_name
    if child_name.startswith(parent_name):
        name = alias_parent_name + child_name[len(parent_name) :]
    qualified = child_type if parent_type in ("", ROOT_STACK) else f"{parent_type}${child_type}"
    return f"{qualified}::{name}"


def alias_keys(resources: list[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Per URN, the logical keys it is aliased from: its own `aliases` and those inherited from aliased
    parents, as the Pulumi SDK derives them (`all_aliases`)."""
    by_urn = {r["urn"]: r for r in resources}
    found: dict[str, set[str]] = {}

    def of(urn: str) -> set[str]:
        if urn in found:
            return found[urn]
        found[urn] = set()  # a plan has no cycles; this only guards against one
        resource = by_urn[urn]
        own = {logical_key(a) for a in resource.get("aliases") or []}
        keys = set(own)
        parent = by_urn.get(resource.get("parent") or "")
        if parent is not None:
            for parent_alias in of(parent["urn"]):
                keys.add(_child_alias(resource["name"], resource["type"], parent["name"], parent_alias))
                for alias in own:
                    qualified, _, alias_name = alias.partition("::")
                    alias_type = qualified.rsplit("$", 1)[-1]
                    keys.add(_child_alias(alias_name, alias_type, parent["name"], parent_alias))
        found[urn] = keys
        return keys

    for urn in by_urn:
        of(urn)
    return found


# -- property comparison -------------------------------------------------------------------------------------


def compare(before: Any, after: Any, path: str = "", keys: tuple[str, ...] = ()) -> Iterator[Change]:
    """Each leaf-most difference between `before` and `after` (either may be `MISSING`)."""
    if before is MISSING or after is MISSING:
        if not (before is MISSING and after is MISSING):
            yield Change(path, before, after, keys)
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in _ordered_keys(before, after):
            yield from compare(
                before.get(key, MISSING), after.get(key, MISSING), _join(path, key), (*keys, str(key))
            )
        return
    if isinstance(before, list) and isinstance(after, list):
        yield from _compare_lists(before, after, path, keys)
        return
    if isinstance(before, str) and isinstance(after, str) and before != after:
        parsed_before, parsed_after = _json_container(before), _json_container(after)
        if parsed_before is not MISSING and parsed_after is not MISSING:
            yield from compare(parsed_before, parsed_after, f"{path}{{json}}", keys)
            return
    if not _equal(before, after):
        yield Change(path, before, after, keys)


def _ordered_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return list(after) + [k for k in before if k not in after]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else str(key)


def _json_container(text: str) -> Any:
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return MISSING
    try:
        value = json.loads(stripped)
    except ValueError:
        return MISSING
    return value if isinstance(value, dict | list) else MISSING


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and _canonical(a) == _canonical(b)


def _names_uniquely(items: list[Any], key: str) -> bool:
    if not all(isinstance(i, dict) for i in items):
        return False
    values = [i.get(key) for i in items]
    return all(isinstance(v, str | int) and not isinstance(v, bool) for v in values) and len(
        set(values)
    ) == len(values)


def _identity_key(before: list[Any], after: list[Any]) -> str | None:
    """The key that names every element of both lists of objects uniquely, if one does."""
    if not (before or after):
        return None
    for key in IDENTITY_KEYS:
        if _names_uniquely(before, key) and _names_uniquely(after, key):
            return key
    return None


def _compare_lists(before: list[Any], after: list[Any], path: str, keys: tuple[str, ...]) -> Iterator[Change]:
    key = _identity_key(before, after)
    if key is not None:
        old = {item[key]: item for item in before}
        new = {item[key]: item for item in after}
        for ident in [*new, *(i for i in old if i not in new)]:
            yield from compare(
                old.get(ident, MISSING), new.get(ident, MISSING), f"{path}[{key}={ident}]", keys
            )
        return
    matcher = difflib.SequenceMatcher(
        a=[_canonical(i) for i in before], b=[_canonical(i) for i in after], autojunk=False
    )
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and a1 - a0 == b1 - b0:
            for offset in range(a1 - a0):
                yield from compare(before[a0 + offset], after[b0 + offset], f"{path}[{b0 + offset}]", keys)
            continue
        for index in range(a0, a1):
            yield Change(f"{path}[{index}]", before[index], MISSING, keys)
        for index in range(b0, b1):
            yield Change(f"{path}[{index}]", MISSING, after[index], keys)


# -- the diff ------------------------------------------------------------------------------------------------


def diff_documents(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    before_label: str = "before",
    after_label: str = "after",
    cost: CostEstimate | None = None,
    notes: Iterable[str] = (),
) -> PlanDiff:
    """What changes from the plan document `before` to `after` (see the module docstring)."""
    old = _resources(before)
    new = _resources(after)
    aliases = alias_keys(list(new.values()))
    aliased_from: dict[str, str] = {}
    for new_key, resource in new.items():
        for alias in aliases.get(resource["urn"], ()):
            if alias != new_key:
                aliased_from.setdefault(alias, new_key)

    pairs: list[tuple[str, str, bool]] = []  # (old key, new key, aliased)
    matched_new: set[str] = set()
    unmatched_old: list[str] = []
    for key in old:
        if key in new:
            pairs.append((key, key, False))
            matched_new.add(key)
    for key in old:
        if key in new:
            continue
        target = aliased_from.get(key)
        if target is not None and target not in matched_new:
            pairs.append((key, target, True))
            matched_new.add(target)
        else:
            unmatched_old.append(key)
    unmatched_new = [k for k in new if k not in matched_new]
    moved = _moved(old, new, unmatched_old, unmatched_new)
    for old_key, new_key in moved:
        unmatched_old.remove(old_key)
        unmatched_new.remove(new_key)

    diffs: list[ResourceDiff] = []
    unchanged = 0
    order = {key: index for index, key in enumerate(new)}
    for old_key, new_key, aliased in sorted(pairs, key=lambda p: order[p[1]]):
        found = _pair(old[old_key], new[new_key], aliased=aliased, moved=False)
        if found is None:
            unchanged += 1
        else:
            diffs.append(found)
    for old_key, new_key in moved:
        found = _pair(old[old_key], new[new_key], aliased=False, moved=True)
        if found is not None:
            diffs.append(found)
    diffs += [_single("create", new[k]) for k in unmatched_new]
    diffs += [_single("delete", old[k]) for k in unmatched_old]

    total, shifts = None, []
    if cost is not None:
        before_costs, after_costs = cost(before), cost(after)
        total = _price(diffs, old, new, before_costs, after_costs)
        shifts = _cost_shifts(diffs, old, new, before_costs, after_costs)

    rank = {"replace": 0, "update": 1, "create": 2, "delete": 3}
    diffs.sort(key=lambda d: (not d.dangerous, rank[d.action]))
    outputs = list(compare(dict(before.get("outputs") or {}), dict(after.get("outputs") or {})))
    all_notes = list(notes)
    if before.get("stack") and after.get("stack") and before.get("stack") != after.get("stack"):
        all_notes.append(
            f"The plans are of two stacks ({before.get('stack')} and {after.get('stack')}): resources "
            "are matched by their URN without the stack name."
        )
    dependents = _dependents(diffs, new)
    return PlanDiff(
        before_label, after_label, diffs, unchanged, outputs, all_notes, total, dependents, shifts
    )


def _dependents(diffs: list[ResourceDiff], new: dict[str, dict[str, Any]]) -> list[Dependent]:
    replaced = {d.urn: d.name for d in diffs if d.action == "replace" and d.custom}
    changed = {d.urn for d in diffs}
    found = []
    for resource in new.values():
        if resource["urn"] in changed:
            continue
        names = tuple(replaced[u] for u in resource.get("dependencies") or [] if u in replaced)
        if names:
            found.append(Dependent(resource["urn"], resource["type"], resource["name"], names))
    return found


def _price(
    diffs: list[ResourceDiff],
    old: dict[str, dict[str, Any]],
    new: dict[str, dict[str, Any]],
    before_costs: Mapping[str, float | None],
    after_costs: Mapping[str, float | None],
) -> float | None:
    """Set each diff's `monthly_delta`; return the plans' total delta (None when nothing is priced)."""
    old_urn = {logical_key(r["urn"]): r["urn"] for r in old.values()}
    for found in diffs:
        was = (
            before_costs.get(found.old_urn or _urn_in(old_urn, found.urn))
            if found.action != "create"
            else 0.0
        )
        now = after_costs.get(found.urn) if found.action != "delete" else 0.0
        found.monthly_delta = None if was is None or now is None else now - was
    priced_before = [v for v in before_costs.values() if v is not None]
    priced_after = [v for v in after_costs.values() if v is not None]
    if not priced_before and not priced_after:
        return None
    return sum(priced_after) - sum(priced_before)


def _cost_shifts(
    diffs: list[ResourceDiff],
    old: dict[str, dict[str, Any]],
    new: dict[str, dict[str, Any]],
    before_costs: Mapping[str, float | None],
    after_costs: Mapping[str, float | None],
) -> list[CostShift]:
    """The unchanged resources whose priced monthly cost differs by a cent or more between the plans."""
    changed = {d.urn for d in diffs}
    old_urn = {logical_key(r["urn"]): r["urn"] for r in old.values()}
    found = []
    for resource in new.values():
        if resource["urn"] in changed:
            continue
        was = before_costs.get(_urn_in(old_urn, resource["urn"]))
        now = after_costs.get(resource["urn"])
        if was is not None and now is not None and abs(now - was) >= 0.005:
            found.append(CostShift(resource["urn"], resource["type"], resource["name"], now - was))
    return found


def _urn_in(old_urns: dict[str, str], urn: str) -> str:
    """The before-plan's URN of the resource `urn` names (the same but for the stack, maybe)."""
    return old_urns.get(logical_key(urn), urn)


def _resources(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {logical_key(r["urn"]): r for r in document.get("resources") or [] if r.get("type") != ROOT_STACK}


def _moved(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], gone: list[str], added: list[str]
) -> list[tuple[str, str]]:
    """Removed and added resources that are one resource under another parent: the same type and name,
    one candidate each way."""
    by_identity: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for key in gone:
        by_identity.setdefault((old[key]["type"], old[key]["name"]), ([], []))[0].append(key)
    for key in added:
        by_identity.setdefault((new[key]["type"], new[key]["name"]), ([], []))[1].append(key)
    return [(o[0], n[0]) for o, n in by_identity.values() if len(o) == 1 and len(n) == 1]


def _pair(
    before: Mapping[str, Any], after: Mapping[str, Any], *, aliased: bool, moved: bool
) -> ResourceDiff | None:
    type_ = after["type"]
    before_inputs = dict(before.get("inputs") or {})
    after_inputs = dict(after.get("inputs") or {})
    forced = list(forced_replacements(type_, before_inputs, after_inputs)) if after.get("custom") else []
    changes = [_mark(c, forced) for c in compare(before_inputs, after_inputs)]
    for option in OPTIONS:
        was, now = bool(before.get(option)), bool(after.get(option))
        if was != now:
            changes.append(Change(f"[{option}]", was, now, (f"[{option}]",)))
    if type_ != before["type"]:
        changes.insert(0, Change("[type]", before["type"], type_, ("[type]",)))
    reasons = [_reason(f) for f in forced]
    if moved:
        reasons.insert(
            0,
            f"the URN changed ({_qualified_type(before['urn'])} → {_qualified_type(after['urn'])}) and no "
            "alias maps the old one: Pulumi creates the new resource and deletes the old",
        )
    if not changes and not moved and not aliased:
        return None
    action: Action = "replace" if reasons else "update"
    return ResourceDiff(
        action=action,
        urn=after["urn"],
        type=type_,
        name=after["name"],
        custom=bool(after.get("custom")),
        kind=rule_for(type_).kind if after.get("custom") else None,
        protect=bool(before.get("protect")) or bool(after.get("protect")),
        retain_on_delete=bool(before.get("retainOnDelete")),
        old_urn=before["urn"] if logical_key(before["urn"]) != logical_key(after["urn"]) else None,
        aliased=aliased,
        changes=changes,
        reasons=reasons,
    )


def _mark(change: Change, forced: list[Forced]) -> Change:
    for f in forced:
        parts = tuple(f.path.split("."))
        n = min(len(parts), len(change.keys))
        if change.keys[:n] == parts[:n]:
            return Change(change.path, change.before, change.after, change.keys, True)
    return change


def _reason(forced: Forced) -> str:
    text = f"{forced.path} forces replacement"
    return f"{text} ({forced.note})" if forced.note else text


def _single(action: Action, resource: Mapping[str, Any]) -> ResourceDiff:
    custom = bool(resource.get("custom"))
    return ResourceDiff(
        action=action,
        urn=resource["urn"],
        type=resource["type"],
        name=resource["name"],
        custom=custom,
        kind=rule_for(resource["type"]).kind if custom else None,
        protect=bool(resource.get("protect")),
        retain_on_delete=bool(resource.get("retainOnDelete")),
        inputs=dict(resource.get("inputs") or {}),
    )
