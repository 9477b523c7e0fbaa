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

The modules:

- `model`: the data of a diff: `Change`, `ResourceDiff`, `Dependent`, `CostShift`, `PlanDiff`, the `Action`
  names (`ACTIONS`, `SYMBOLS`) and `CostEstimate`.
- `values`: the property comparison: `compare` and the list matching (`IDENTITY_KEYS`).
- `matching`: resources across two plans: `logical_key`, `alias_keys` (own and inherited aliases) and
  the removed and added resources that are one resource moved under another parent.
- `documents`: `diff_documents` and its helpers: pairing matched resources into updates and replaces,
  marking the changes that force replacement, creates and deletes, dependents and cost deltas and shifts.
"""

from ..replacement import MISSING, Forced, forced_replacements, rule_for
from .documents import (
    OPTIONS,
    _cost_shifts,
    _dependents,
    _mark,
    _pair,
    _price,
    _reason,
    _single,
    diff_documents,
)
from .matching import (
    ROOT_STACK,
    _child_alias,
    _moved,
    _qualified_type,
    _resources,
    _urn_in,
    alias_keys,
    logical_key,
)
from .model import (
    ACTIONS,
    SYMBOLS,
    Action,
    Change,
    CostEstimate,
    CostShift,
    Dependent,
    PlanDiff,
    ResourceDiff,
    _s,
)
from .values import (
    IDENTITY_KEYS,
    _canonical,
    _compare_lists,
    _equal,
    _identity_key,
    _join,
    _json_container,
    _names_uniquely,
    _ordered_keys,
    compare,
)

__all__ = [
    "ACTIONS",
    "IDENTITY_KEYS",
    "MISSING",
    "OPTIONS",
    "ROOT_STACK",
    "SYMBOLS",
    "Action",
    "Change",
    "CostEstimate",
    "CostShift",
    "Dependent",
    "Forced",
    "PlanDiff",
    "ResourceDiff",
    "_canonical",
    "_child_alias",
    "_compare_lists",
    "_cost_shifts",
    "_dependents",
    "_equal",
    "_identity_key",
    "_join",
    "_json_container",
    "_mark",
    "_moved",
    "_names_uniquely",
    "_ordered_keys",
    "_pair",
    "_price",
    "_qualified_type",
    "_reason",
    "_resources",
    "_s",
    "_single",
    "_urn_in",
    "alias_keys",
    "compare",
    "diff_documents",
    "forced_replacements",
    "logical_key",
    "rule_for",
]
