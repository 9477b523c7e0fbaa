"""`stackyard cost`: a monthly estimate of a plan, per resource, per component and per stack.

Prices come from tables that ship with the package (`stacks/cost/prices/aws.json`, `gcp.json`): on-demand list
prices, each with its unit, region, currency, source URL and the date it was read. Usage-dependent figures
(data through a NAT gateway, LCUs, requests, storage growth, log ingestion …) come from a usage file with
documented defaults (`stacks/cost/usage.yaml`) that a stack overrides with `--usage FILE`. A resource the
table cannot price is listed as "not priced", never counted as zero.

For other commands (`stackyard diff`):

    from stacks.cost import monthly_costs
    costs = monthly_costs(plan_document)          # {urn: Estimate}
    costs[urn].monthly, costs[urn].fixed, costs[urn].usage, costs[urn].status
"""

from .estimate import detect_region, estimate, monthly_costs
from .model import Estimate, Line, Price, StackEstimate
from .prices import price_table
from .report import document_of, summary_line, to_json, to_text
from .usage import Usage, UsageError, load_usage

__all__ = [
    "Estimate",
    "Line",
    "Price",
    "StackEstimate",
    "Usage",
    "UsageError",
    "detect_region",
    "document_of",
    "estimate",
    "load_usage",
    "monthly_costs",
    "price_table",
    "summary_line",
    "to_json",
    "to_text",
]
