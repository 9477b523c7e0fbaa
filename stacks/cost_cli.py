"""`stackyard cost`: the monthly estimate of a stack's plan (stacks/cost/).

    stackyard cost [STACK] [--config-file PATH] [--set KEY=VALUE]... [--secret KEY=VALUE]...
                   [--usage FILE]... [--json]

Exit 0 with the estimate; 2 for invalid configuration or an invalid usage file (one line per problem on
stderr). Resources the price table cannot price are listed as "not priced", never counted as zero: the
exit code does not depend on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID = 0, 2


def add_parser(commands: Any, stack_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
    cost = commands.add_parser(
        "cost",
        help="estimate what a stack costs a month (list prices, offline)",
        description="Price every resource of the stack's plan from the price tables that ship with stackyard "
        "(on-demand list prices): a monthly estimate per resource, per component and for the stack, fixed "
        "figures apart from usage-dependent ones. No credentials or network.",
    )
    stack_arguments(cost)
    cost.add_argument(
        "--usage",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a usage file for this stack (same keys as stacks/cost/usage.yaml; later files win)",
    )
    cost.add_argument("--json", action="store_true", help="print the estimate as one JSON document")


def run(plan: Any, args: argparse.Namespace) -> int:
    """Print the estimate of `plan` (a `stacks.plan.Plan`)."""
    from .cost import UsageError, document_of, estimate, load_usage, to_json, to_text  # on first use

    try:
        result = estimate(document_of(plan), load_usage(list(args.usage)))
    except UsageError as error:
        print(f"stackyard cost: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(json.dumps(to_json(result), indent=2) if args.json else to_text(result))
    return EXIT_OK
