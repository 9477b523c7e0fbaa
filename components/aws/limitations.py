"""Documented limitations of AWS services that Pulumi mocks accept and the cloud refuses at `pulumi up`.

Each rule is a small function of plain argument values that returns why the combination is refused (a
sentence saying what to do instead) or None. Its docstring cites the source: the user guide's title and
section, or an issue URL. Components call the rules at construction (`require`), and the stack config
layer (`stacks/aws_limitations.py`) reports the same rules against the stack file's keys, so one rule
serves both. `RULES` lists every rule for the docs.
"""

from __future__ import annotations

from collections.abc import Callable

RULES: tuple[Callable[..., str | None], ...] = ()


def require(component: str, argument: str, reason: str | None) -> None:
    """Raise the component's ValueError for `argument` when a rule gave a `reason`."""
    if reason is not None:
        raise ValueError(f"{component} {argument} is not allowed: {reason}")
