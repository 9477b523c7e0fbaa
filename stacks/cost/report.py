"""The estimate for people (a table per component, Infracost-style, fixed and usage-dependent figures apart),
for tools (`--json`) and as the one line `stackyard plan` prints."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Protocol

from .model import HOURS_PER_MONTH, Estimate, Line, StackEstimate
from .prices import PriceTable, price_table

UNVERIFIED_MARK = "†"


class _Registration(Protocol):
    urn: str
    type: str
    name: str
    parent: str | None
    custom: bool
    id: str | None
    inputs: dict[str, Any]


class _Plan(Protocol):
    stack: str
    cloud: Any
    environment: Any
    resources: list[Any]


def document_of(plan: _Plan) -> dict[str, Any]:
    """The parts of a plan document the estimate reads, from a `stacks.plan.Plan`."""
    return {
        "stack": plan.stack,
        "cloud": plan.cloud,
        "environment": plan.environment,
        "resources": [
            {
                "urn": r.urn,
                "type": r.type,
                "name": r.name,
                "parent": r.parent,
                "custom": r.custom,
                "id": r.id,
                "inputs": r.inputs,
            }
            for r in plan.resources
        ],
    }


def money(value: float) -> str:
    return f"${value:,.2f}"


def summary_line(result: StackEstimate) -> str:
    """One line for `stackyard plan`'s summary."""
    unpriced = len(result.not_priced)
    return (
        f"Estimated cost: {money(result.fixed)} a month fixed + {money(result.usage)} usage-dependent "
        f"({'usage from ' + ', '.join(result.usage_files) if result.usage_files else 'default usage'}); "
        f"{unpriced} resource{'s' if unpriced != 1 else ''} not priced; `stackyard cost` itemizes it"
    )


def to_json(result: StackEstimate) -> dict[str, Any]:
    table = price_table(result.cloud or "aws")
    return {
        "stack": result.stack,
        "cloud": result.cloud,
        "environment": result.environment,
        "region": result.region,
        "currency": result.currency,
        "hoursPerMonth": HOURS_PER_MONTH,
        "total": {
            "fixed": round(result.fixed, 6),
            "usage": round(result.usage, 6),
            "monthly": round(result.monthly, 6),
        },
        "notPriced": [
            {
                "urn": e.urn,
                "type": e.type,
                "name": e.name,
                "status": e.status,
                "reason": _reason(e, result.region, table),
                "missing": [line.item for line in e.missing],
            }
            for e in result.not_priced
        ],
        "components": [c.as_dict() for c in result.components],
        "resources": [e.as_dict() for e in result.resources],
        "usageFiles": result.usage_files,
        "priceTable": f"stacks/cost/prices/{table.cloud}.json",
        "notes": result.notes,
    }


def to_text(result: StackEstimate) -> str:
    table = price_table(result.cloud or "aws")
    out = [
        f"stackyard cost · stack {result.stack} · {result.cloud} {result.region or '(region unknown)'} · "
        f"environment {result.environment}",
        f"Monthly estimate in {result.currency}: on-demand list prices, {HOURS_PER_MONTH} hours a month; "
        "usage-dependent lines are marked *.",
        "",
    ]
    by_component: dict[str | None, list[Estimate]] = defaultdict(list)
    for item in result.resources:
        if item.status != "free":
            by_component[item.component].append(item)
    components = {c.urn: c for c in result.components}
    children: dict[str | None, list[str]] = defaultdict(list)
    for component in result.components:
        children[component.parent if component.parent in components else None].append(component.urn)

    rows: list[tuple[str, str, str, str, str]] = []

    def shows(urn: str) -> bool:
        return bool(by_component.get(urn)) or any(shows(child) for child in children.get(urn, []))

    def walk(parent: str | None, depth: int) -> None:
        indent = "  " * depth
        for item in by_component.get(parent, []):
            _resource_rows(rows, item, indent, result.region)
        for urn in children.get(parent, []):
            if not shows(urn):
                continue
            component = components[urn]
            total = money(component.monthly) + (" +?" if component.not_priced else "")
            rows.append((f"{indent}{component.type}  {component.name}", "", "", "", total))
            walk(urn, depth + 1)

    walk(None, 0)
    width = min(max((len(r[0]) for r in rows), default=20), 96)
    out.append(
        f"{'Resource / cost line':<{width}}  {'Quantity':>12}  {'Unit':<18}  {'Price':>12}  {'Monthly':>11}"
    )
    for name, quantity, unit, price, monthly in rows:
        shown = name if len(name) <= width else name[: width - 1] + "…"
        out.append(f"{shown:<{width}}  {quantity:>12}  {unit:<18}  {price:>12}  {monthly:>11}".rstrip())

    not_priced = result.not_priced
    free = [e for e in result.resources if e.status == "free"]
    files = ", ".join(result.usage_files) if result.usage_files else "the defaults in stacks/cost/usage.yaml"
    out += [
        "",
        f"Fixed:            {money(result.fixed):>12} a month",
        f"Usage-dependent:  {money(result.usage):>12} a month (usage: {files}; override with --usage FILE)",
        f"Total:            {money(result.monthly):>12} a month",
        "",
        f"Not priced: {len(not_priced)} resource{'s' if len(not_priced) != 1 else ''}"
        + (" (their cost, or part of it, is not in the total):" if not_priced else ""),
    ]
    grouped = Counter((e.type, _reason(e, result.region, table)) for e in not_priced)
    for (type_, reason), count in sorted(grouped.items()):
        out.append(f"  {count} x {type_}: {reason}")
    out += [
        f"Free: {len(free)} resources with no charge of their own (`--json` gives each one's reason).",
        f"{UNVERIFIED_MARK} a third-party or derived price, not verified against the vendor "
        f"(stacks/cost/prices/{table.cloud}.json gives its source).",
        *result.notes,
    ]
    return "\n".join(out)


def _resource_rows(
    rows: list[tuple[str, str, str, str, str]], item: Estimate, indent: str, region: str | None
) -> None:
    suffix = "" if item.status == "priced" else f"  [{item.status}]"
    total = {"priced": money(item.monthly), "partly priced": money(item.monthly) + " +?"}.get(
        item.status, "?"
    )
    rows.append((f"{indent}{item.type}  {item.name}{suffix}", "", "", "", total))
    for line in item.lines:
        rows.append(_line_row(line, indent + "  ", region))
    if item.status in ("not priced", "partly priced") and item.note and not item.lines:
        rows.append((f"{indent}  ({item.note})", "", "", "", ""))


def _line_row(line: Line, indent: str, region: str | None) -> tuple[str, str, str, str, str]:
    mark = " *" if line.kind == "usage" else ""
    if line.price is None:
        return (
            f"{indent}{line.name}{mark}",
            f"{line.quantity:,.6g}",
            line.unit,
            "no price",
            money(0.0) if not line.unpriced else f"({region or '?'})",
        )
    flag = "" if line.price.verified else UNVERIFIED_MARK
    return (
        f"{indent}{line.name}{mark}",
        _quantity(line.quantity),
        line.unit,
        f"{_unit_price(line.price.price)}{flag}",
        money(line.monthly or 0.0),
    )


def _quantity(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.6g}"


def _unit_price(value: float) -> str:
    return "$" + f"{value:,.10f}".rstrip("0").rstrip(".")


def _reason(item: Estimate, region: str | None, table: PriceTable) -> str:
    missing = sorted({line.item for line in item.missing})
    parts = [item.note] if item.note else []
    if missing:
        why = sorted({table.gap(name, region) or "not in the table" for name in missing})
        parts.append(f"no price for {', '.join(missing)} in {region or 'this region'} ({'; '.join(why)})")
    return "; ".join(parts) or "not priced"
