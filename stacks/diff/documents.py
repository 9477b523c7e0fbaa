"""`diff_documents`: the diff of two plan documents, with its helpers: pairing matched resources into
updates and replaces (`_pair`, marking the changes that force replacement), single creates and deletes, the
dependents of replaced resources, and the monthly cost deltas and shifts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..replacement import Forced, forced_replacements, rule_for
from .matching import _moved, _qualified_type, _resources, _urn_in, alias_keys, logical_key
from .model import Action, Change, CostEstimate, CostShift, Dependent, PlanDiff, ResourceDiff
from .values import compare

OPTIONS = ("protect", "retainOnDelete")
"""Resource options the plan reports besides the inputs; a change shows like a property change."""


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
