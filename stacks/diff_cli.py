"""`stackyard diff`: the command line of `stacks.diff` (the `stackyard` command adds it from here).

    stackyard diff [STACK] [--config-file PATH] [--set KEY=VALUE]... [--secret KEY=VALUE]...
                   [--base REF | --against STACK | --against-config-file PATH | --before PLAN.json]
                   [--after PLAN.json] [--json | --markdown [--max-chars N]] [--allow-replace]

The after side is STACK / `--config-file` of the working tree, with `--set` / `--secret` applied (or a
saved plan, `--after`); the before side is the same stack file at a git ref (`--base`), another stack
file (`--against`, `--against-config-file`), a saved plan (`--before`), or, with only `--set` /
`--secret`, the same stack file without them.

Exit codes: 0 no changes, or changes that replace or delete no stateful resource; 3 a stateful resource
would be replaced or deleted (0 with `--allow-replace`); 2 invalid arguments or configuration; 1 any other
failure (e.g. the plan at the base ref fails).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when the command runs, so `stackyard plan` does not load them
    from .diff import CostEstimate, PlanDiff
    from .foreign import ForeignProject

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_STATEFUL_REPLACE = 0, 1, 2, 3
GITHUB_COMMENT_LIMIT = 65_536


def add_parser(commands: Any, stack_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `diff` to the `stackyard` subcommands; `stack_arguments` adds STACK, --config-file, --set and
    --secret the way `plan` has them."""
    diff = commands.add_parser(
        "diff",
        help="show offline what changes between two plans (a stack at a git ref, another stack file, or a "
        "saved plan), like pulumi preview --diff",
        description="Compare two plans rendered under Pulumi mocks: resources added, removed, changed and "
        "replaced, property by property. Exit 0 when nothing stateful is replaced or deleted, 3 when a "
        "database, cache, bucket, volume, secret, key, network, repository or cluster would be (unless "
        "--allow-replace), 2 on invalid arguments or configuration, 1 on another failure.",
    )
    stack_arguments(diff)
    before = diff.add_mutually_exclusive_group()
    before.add_argument(
        "--base",
        metavar="REF",
        help="compare with the same stack file at this git ref (e.g. origin/main), rendered by its own code",
    )
    before.add_argument("--against", metavar="STACK", help="compare with Pulumi.<STACK>.yaml of the project")
    before.add_argument(
        "--against-config-file", type=Path, metavar="PATH", help="compare with this stack file"
    )
    before.add_argument(
        "--before",
        type=Path,
        metavar="PLAN_JSON",
        help="compare with a saved `stackyard plan --json` document",
    )
    diff.add_argument(
        "--after",
        type=Path,
        metavar="PLAN_JSON",
        help="a saved `stackyard plan --json` document as the after side, instead of STACK / --config-file",
    )
    output = diff.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the diff as one JSON document")
    output.add_argument("--markdown", action="store_true", help="print the diff as a pull-request comment")
    diff.add_argument(
        "--max-chars",
        type=int,
        default=GITHUB_COMMENT_LIMIT,
        metavar="N",
        help=f"--markdown: at most N characters (default {GITHUB_COMMENT_LIMIT:,}, GitHub's comment limit)",
    )
    diff.add_argument(
        "--allow-replace",
        action="store_true",
        help="exit 0 even when a stateful resource would be replaced or deleted",
    )


def run(args: argparse.Namespace) -> int:
    """`stackyard diff` with parsed arguments; returns the exit code."""
    import pulumi

    from .diff_render import render_markdown, render_text
    from .diff_sources import BaseRenderError, SourceError
    from .errors import ConfigError
    from .stackfile import StackFileError
    from .terminal import color_enabled

    try:
        diff = _diff(args)
    except (ConfigError, StackFileError, SourceError) as error:
        print(f"stackyard diff: {error}", file=sys.stderr)
        return EXIT_INVALID
    except BaseRenderError as error:
        print(f"stackyard diff: {error}", file=sys.stderr)
        return error.exit_code
    except pulumi.RunError as error:
        print(f"stackyard diff: {error}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(diff.document(), indent=2, default=str))
    elif args.markdown:
        print(render_markdown(diff, max(args.max_chars, 1000), _command(args)), end="")
    else:
        print(render_text(diff, color=color_enabled(sys.stdout)))
    dangerous = len(diff.dangerous)
    if not dangerous:
        return EXIT_OK
    what = f"{dangerous} stateful resource{'s' if dangerous != 1 else ''} would be replaced or deleted"
    if args.allow_replace:
        print(f"stackyard diff: {what}; allowed by --allow-replace", file=sys.stderr)
        return EXIT_OK
    print(f"stackyard diff: {what} (exit 3; --allow-replace allows it)", file=sys.stderr)
    return EXIT_STATEFUL_REPLACE


def cost_estimate() -> CostEstimate:
    """The monthly cost in USD of each resource of a plan (`stacks.diff.CostEstimate`), from
    `stacks.cost.monthly_costs` at the default usage: None for a resource without a price in the table, the
    priced part for one priced in part, 0 for a free one."""
    from .cost import monthly_costs

    def monthly(document: Mapping[str, Any]) -> dict[str, float | None]:
        return {
            urn: None if found.status == "not priced" else found.monthly
            for urn, found in monthly_costs(document).items()
        }

    return monthly


def _diff(args: argparse.Namespace) -> PlanDiff:
    from .diff import diff_documents
    from .diff_sources import BaseRender, BaseRequest, SourceError, load_document
    from .stackfile import find_project_root

    overrides = bool(args.set or args.secret)
    if args.after is not None and (args.stack or args.config_file or overrides):
        raise SourceError("--after is the after side: give it instead of STACK / --config-file / --set")
    if args.base and args.after is not None:
        raise SourceError("--base renders STACK / --config-file at REF; it does not take --after")
    if args.after is None or args.against or args.against_config_file:  # a stack file is rendered
        from .foreign import find_foreign_project

        project = find_foreign_project(
            getattr(args, "project_dir", None), args.config_file or args.against_config_file
        )
        if project is not None:
            return _foreign_diff(args, project)
    if args.after is None and not (args.stack or args.config_file):
        raise SourceError(
            "give a STACK (e.g. `stackyard diff prod --base origin/main`), --config-file or --after"
        )
    if not (args.base or args.against or args.against_config_file or args.before or overrides):
        raise SourceError(
            "compare with what? give --base REF, --against STACK, --against-config-file PATH or "
            "--before PLAN.json (or --set / --secret to compare the stack with itself changed)"
        )

    root = find_project_root(getattr(args, "project_dir", None))
    notes: list[str] = []
    if args.after is not None:
        after_label = str(args.after)
        stack_file = None
    else:
        stack_file = _stack_file(args.stack, args.config_file, root)
        after_label = f"{_name(args, stack_file)} (working tree){_with_overrides(args)}"

    if args.base:
        if root is None or stack_file is None:
            raise SourceError("--base needs the stackyard project: run from its directory (Pulumi.yaml)")
        request = BaseRequest(args.base, root, stack_file, args.stack)
        with BaseRender(request) as base:
            base.start()  # the base renders in a subprocess while the working tree renders here
            after = _render(stack_file, args, root, with_overrides=True)
            before = base.document()
            notes += base.notes
            before_label = f"{_name(args, stack_file)} at {base.label}"
    else:
        after = load_document(args.after) if args.after is not None else None
        if args.before is not None:
            before, before_label = load_document(args.before), str(args.before)
        elif args.against or args.against_config_file:
            other = _stack_file(args.against, args.against_config_file, root)
            before = _render(other, argparse.Namespace(stack=args.against), root, with_overrides=False)
            before_label = f"{args.against or args.against_config_file} (working tree)"
        else:
            assert stack_file is not None
            before = _render(stack_file, args, root, with_overrides=False)
            before_label = f"{_name(args, stack_file)} (working tree)"
        if after is None:
            assert stack_file is not None
            after = _render(stack_file, args, root, with_overrides=True)
    return diff_documents(
        before, after, before_label=before_label, after_label=after_label, cost=cost_estimate(), notes=notes
    )


def _with_overrides(args: argparse.Namespace) -> str:
    """`with --set K=V --secret K=…` for the after side's label (never a secret's value)."""
    changed = [f"--set {a}" for a in args.set]
    changed += [f"--secret {a.partition('=')[0]}=…" for a in args.secret]
    return " with " + " ".join(changed) if changed else ""


def _foreign_diff(args: argparse.Namespace, project: ForeignProject) -> PlanDiff:
    """`_diff` on a Python project of the user's own (stacks/foreign.py): the same sides, each rendered by
    running the project's program; STACK may be left out when the project has one stack file."""
    from .diff import diff_documents
    from .diff_sources import SourceError, load_document
    from .foreign import render_at_ref
    from .stackfile import stack_name_of

    if not (args.base or args.against or args.against_config_file or args.before or args.set or args.secret):
        raise SourceError(
            "compare with what? give --base REF, --against STACK, --against-config-file PATH or "
            "--before PLAN.json (or --set / --secret to compare the stack with itself changed)"
        )

    def document(stack: str | None, config_file: Path | None, with_overrides: bool) -> dict[str, Any]:
        chosen = argparse.Namespace(stack=stack, config_file=config_file, set=args.set, secret=args.secret)
        return project.render(project.source(chosen, with_overrides)).document()

    notes: list[str] = []
    after: dict[str, Any] | None = None
    stack_file: Path | None = None
    if args.after is not None:
        after, after_label, name = load_document(args.after), str(args.after), ""
    else:
        chosen: Path = args.config_file if args.config_file is not None else project.stack_file(args.stack)
        stack_file, name = chosen, args.stack or stack_name_of(chosen)
        after_label = f"{name} (working tree){_with_overrides(args)}"
    if args.base:
        assert stack_file is not None  # --base with --after is refused above
        before, at, notes = render_at_ref(project, stack_file, name, args.base)
        before_label = f"{name} at {at}"
    elif args.before is not None:
        before, before_label = load_document(args.before), str(args.before)
    elif args.against or args.against_config_file:
        before = document(args.against, args.against_config_file, with_overrides=False)
        before_label = f"{args.against or args.against_config_file} (working tree)"
    else:
        before = document(args.stack, args.config_file, with_overrides=False)
        before_label = f"{name} (working tree)"
    if after is None:
        after = document(args.stack, args.config_file, with_overrides=True)
    return diff_documents(
        before, after, before_label=before_label, after_label=after_label, cost=cost_estimate(), notes=notes
    )


def _stack_file(stack: str | None, config_file: Path | None, root: Path | None) -> Path:
    """The stack file that STACK / --config-file name, as `stackyard plan` finds it."""
    from .stackfile import StackFileError

    if config_file is not None:
        if not config_file.is_file():
            raise StackFileError(f"{config_file}: no such stack file")
        return config_file
    if root is None:
        raise StackFileError(
            f"no Pulumi.yaml in {Path.cwd()} or above; run from the project directory (stackyard's, or a "
            "Python project of yours that uses the components) or pass --project-dir or --config-file"
        )
    path = root / f"Pulumi.{stack}.yaml"
    if not path.is_file():
        known = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in root.glob("Pulumi.*.yaml"))
        raise StackFileError(f"no stack file {path.name}; stacks here: {', '.join(known) or 'none'}")
    return path


def _name(args: argparse.Namespace, stack_file: Path) -> str:
    from .stackfile import stack_name_of

    return args.stack or str(args.config_file or stack_name_of(stack_file))


def _render(
    stack_file: Path, args: argparse.Namespace, root: Path | None, with_overrides: bool
) -> dict[str, Any]:
    from .diff_sources import render_document
    from .stackfile import apply_override, read_stack_file

    source = read_stack_file(stack_file, stack=args.stack, project_root=root)
    if with_overrides:
        for assignment in args.set:
            apply_override(source, assignment, secret=False)
        for assignment in args.secret:
            apply_override(source, assignment, secret=True)
    main_path = root / "__main__.py" if root is not None and (root / "__main__.py").is_file() else None
    return render_document(source, main_path)


def _command(args: argparse.Namespace) -> str:
    """The command line that shows this whole diff in a terminal."""
    words = ["stackyard", "diff"]
    if args.stack:
        words.append(args.stack)
    for flag, value in (
        ("--config-file", args.config_file),
        ("--base", args.base),
        ("--against", args.against),
        ("--against-config-file", args.against_config_file),
        ("--before", args.before),
        ("--after", args.after),
    ):
        if value is not None:
            words += [flag, str(value)]
    words += [w for a in args.set for w in ("--set", a)]
    words += [w for a in args.secret for w in ("--secret", f"{a.partition('=')[0]}=…")]
    return shlex.join(words)
