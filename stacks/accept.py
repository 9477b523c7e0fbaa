"""`stackyard:accept`: ADVISORY findings of the security baseline that a stack accepts, each with its reason.

    config:
      stackyard:accept:
        aws-cloudfront-waf-prod: >-                     # the rule's name, as `stackyard check` prints it
          The site serves public static files only; the API behind the load balancer has its own WAF.
        k8s-image-digest:                               # or: only some resources, by their logical name
          reason: CI deploys by tag; the registry's tags are immutable.
          resources: [karigar-api]

`stackyard check` lists an accepted finding as ACCEPTED with its reason instead of as a violation (in
`--json`: under `accepted`), and names an acceptance that matches no finding any more, so that it can go.
The stack's program refuses, like any invalid key (exit 2, naming `stackyard:accept.<rule>`), a rule that
does not exist, a MANDATORY rule (those are fixed, never accepted), an empty reason and an empty or
repeated resource list. Pulumi's CrossGuard pack (`pulumi preview --policy-pack policy`) still reports
accepted findings as advisory warnings: it does not read the stack's configuration.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import ACCEPT_KEY

if TYPE_CHECKING:
    from stackyard_policy import Violation

SHAPE = "a mapping of ADVISORY rule names to the reason each is accepted"
ENTRY_KEYS = ("reason", "resources")


@dataclass(frozen=True)
class Acceptance:
    """One accepted rule: for every resource, or only the resources named (logical names)."""

    rule: str
    reason: str
    resources: tuple[str, ...] = ()

    def covers(self, violation: Violation) -> bool:
        return violation.rule.name == self.rule and (
            not self.resources or resource_name(violation.urn) in self.resources
        )


def resource_name(urn: str) -> str:
    """The logical name at the end of a URN (`urn:pulumi:prod::stackyard::…::shopfront-site` -> the name)."""
    return urn.rsplit("::", 1)[-1]


def problems(value: Any) -> list[str]:
    """Why the value of `stackyard:accept` is invalid: one line per problem, naming the key path."""
    return parse(value)[1]


def acceptances(values: Mapping[str, Any]) -> list[Acceptance]:
    """The valid acceptances among a stack's config `values` (full keys); the program has refused invalid
    ones before any plan exists."""
    return parse(values.get(ACCEPT_KEY))[0]


def parse(value: Any) -> tuple[list[Acceptance], list[str]]:
    """The acceptances `value` declares, and the problems with it."""
    if value is None:
        return [], []
    if isinstance(value, str):  # Pulumi hands an object over as JSON
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return [], [f"{ACCEPT_KEY}: must be {SHAPE}"]
    if not isinstance(value, dict):
        return [], [f"{ACCEPT_KEY}: must be {SHAPE}"]
    if not value:
        return [], []
    from stackyard_policy import MANDATORY, RULES  # only stacks that accept something load the rules

    rules = {r.name: r for r in RULES}
    found: list[Acceptance] = []
    wrong: list[str] = []
    for name, entry in value.items():
        path = f"{ACCEPT_KEY}.{name}"
        rule = rules.get(str(name))
        if rule is None:
            close = difflib.get_close_matches(str(name), list(rules), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; `stackyard check` names the rules"
            wrong.append(f"{path}: no such rule{hint}")
            continue
        if rule.level == MANDATORY:
            wrong.append(f"{path}: a MANDATORY rule cannot be accepted; fix it instead: {rule.fix}")
            continue
        reason, resources, entry_problems = _entry(entry, path)
        wrong += entry_problems
        if not entry_problems:
            found.append(Acceptance(rule.name, reason, resources))
    return found, wrong


def _entry(entry: Any, path: str) -> tuple[str, tuple[str, ...], list[str]]:
    """An acceptance's reason and resources: `reason` text, or `{reason: …, resources: [names]}`."""
    if isinstance(entry, str):
        reason = entry.strip()
        return reason, (), [] if reason else [f"{path}: give the reason the finding is accepted"]
    if not isinstance(entry, dict):
        return "", (), [f"{path}: the reason it is accepted (text), or {{reason: …, resources: [names]}}"]
    wrong = [f"{path}.{key}: unknown key; use reason and resources" for key in entry if key not in ENTRY_KEYS]
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        wrong.append(f"{path}.reason: give the reason the finding is accepted")
        reason = ""
    resources = entry.get("resources")
    names: tuple[str, ...] = ()
    if "resources" in entry:
        if (
            not isinstance(resources, list)
            or not resources
            or not all(isinstance(n, str) and n.strip() for n in resources)
        ):
            wrong.append(f"{path}.resources: a non-empty list of resource names (the end of their URNs)")
        elif len(set(resources)) != len(resources):
            twice = sorted({n for n in resources if resources.count(n) > 1})
            wrong.append(f"{path}.resources: {', '.join(twice)} listed twice; list each once")
        else:
            names = tuple(resources)
    return reason.strip(), names, wrong


def split(
    violations: Sequence[Violation], accepted: Sequence[Acceptance]
) -> tuple[list[Violation], list[tuple[Violation, Acceptance]], list[Acceptance]]:
    """The violations still open, those an acceptance covers (with it), and the acceptances that cover no
    violation. A MANDATORY violation is never covered (such an acceptance is refused anyway)."""
    open_: list[Violation] = []
    covered: list[tuple[Violation, Acceptance]] = []
    used: set[Acceptance] = set()
    for violation in violations:
        match = next(
            (a for a in accepted if violation.rule.level != "mandatory" and a.covers(violation)), None
        )
        if match is None:
            open_.append(violation)
        else:
            covered.append((violation, match))
            used.add(match)
    return open_, covered, [a for a in accepted if a not in used]
