"""What an estimate is made of: a price from the table, a line (quantity x price), a resource's estimate and
a stack's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

HOURS_PER_MONTH = 730
"""Hours in a month, as the price lists and Infracost count them (365 x 24 / 12)."""
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600

Kind = Literal["fixed", "usage"]
Status = Literal["priced", "partly priced", "not priced", "free"]


@dataclass(frozen=True)
class Price:
    """One entry of a price table: the price of `item` in `region`, per `unit`."""

    item: str
    region: str
    price: float
    unit: str
    currency: str
    source: str
    url: str | None
    read: str | None
    verified: bool
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "region": self.region,
            "price": self.price,
            "unit": self.unit,
            "currency": self.currency,
            "source": self.source,
            "url": self.url,
            "read": self.read,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class Line:
    """A cost component: `quantity` of `unit` a month at the price of `item`. Fixed lines are what a resource
    costs while it exists; usage lines depend on the usage file. `price` is None when the table has no price
    for `item` in the stack's region: the line is then not priced, never counted as zero."""

    name: str
    quantity: float
    unit: str
    item: str
    kind: Kind
    price: Price | None
    usage_key: str | None = None
    note: str = ""

    @property
    def monthly(self) -> float | None:
        if self.price is None:
            return 0.0 if self.quantity == 0 else None
        return self.quantity * self.price.price

    @property
    def unpriced(self) -> bool:
        """A quantity the table cannot price. Zero of anything costs nothing whatever its price, so a line of
        quantity 0 (a usage the defaults set to 0, such as backup storage above the free allowance) is shown
        but leaves the figure complete; give it a usage above 0 and it counts as not priced."""
        return self.price is None and self.quantity != 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "quantity": self.quantity,
            "unit": self.unit,
            "item": self.item,
            "unitPrice": None if self.price is None else self.price.price,
            "monthly": None if self.monthly is None else round(self.monthly, 6),
            "usageKey": self.usage_key,
            "price": None if self.price is None else self.price.as_dict(),
            **({"note": self.note} if self.note else {}),
        }


@dataclass
class Estimate:
    """The monthly estimate of one cloud resource of a plan."""

    urn: str
    type: str
    name: str
    component: str | None
    """The URN of the resource's parent component (None under the stack itself)."""
    lines: list[Line] = field(default_factory=list)
    note: str = ""
    """Why a resource costs nothing, or why it (or part of it) is not priced."""
    free: bool = False

    @property
    def status(self) -> Status:
        if self.free:
            return "free"
        if not self.lines:
            return "not priced"
        if not self.missing:
            return "priced"
        return "partly priced" if any(line.price is not None for line in self.lines) else "not priced"

    @property
    def fixed(self) -> float:
        return sum(line.monthly or 0.0 for line in self.lines if line.kind == "fixed")

    @property
    def usage(self) -> float:
        return sum(line.monthly or 0.0 for line in self.lines if line.kind == "usage")

    @property
    def monthly(self) -> float:
        return self.fixed + self.usage

    @property
    def missing(self) -> list[Line]:
        """The lines with a quantity and no price in the stack's region (`Line.unpriced`)."""
        return [line for line in self.lines if line.unpriced]

    @property
    def unverified(self) -> list[Line]:
        return [line for line in self.lines if line.price is not None and not line.price.verified]

    def as_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "component": self.component,
            "status": self.status,
            "fixed": round(self.fixed, 6),
            "usage": round(self.usage, 6),
            "monthly": round(self.monthly, 6),
            "lines": [line.as_dict() for line in self.lines],
            **({"note": self.note} if self.note else {}),
        }


@dataclass
class ComponentTotal:
    """The roll-up of a component: every resource below it, through nested components."""

    urn: str
    type: str
    name: str
    parent: str | None
    fixed: float = 0.0
    usage: float = 0.0
    not_priced: int = 0

    @property
    def monthly(self) -> float:
        return self.fixed + self.usage

    def as_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "parent": self.parent,
            "fixed": round(self.fixed, 6),
            "usage": round(self.usage, 6),
            "monthly": round(self.monthly, 6),
            "notPriced": self.not_priced,
        }


@dataclass
class StackEstimate:
    """The estimate of a whole plan: per resource, per component and in total."""

    stack: str | None
    cloud: str | None
    environment: str | None
    region: str | None
    currency: str
    resources: list[Estimate]
    components: list[ComponentTotal]
    usage_files: list[str]
    notes: list[str]

    @property
    def fixed(self) -> float:
        return sum(e.fixed for e in self.resources)

    @property
    def usage(self) -> float:
        return sum(e.usage for e in self.resources)

    @property
    def monthly(self) -> float:
        return self.fixed + self.usage

    @property
    def not_priced(self) -> list[Estimate]:
        """Resources with a cost the table cannot price, wholly or in part."""
        return [e for e in self.resources if e.status in ("not priced", "partly priced")]

    def by_urn(self) -> dict[str, Estimate]:
        return {e.urn: e for e in self.resources}
