"""`stackyard check`: the policy pack's rules (`stackyard_policy.RULES`, the same the CrossGuard pack in
`policy/` runs under `pulumi preview --policy-pack policy`) over a stack's offline plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from stackyard_policy import RULES, Resource, Violation, evaluate

from .accept import Acceptance
from .plan import Plan
from .terminal import PLAIN, Palette

LEVEL_COLOURS = {"mandatory": "red", "advisory": "yellow"}


def check(plan: Plan) -> list[Violation]:
    """Every violation of the baseline by the plan's resources."""
    resources = [
        Resource(urn=r.urn, type=r.type, name=r.name, inputs=r.inputs, dependencies=tuple(r.dependencies))
        for r in plan.resources
        if r.custom and not r.type.startswith("pulumi:providers:")
    ]
    return evaluate(resources, RULES)


def report(
    violations: list[Violation],
    accepted: Sequence[tuple[Violation, Acceptance]] = (),
    unused: Sequence[Acceptance] = (),
    palette: Palette = PLAIN,
) -> str:
    """The violations for a person: level, rule, URN, what is wrong and the fix; the findings the stack
    accepts (`stackyard:accept`, stacks/accept.py) with their reasons; then a summary line."""
    lines = []
    for violation in violations:
        level = palette.paint(f"{violation.rule.level.upper():9}", LEVEL_COLOURS[violation.rule.level])
        lines += [
            f"{level}  {violation.rule.name}  {violation.urn}",
            f"           {violation.message}",
            f"           fix: {violation.rule.fix}",
        ]
    for violation, acceptance in accepted:
        lines += [
            f"{palette.green('ACCEPTED ')}  {violation.rule.name}  {violation.urn}",
            f"           {violation.message}",
            f"           accepted: {acceptance.reason}",
        ]
    lines += [
        f"{palette.dim('UNUSED   ')}  stackyard:accept.{a.rule} matches no finding any more; remove it"
        for a in unused
    ]
    levels = Counter(v.rule.level for v in violations)
    summary = (
        f"{len(RULES)} rules: {levels['mandatory']} mandatory and {levels['advisory']} advisory violations"
    )
    if accepted:
        summary += f"; {len(accepted)} advisory accepted"
    lines.append(summary)
    return "\n".join(lines)


def violations_document(
    violations: list[Violation], accepted: Sequence[tuple[Violation, Acceptance]] = ()
) -> dict[str, Any]:
    """The violations as JSON: `rules` (the number checked), `violations` (urn, rule, level, message, fix)
    and `accepted`, the findings the stack accepts (urn, rule, level, message, reason)."""
    return {
        "rules": len(RULES),
        "violations": [
            {
                "urn": v.urn,
                "rule": v.rule.name,
                "level": v.rule.level,
                "message": v.message,
                "fix": v.rule.fix,
            }
            for v in violations
        ],
        "accepted": [
            {
                "urn": v.urn,
                "rule": v.rule.name,
                "level": v.rule.level,
                "message": v.message,
                "reason": a.reason,
            }
            for v, a in accepted
        ],
    }
