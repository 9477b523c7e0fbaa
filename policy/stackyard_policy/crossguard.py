"""`RULES` as Pulumi CrossGuard policies (`pulumi preview --policy-pack policy`): one
ResourceValidationPolicy per resource rule and one StackValidationPolicy per stack rule, with the rule's
level as the enforcement level and its fix as the remediation steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    proxy,
)

from . import RULES
from .model import UNKNOWN, Resource, Rule

LEVELS = {"mandatory": EnforcementLevel.MANDATORY, "advisory": EnforcementLevel.ADVISORY}


def policies(rules: Sequence[Rule] = RULES) -> list[Policy]:
    """One CrossGuard policy per rule."""
    return [_resource_policy(r) if r.check is not None else _stack_policy(r) for r in rules]


def _resource_policy(rule: Rule) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type not in rule.types or rule.check is None:
            return
        message = rule.check(Resource(args.urn, args.resource_type, args.name, plain(args.props)))
        if message:
            report(f"{message}. Fix: {rule.fix}", args.urn)

    return ResourceValidationPolicy(
        name=rule.name,
        description=rule.reason,
        validate=validate,
        enforcement_level=LEVELS[rule.level],
        remediation_steps=rule.fix,
    )


def _stack_policy(rule: Rule) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        if rule.check_stack is None:
            return
        resources = [
            Resource(
                r.urn,
                r.resource_type,
                r.name,
                plain(r.props),
                tuple(d.urn for d in r.dependencies or ()),
            )
            for r in args.resources
            if not rule.types or r.resource_type in rule.types
        ]
        for resource, message in rule.check_stack(resources):
            report(f"{message}. Fix: {rule.fix}", resource.urn)

    return StackValidationPolicy(
        name=rule.name,
        description=rule.reason,
        validate=validate,
        enforcement_level=LEVELS[rule.level],
        remediation_steps=rule.fix,
    )


# The values CrossGuard puts where a preview cannot know a value yet.
_SENTINELS = {
    proxy.UNKNOWN_BOOLEAN_VALUE,
    proxy.UNKNOWN_NUMBER_VALUE,
    proxy.UNKNOWN_STRING_VALUE,
    proxy.UNKNOWN_ARRAY_VALUE,
    proxy.UNKNOWN_ASSET_VALUE,
    proxy.UNKNOWN_ARCHIVE_VALUE,
    proxy.UNKNOWN_OBJECT_VALUE,
}


def plain(value: Any) -> Any:
    """CrossGuard's inputs as plain dicts and lists, with every value a preview cannot know as
    "[unknown]" (as in `stackyard plan`). CrossGuard wraps the inputs in proxies that raise on reading an
    unknown value, which would skip a whole rule for one unknown field; the rules decide per field."""
    if isinstance(value, str):
        return UNKNOWN if value in _SENTINELS else value
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in _target(value).items()}
    if isinstance(value, Sequence):
        return [plain(item) for item in _target(value)]
    return value


def _target(container: Any) -> Any:
    """What a CrossGuard proxy wraps (it hands it out under the key "__target"); a plain container as is."""
    try:
        return container["__target"]
    except (KeyError, TypeError, IndexError):
        return container
