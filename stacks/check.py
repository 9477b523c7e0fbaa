"""`stackyard check`: the policy pack's rules (`stackyard_policy.RULES`, the same the CrossGuard pack in
`policy/` runs under `pulumi preview --policy-pack policy`) over a stack's offline plan."""

from __future__ import annotations

from collections import Counter
from typing import Any

from stackyard_policy import RULES, Resource, Violation, evaluate

from .plan import Plan


def check(plan: Plan) -> list[Violation]:
    """Every violation of the baseline by the plan's resources."""
    resources = [
        Resource(urn=r.urn, type=r.type, name=r.name, inputs=r.inputs)
        for r in plan.resources
        if r.custom and not r.type.startswith("pulumi:providers:")
    ]
    return evaluate(resources, RULES)


def report(violations: list[Violation]) -> str:
    """The violations for a person: level, rule, URN, what is wrong and the fix; then a summary line."""
    lines = []
    for violation in violations:
        lines += [
            f"{violation.rule.level.upper():9}  {violation.rule.name}  {violation.urn}",
            f"           {violation.message}",
            f"           fix: {violation.rule.fix}",
        ]
    levels = Counter(v.rule.level for v in violations)
    lines.append(
        f"{len(RULES)} rules: {levels['mandatory']} mandatory and {levels['advisory']} advisory violations"
    )
    return "\n".join(lines)


def violations_document(violations: list[Violation]) -> dict[str, Any]:
    """The violations as JSON: `rules` (the number checked) and `violations` (urn, rule, level, message,
    fix)."""
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
    }
