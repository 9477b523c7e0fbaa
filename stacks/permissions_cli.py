"""`stackyard permissions`: the command line of `stacks.permissions` (the `stackyard` command adds it here).

    stackyard permissions [STACK] [--config-file PATH] [--set KEY=VALUE]... [--secret KEY=VALUE]...
                          [--member MEMBER] [--json | --out DIR]

Renders the stack's plan under mocks, recording the provider functions the program calls, and prints what
the identity that runs `pulumi up` needs: AWS IAM policy documents, GCP roles with their `gcloud` lines, and
the cluster-admin note for Kubernetes objects. `--out DIR` writes the documents to apply
(`deployer-policy-N.json`, or `deployer-roles.sh`) instead.

Exit codes: 0 success; 2 invalid configuration or usage; 1 when the program stops for another reason or a
resource type or function of the plan has no row in the permission tables (stacks/permissions/*.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def add_parser(commands: Any, stack_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
    permissions = commands.add_parser(
        "permissions",
        help="the permissions the identity running `pulumi up` needs (AWS IAM policy, GCP roles), offline",
        description="Compute from the stack's plan (the resource types it creates, the lookups its "
        "components make, the migration it runs) what the deploying identity needs: IAM policy documents "
        "on AWS, predefined roles and gcloud lines on GCP. No credentials or network.",
    )
    stack_arguments(permissions)
    permissions.add_argument(
        "--member",
        metavar="MEMBER",
        help="GCP: the principal of the gcloud lines (default serviceAccount:DEPLOYER@PROJECT.iam…)",
    )
    output = permissions.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the result as one JSON document")
    output.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write deployer-policy-N.json (AWS) or deployer-roles.sh (GCP) into DIR",
    )


def run(args: argparse.Namespace, source_of: Callable[[argparse.Namespace], tuple[Any, Path | None]]) -> int:
    """Render the stack `args` names (`source_of` reads it as `plan` does) and print its permissions."""
    import pulumi

    from .errors import ConfigError
    from .permissions import deployer_permissions, recording, to_text
    from .plan import render
    from .stackfile import StackFileError

    try:
        source, main_path = source_of(args)
        with recording() as invokes:
            plan = render(source, main_path)
    except (ConfigError, StackFileError) as error:
        print(f"stackyard permissions: {error}", file=sys.stderr)
        return EXIT_INVALID
    except pulumi.RunError as error:
        print(f"stackyard permissions: {error}", file=sys.stderr)
        return EXIT_FAILED
    project = source.values.get("gcp:project")
    try:
        result = deployer_permissions(
            plan.document(), invokes, str(project) if project else None, args.member, migrating(source.values)
        )
    except ValueError as error:
        print(f"stackyard permissions: {error}", file=sys.stderr)
        return EXIT_INVALID
    if result["uncovered"]:
        for token in result["uncovered"]:
            print(
                f"stackyard permissions: {token} has no row in stacks/permissions/{result['cloud']}.json",
                file=sys.stderr,
            )
        return EXIT_FAILED
    if args.out is not None:
        return _write(result, args.out)
    print(json.dumps(result, indent=2) if args.json else to_text(result), end="" if not args.json else "\n")
    return EXIT_OK


def migrating(values: dict[str, Any]) -> list[str]:
    """The services of the stack file that declare `migrate` (`stackyard:app` → services → NAME → migrate)."""
    app = values.get("stackyard:app")
    services = app.get("services") if isinstance(app, dict) else None
    if not isinstance(services, dict):
        return []
    return sorted(n for n, s in services.items() if isinstance(s, dict) and s.get("migrate"))


def _write(result: dict[str, Any], directory: Path) -> int:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        if "aws" in result:
            for number, document in enumerate(result["aws"]["documents"], 1):
                path = directory / f"deployer-policy-{number}.json"
                path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
                written.append(path)
        else:
            path = directory / "deployer-roles.sh"
            path.write_text(
                "#!/bin/sh\nset -eu\n" + "\n".join(result["gcp"]["bindings"]) + "\n", encoding="utf-8"
            )
            written.append(path)
    except OSError as error:
        print(f"stackyard permissions: --out {directory}: cannot write there: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"stackyard permissions: wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
    return EXIT_OK
