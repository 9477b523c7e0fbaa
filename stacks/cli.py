"""The `stackyard` command.

    stackyard --version
    stackyard plan [STACK] [--config-file PATH] [--set KEY=VALUE]... [--secret KEY=VALUE]... [--json]
                   [--manifests DIR] [--graph [FILE]]
    stackyard check [STACK ...] [--config-file PATH]... [--set KEY=VALUE]... [--secret KEY=VALUE]... [--json]
    stackyard cost [STACK] [--config-file PATH] [--set KEY=VALUE]... [--secret KEY=VALUE]...
                   [--usage FILE]... [--json]
    stackyard diff [STACK] [--config-file PATH] [--set KEY=VALUE]... [--secret KEY=VALUE]...
                   [--base REF | --against STACK | --against-config-file PATH | --before PLAN.json]
                   [--after PLAN.json] [--json | --markdown [--max-chars N]] [--allow-replace]
    stackyard permissions [STACK] [--config-file PATH] [--set KEY=VALUE]... [--secret KEY=VALUE]...
                   [--member MEMBER] [--json | --out DIR]

Exit codes: 0 success; 2 invalid configuration or usage (one line per problem on stderr); 1 when the
program stops for another reason, or when `check` finds a MANDATORY violation. `diff` (stacks/diff_cli.py)
exits 0 for no changes or changes that keep every stateful resource, and 3 when a stateful resource would
be replaced or deleted, unless `--allow-replace`. `check` over several stack files (stacks/check_cli.py)
exits 2 if any is invalid, else 1 if any has a MANDATORY violation. Text output is coloured on a terminal
only (`NO_COLOR` and `FORCE_COLOR` decide first: stacks/terminal.py).

Every command takes `--project-dir DIR` (default: the working directory). `plan`, `check`, `diff` and
`cost` work on the stackyard project (its stack-file model) and on any Pulumi Python project of the user's
own that uses the components, whose program runs as it is under the same mocks (stacks/foreign.py); an
exception of that program exits 2 with its file and line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pulumi

from . import released
from .errors import ConfigError
from .plan import Plan, render
from .stackfile import ConfigSource, StackFileError, apply_override, find_project_root, read_stack_file
from .terminal import color_enabled
from .version import version_line

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="stackyard", description="stackyard: Pulumi stacks for web applications."
    )
    root.add_argument("--version", action="version", version=version_line())
    commands = root.add_subparsers(dest="command", required=True)
    plan = commands.add_parser(
        "plan",
        help="show offline what a stack would create (the real program under Pulumi mocks)",
        description="Run the stack's program under Pulumi mocks: no Pulumi CLI, credentials or network.",
    )
    _stack_arguments(plan)
    plan.add_argument("--json", action="store_true", help="print the plan as one JSON document")
    plan.add_argument(
        "--manifests",
        type=Path,
        metavar="DIR",
        help="also write every Kubernetes object as a YAML manifest in DIR (secrets masked)",
    )
    plan.add_argument(
        "--graph",
        nargs="?",
        const="-",
        metavar="FILE",
        help="a Mermaid diagram of the stack (components, their resources by type, the dependencies between "
        "them) instead of the text, or into FILE (a ```mermaid block when FILE ends in .md)",
    )
    check = commands.add_parser(
        "check",
        help="check a stack's plan against the security baseline (the rules of the policy pack)",
        description="Run the policy pack's rules over the plans of one or more stack files, offline, in one "
        "process. Exit 2 if a stack file is invalid, 1 on a MANDATORY violation, 0 otherwise.",
    )
    _stack_arguments(check, many=True)
    check.add_argument("--json", action="store_true", help="print the violations as one JSON document")
    from .diff_cli import add_parser as add_diff_parser  # `stackyard diff`: stacks/diff_cli.py

    add_diff_parser(commands, _stack_arguments)
    from .cost_cli import add_parser as add_cost_parser  # `stackyard cost`: stacks/cost_cli.py

    add_cost_parser(commands, _stack_arguments)
    from .permissions_cli import add_parser as add_permissions_parser  # stacks/permissions_cli.py

    add_permissions_parser(commands, _stack_arguments)
    return root


def _stack_arguments(command: argparse.ArgumentParser, many: bool = False) -> None:
    """STACK, --config-file, --set and --secret; with `many`, any number of STACKs and --config-files."""
    more = "; give several to check each" if many else ""
    command.add_argument(
        "stack",
        nargs="*" if many else "?",
        help=f"stack name: reads Pulumi.<STACK>.yaml in the project root{more}",
    )
    command.add_argument(
        "--config-file",
        type=Path,
        action="append" if many else "store",
        help=f"any stack file, e.g. blueprints/propflow/Pulumi.prod.yaml{more}",
    )
    command.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="add or override a config value; KEY may be a path: app.network.zones=3",
    )
    command.add_argument(
        "--project-dir",
        type=Path,
        metavar="DIR",
        help="the Pulumi project (its Pulumi.yaml) to work on instead of the working directory's: "
        "stackyard's own, or a Python project of yours that uses the components (stacks/foreign.py)",
    )
    command.add_argument(
        "--secret",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="add or override a secret config value, e.g. secrets.SECRET_KEY=…",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "permissions":
        from .permissions_cli import run as run_permissions  # `stackyard permissions`

        return run_permissions(args, _source)
    if args.command == "diff":
        from .diff_cli import run as run_diff

        return run_diff(args)
    if args.command == "check":
        from .check_cli import run as run_check  # `stackyard check`: stacks/check_cli.py

        return run_check(args, _source_and_plan)
    if args.command == "plan" and args.graph == "-" and (args.json or args.manifests):
        print(
            "stackyard plan: --graph without FILE prints the diagram; give a FILE to have --json or "
            "--manifests too",
            file=sys.stderr,
        )
        return EXIT_INVALID
    anchor_plan: Plan | None = None
    try:
        if args.command == "cost":
            plan, anchor_plan = _cost_plans(args)
        else:
            plan = _source_and_plan(args)[1]
    except (ConfigError, StackFileError) as error:
        print(f"stackyard {args.command}: {error}", file=sys.stderr)
        return EXIT_INVALID
    except pulumi.RunError as error:
        print(f"stackyard {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if args.command == "cost":
        from .cost_cli import run as run_cost  # `stackyard cost`: stacks/cost_cli.py

        return run_cost(plan, args, anchor_plan)
    return _show(plan, args)


def _cost_plans(args: argparse.Namespace) -> tuple[Plan, Plan | None]:
    """What `stackyard cost` prices: the stack as it runs once released (services still waiting for their
    first image, `image_tag` bootstrap, get a release tag: `stacks.released`; `args.released` names them for
    the report), and with `--compare` the same stack on that anchor's defaults (`stacks.cost.anchors`)."""
    args.released = []
    project = _foreign_project(args)
    if project is not None:
        if args.compare:
            raise ConfigError([f"--compare {args.compare}: needs a stackyard stack file (stackyard:app)"])
        return project.render(project.source(args)), None
    source, main_path = _source(args)
    args.released = released.waiting_services(source.values)
    for assignment in released.overrides(source.values):
        apply_override(source, assignment, secret=False)
    plan = render(source, main_path)
    if not args.compare:
        return plan, None
    from .cost.anchors import ANCHORS, anchored

    anchor = ANCHORS[args.compare]
    cloud = source.values.get("stackyard:cloud")
    runtime = released.app_of(source.values).get("runtime", "managed")
    if cloud != anchor.cloud or runtime != "managed":
        raise ConfigError(
            [
                f"--compare {anchor.name}: compares {anchor.cloud} stacks whose services run on the managed "
                f"runtime; this one is {cloud} with runtime {runtime}"
            ]
        )
    return plan, render(anchored(source, anchor), main_path)


def _foreign_project(args: argparse.Namespace) -> Any:
    """The user's own Pulumi Python project `args` point at (`stacks.foreign`), or None for stackyard's."""
    from .foreign import find_foreign_project

    return find_foreign_project(getattr(args, "project_dir", None), args.config_file)


def _source_and_plan(args: argparse.Namespace) -> tuple[ConfigSource, Plan]:
    """The config of the stack `args` name and its plan: the stackyard project's stack-file model, or the
    user's own Python project run as it is (`stacks.foreign`)."""
    project = _foreign_project(args)
    if project is not None:
        source = project.source(args)
        return source, project.render(source)
    source, main_path = _source(args)
    return source, render(source, main_path)


def _source(args: argparse.Namespace) -> tuple[ConfigSource, Path | None]:
    """The stack file STACK / --config-file names, read with --set / --secret applied, and the project's
    `__main__.py` (None outside the project)."""
    root = find_project_root(getattr(args, "project_dir", None))
    if args.config_file is not None:
        stack_file = args.config_file
    elif args.stack:
        if root is None:
            from .foreign import nearest_project_file

            start = getattr(args, "project_dir", None) or Path.cwd()
            other = nearest_project_file(start.resolve())
            if other is not None:  # a project of the user's own, with a command that reads stackyard's model
                command = getattr(args, "command", "")
                raise StackFileError(
                    f"{other} is not the stackyard project: `stackyard {command}` reads stackyard stack "
                    "files only; pass --config-file for one"
                )
            raise StackFileError(
                f"no Pulumi.yaml in {start} or above; run from the project directory (stackyard's, or a "
                "Python project of yours that uses the components) or pass --project-dir or --config-file"
            )
        stack_file = root / f"Pulumi.{args.stack}.yaml"
        if not stack_file.is_file():
            known = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in root.glob("Pulumi.*.yaml"))
            raise StackFileError(
                f"no stack file {stack_file.name}; stacks here: {', '.join(known) or 'none'}"
            )
    else:
        raise StackFileError("give a STACK (e.g. `stackyard plan staging`) or --config-file PATH")

    source = read_stack_file(stack_file, stack=args.stack, project_root=root)
    for assignment in args.set:
        apply_override(source, assignment, secret=False)
    for assignment in args.secret:
        apply_override(source, assignment, secret=True)

    main_path = root / "__main__.py" if root is not None and (root / "__main__.py").is_file() else None
    return source, main_path


def _show(plan: Plan, args: argparse.Namespace) -> int:
    if args.graph is not None:
        from .graph import write_graph  # `--graph`: stacks/graph.py

        code = write_graph(plan, args.graph)
        if code is not None:  # printed instead of the plan, or could not be written
            return code
    if args.manifests is not None:
        from .manifests import write_manifests  # only for --manifests: PyYAML's dumper and the schemas

        try:
            written = write_manifests(plan, args.manifests)
        except OSError as error:  # a flag that names a place no file can be written
            print(
                f"stackyard plan: --manifests {args.manifests}: cannot write there: {error}", file=sys.stderr
            )
            return EXIT_INVALID
        print(
            f"stackyard plan: wrote {len(written)} Kubernetes manifests to {args.manifests}", file=sys.stderr
        )
    if args.json:
        print(json.dumps(plan.document(), indent=2))
    else:
        print(plan.text(color=color_enabled(sys.stdout)))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
