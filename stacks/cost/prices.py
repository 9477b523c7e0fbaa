"""The price tables that ship with the package (`stacks/cost/prices/<cloud>.json`): data, not code.

Each entry prices one `item` in one `region` ("*" for any region, "global" for a global service such as
Route 53 or CloudFront) and carries its unit, currency, source URL, the date the source was read and whether
it was verified against that source. A lookup tries the region, then "global", then "*"; no entry means no
price, which the estimate reports as "not priced". `gaps` declares, with a reason, the items and regions the
table knowingly lacks.
"""

from __future__ import annotations

import fnmatch
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Price

PRICES_DIR = Path(__file__).with_name("prices")
CLOUDS = ("aws", "gcp")


@dataclass(frozen=True)
class PriceTable:
    cloud: str
    currency: str
    hours_per_month: int
    prices: dict[tuple[str, str], Price]
    sources: dict[str, dict[str, Any]]
    rules: dict[str, dict[str, Any]]
    gaps: list[dict[str, Any]]

    def lookup(self, item: str, region: str | None) -> Price | None:
        for where in (region, "global", "*"):
            if where is not None and (item, where) in self.prices:
                return self.prices[(item, where)]
        return None

    def gap(self, item: str, region: str | None) -> str | None:
        """Why the table has no price for `item` in `region`, when it declares the gap; None otherwise."""
        for gap in self.gaps:
            if any(fnmatch.fnmatchcase(item, pattern) for pattern in gap["items"]) and (
                "*" in gap["regions"] or region in gap["regions"]
            ):
                return str(gap["reason"])
        return None

    def regions(self, item: str) -> set[str]:
        return {region for (name, region) in self.prices if name == item}

    def rule(self, name: str) -> float:
        return float(self.rules[name]["value"])

    @property
    def path(self) -> Path:
        return PRICES_DIR / f"{self.cloud}.json"


@functools.cache
def price_table(cloud: str) -> PriceTable:
    """The shipped table of `cloud` ("aws" or "gcp")."""
    data = json.loads((PRICES_DIR / f"{cloud}.json").read_text())
    prices: dict[tuple[str, str], Price] = {}
    for entry in data["prices"]:
        key = (entry["item"], entry["region"])
        if key in prices:
            raise ValueError(f"{cloud}.json prices {entry['item']} in {entry['region']} twice")
        prices[key] = Price(
            item=entry["item"],
            region=entry["region"],
            price=float(entry["price"]),
            unit=entry["unit"],
            currency=entry["currency"],
            source=entry["source"],
            url=entry.get("url"),
            read=entry.get("read"),
            verified=bool(entry["verified"]),
            note=entry.get("note", ""),
        )
    return PriceTable(
        cloud=data["cloud"],
        currency=data["currency"],
        hours_per_month=int(data["hours_per_month"]),
        prices=prices,
        sources=data["sources"],
        rules=data.get("rules", {}),
        gaps=data.get("gaps", []),
    )
