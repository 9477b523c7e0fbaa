"""`stackyard check`: the command line of `stacks.check` (the `stackyard` command calls it from here).

    stackyard check [STACK ...] [--config-file PATH]... [--set KEY=VALUE]... [--secret KEY=VALUE]... [--json]

One stack file prints its findings and the summary line, as ever. Several (`stackyard check staging prod`,
`--config-file A --config-file B`, or both: the STACKs first) are checked in one process, which imports
the provider SDKs and the rules once instead of once per file: each file's findings, then its summary line
starting with the file's name, then a line of totals. `--set` and `--secret` apply to every file. A file
that is invalid or whose program fails is reported (on stderr, with its name) and the others are still
checked. The findings a stack accepts (`stackyard:accept`, stacks/accept.py) are listed as ACCEPTED with
their reasons, never as violations. The written exceptions to external scanners (docs/security-exceptions.md,
stacks/exceptions.py) that apply to a stack are listed as EXCEPTION lines with the resources they apply to
(`exceptions` in `--json`).

Exit codes: 2 if any file is invalid, the arguments are, or the written exception list cannot be used;
otherwise 1 if any file has a MANDATORY violation or its program fails; 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stackyard_policy import Violation

    from .accept import Acceptance
    from .exceptions import Applied, ScannerException
    from .plan import Plan
    from .stackfile import ConfigSource

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
SourceOf = Callable[[argparse.Namespace], "tuple[ConfigSource, Plan]"]


@dataclass
class Outcome:
    """What checking one stack file gave: its findings, or the error that stopped it (and its exit code)."""

    label: str
    violations: list[Violation] = field(default_factory=list)
    accepted: list[tuple[Violation, Acceptance]] = field(default_factory=list)
    unused: list[Acceptance] = field(default_factory=list)
    exceptions: list[Applied] = field(default_factory=list)
    error: str | None = None
    exit_code: int = EXIT_OK

    @property
    def mandatory(self) -> int:
        return sum(1 for v in self.violations if v.rule.level == "mandatory")

    @property
    def advisory(self) -> int:
        return sum(1 for v in self.violations if v.rule.level == "advisory")


def run(args: argparse.Namespace, source_of: SourceOf) -> int:
    """`stackyard check` with parsed arguments (`args.stack` a list, `args.config_file` a list);
    `source_of` reads one target's stack file and renders its plan as `stackyard plan` does (the stackyard
    project's, or a Python project of the user's own: stacks/foreign.py). Returns the exit code."""
    from .exceptions import ExceptionListError, load
    from .terminal import palette_for

    try:
        written = load()
    except ExceptionListError as error:
        print(f"stackyard check: the written exception list is invalid:\n{error}", file=sys.stderr)
        return EXIT_INVALID
    targets = _targets(args)
    many = len(targets) > 1
    palette = palette_for(sys.stdout)
    outcomes: list[Outcome] = []
    for label, target in targets:  # text goes out file by file, as each is checked
        outcome = _check_one(label, target, source_of, written)
        outcomes.append(outcome)
        if outcome.error is not None:
            where = f"{label}: " if many else ""
            print(f"stackyard check: {where}{outcome.error}", file=sys.stderr, flush=True)
        if args.json:
            continue
        if many:
            print(("\n" if len(outcomes) > 1 else "") + _text(outcome, palette), flush=True)
        elif outcome.error is None:
            print(_report(outcome, palette))
    if args.json and many:
        document: dict[str, Any] = {"rules": _rule_count(), "stacks": [_document(o) for o in outcomes]}
        print(json.dumps(document, indent=2))
    elif args.json and outcomes[0].error is None:
        print(json.dumps(_document(outcomes[0], with_file=False), indent=2))
    elif many and not args.json:
        print("", _totals(outcomes), sep="\n")
    codes = {o.exit_code for o in outcomes}
    if EXIT_INVALID in codes:
        return EXIT_INVALID
    return EXIT_FAILED if EXIT_FAILED in codes else EXIT_OK


def _targets(args: argparse.Namespace) -> list[tuple[str, argparse.Namespace]]:
    """(label, arguments as `stackyard plan` takes them) for each stack file to check; one target without
    a stack file when none is given (it reports what to give)."""

    def target(stack: str | None, config_file: Path | None) -> argparse.Namespace:
        return argparse.Namespace(
            stack=stack,
            config_file=config_file,
            set=args.set,
            secret=args.secret,
            project_dir=getattr(args, "project_dir", None),
        )

    found = [(f"Pulumi.{stack}.yaml", target(stack, None)) for stack in args.stack or []]
    found += [(str(path), target(None, path)) for path in args.config_file or []]
    return found or [("", target(None, None))]


def _check_one(
    label: str, target: argparse.Namespace, source_of: SourceOf, written: list[ScannerException]
) -> Outcome:
    import pulumi

    from .accept import acceptances, split
    from .check import check, written_exceptions
    from .errors import ConfigError
    from .stackfile import StackFileError

    try:
        source, plan = source_of(target)
    except (ConfigError, StackFileError) as error:
        return Outcome(label, error=str(error), exit_code=EXIT_INVALID)
    except pulumi.RunError as error:
        return Outcome(label, error=str(error), exit_code=EXIT_FAILED)
    open_, accepted, unused = split(check(plan), acceptances(source.values))
    outcome = Outcome(label, open_, accepted, unused, written_exceptions(plan, written))
    outcome.exit_code = EXIT_FAILED if outcome.mandatory else EXIT_OK
    return outcome


def _rule_count() -> int:
    from stackyard_policy import RULES

    return len(RULES)


def _report(outcome: Outcome, palette: Any) -> str:
    from .check import report

    return report(outcome.violations, outcome.accepted, outcome.unused, palette, outcome.exceptions)


def _text(outcome: Outcome, palette: Any) -> str:
    """One file's findings, then its summary line, which starts with the file's name."""
    name = palette.bold(outcome.label)
    if outcome.error is not None:
        what = "invalid" if outcome.exit_code == EXIT_INVALID else "its program failed"
        return f"{name}: {palette.red(what)}, not checked (stderr says why)"
    findings, _, summary = _report(outcome, palette).rpartition("\n")
    return "\n".join([*([findings] if findings else []), f"{name}: {summary}"])


def _totals(outcomes: list[Outcome]) -> str:
    count = len(outcomes)
    mandatory = sum(1 for o in outcomes if o.error is None and o.mandatory)
    invalid = sum(1 for o in outcomes if o.exit_code == EXIT_INVALID)
    failed = sum(1 for o in outcomes if o.error is not None and o.exit_code == EXIT_FAILED)
    advisory = sum(o.advisory for o in outcomes)
    accepted = sum(len(o.accepted) for o in outcomes)
    line = f"{count} stack files: {mandatory} with a MANDATORY violation, {invalid} invalid"
    if failed:
        line += f", {failed} whose program failed"
    line += f"; {advisory} advisory violations"
    if accepted:
        line += f", {accepted} accepted"
    return line


def _document(outcome: Outcome, with_file: bool = True) -> dict[str, Any]:
    from .check import violations_document

    head: dict[str, Any] = {"file": outcome.label} if with_file else {}
    if outcome.error is not None:
        return {**head, "error": outcome.error, "exitCode": outcome.exit_code}
    document = violations_document(outcome.violations, outcome.accepted, outcome.exceptions)
    if with_file:
        document.pop("rules")
    return {**head, **document}
