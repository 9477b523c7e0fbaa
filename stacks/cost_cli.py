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
    cost.add_argument(
        "--compare",
        choices=["awsx"],
        help="also price the same app on another library's defaults (stacks/cost/anchors.py) and show "
        "this stack's fixed cost as a share of it",
    )


def run(plan: Any, args: argparse.Namespace, anchor_plan: Any = None) -> int:
    """Print the estimate of `plan` (a `stacks.plan.Plan`), and beside it that of `anchor_plan` (the same
    stack on the defaults `--compare` names) when given."""
    from .cost import UsageError, document_of, estimate, load_usage, to_json, to_text  # on first use

    try:
        usage = load_usage(list(args.usage))
        result = estimate(document_of(plan), usage)
        anchor = estimate(document_of(anchor_plan), usage) if anchor_plan is not None else None
    except UsageError as error:
        print(f"stackyard cost: {error}", file=sys.stderr)
        return EXIT_INVALID
    released = list(getattr(args, "released", []))
    if args.json:
        document = to_json(result)
        document["pricedAsReleased"] = released
        if anchor is not None:
            document["comparison"] = {
                "anchor": args.compare,
                "fixed": round(anchor.fixed, 2),
                "usage": round(anchor.usage, 2),
                "monthly": round(anchor.monthly, 2),
                "fixedShare": round(result.fixed / anchor.fixed, 4) if anchor.fixed else None,
            }
        print(json.dumps(document, indent=2))
    else:
        print(to_text(result))
        if released:
            print(released_note(released))
        if anchor is not None:
            print(comparison_line(args.compare, result.fixed, anchor.fixed, anchor.monthly))
    return EXIT_OK


def comparison_line(anchor_name: str, fixed: float, anchor_fixed: float, anchor_monthly: float) -> str:
    """This stack's fixed cost beside the anchor's (`stacks/cost/anchors.py`)."""
    from .cost.anchors import ANCHORS

    share = f"{fixed / anchor_fixed:.1%}" if anchor_fixed else "n/a"
    return (
        f"The same app on {ANCHORS[anchor_name].title}: ${anchor_fixed:,.2f} fixed, ${anchor_monthly:,.2f} "
        f"total a month; this stack's fixed cost is {share} of it."
    )


def released_note(services: list[str]) -> str:
    """The line that says which services were priced with a release tag (`stacks.released`)."""
    names = ", ".join(f"`{name}`" for name in services)
    return (
        f"Priced as released: {names} {'waits' if len(services) == 1 else 'wait'} for a first image "
        f"(image_tag bootstrap, or no image on kubernetes) and {'runs' if len(services) == 1 else 'run'} "
        "nothing until the deploy sets one; the figures are what runs after that."
    )
