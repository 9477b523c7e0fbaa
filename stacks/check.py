"""`stackyard check`: the policy pack's rules (`stackyard_policy.RULES`, the same the CrossGuard pack in
`policy/` runs under `pulumi preview --policy-pack policy`) over a stack's offline plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from stackyard_policy import RULES, Resource, Violation, evaluate

from .accept import Acceptance, resource_name
from .exceptions import Applied, ScannerException, applying
from .plan import Plan
from .terminal import PLAIN, Palette

LEVEL_COLOURS = {"mandatory": "red", "advisory": "yellow"}


def check(plan: Plan) -> list[Violation]:
    """Every violation of the baseline by the plan's resources."""
    resources = [
        Resource(urn=r.urn, type=r.type, name=r.name, inputs=r.inputs, dependencies=tuple(r.dependencies))
        for r in _checked(plan)
    ]
    return evaluate(resources, RULES)


def written_exceptions(plan: Plan, exceptions: Sequence[ScannerException]) -> list[Applied]:
    """The written exceptions (docs/security-exceptions.md) that apply to the plan's resources."""
    return applying(exceptions, _checked(plan))


def _checked(plan: Plan) -> list[Any]:
    return [r for r in plan.resources if r.custom and not r.type.startswith("pulumi:providers:")]


def report(
    violations: list[Violation],
    accepted: Sequence[tuple[Violation, Acceptance]] = (),
    unused: Sequence[Acceptance] = (),
    palette: Palette = PLAIN,
    exceptions: Sequence[Applied] = (),
) -> str:
    """The violations for a person: level, rule, URN, what is wrong and the fix; the findings the stack
    accepts (`stackyard:accept`, stacks/accept.py) with their reasons; the written exceptions to external
    scanners that apply (docs/security-exceptions.md, stacks/exceptions.py), each with the scanner rules
    it answers, the resources it applies to and its reason; then a summary line."""
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
    for applied in exceptions:
        exception = applied.exception
        lines += [
            f"{palette.dim('EXCEPTION')}  {exception.id}  ({', '.join(exception.scanners)})",
            f"           applies to: {', '.join(_names(applied.urns))}",
            f"           reason: {exception.reason}",
        ]
    levels = Counter(v.rule.level for v in violations)
    summary = (
        f"{len(RULES)} rules: {levels['mandatory']} mandatory and {levels['advisory']} advisory violations"
    )
    if accepted:
        summary += f"; {len(accepted)} advisory accepted"
    if exceptions:
        summary += "; 1 written scanner exception applies" if len(exceptions) == 1 else ""
        summary += f"; {len(exceptions)} written scanner exceptions apply" if len(exceptions) > 1 else ""
    lines.append(summary)
    return "\n".join(lines)


def _names(urns: Sequence[str]) -> list[str]:
    """The resources' logical names, with their type where two share a name (a database and its cache)."""
    names = [resource_name(urn) for urn in urns]
    return [
        f"{name} ({urn.split('::')[-2].rsplit('$', 1)[-1]})" if names.count(name) > 1 else name
        for name, urn in zip(names, urns, strict=True)
    ]


def violations_document(
    violations: list[Violation],
    accepted: Sequence[tuple[Violation, Acceptance]] = (),
    exceptions: Sequence[Applied] = (),
) -> dict[str, Any]:
    """The violations as JSON: `rules` (the number checked), `violations` (urn, rule, level, message, fix),
    `accepted`, the findings the stack accepts (urn, rule, level, message, reason), and `exceptions`, the
    written exceptions to external scanners that apply (id, scanners, reason, resources: URNs)."""
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
        "exceptions": [
            {
                "id": a.exception.id,
                "scanners": list(a.exception.scanners),
                "reason": a.exception.reason,
                "resources": list(a.urns),
            }
            for a in exceptions
        ],
    }
