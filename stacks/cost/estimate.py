"""The estimate of a plan document: every cloud resource priced, free or not priced; rolled up per component
(the parent chain of the plan) and per stack."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from .aws import FREE as AWS_FREE
from .aws import NOT_PRICED as AWS_NOT_PRICED
from .aws import RULES as AWS_RULES
from .context import Context, Outcome, Resource, Rule, free, not_priced
from .gcp import FREE as GCP_FREE
from .gcp import NOT_PRICED as GCP_NOT_PRICED
from .gcp import RULES as GCP_RULES
from .kubernetes import FREE as K8S_FREE
from .kubernetes import RULES as K8S_RULES
from .model import ComponentTotal, Estimate, StackEstimate
from .prices import CLOUDS, price_table
from .usage import Usage, load_usage

STACK_TYPE = "pulumi:pulumi:Stack"

RULES: dict[str, dict[str, Rule]] = {
    "aws": {**AWS_RULES, **K8S_RULES},
    "gcp": {**GCP_RULES, **K8S_RULES},
}
FREE: dict[str, dict[str, str]] = {
    "aws": {**AWS_FREE, **K8S_FREE},
    "gcp": {**GCP_FREE, **K8S_FREE},
}
NOT_PRICED: dict[str, dict[str, str]] = {"aws": AWS_NOT_PRICED, "gcp": GCP_NOT_PRICED}

NOT_MODELLED = (
    "Not modelled: free tiers and per-account allowances (e.g. the first 50 Route 53 health checks, 3 "
    "CloudWatch dashboards, CloudFront's first 1 TB, Cloud Run's free vCPU-seconds), Savings Plans, reserved "
    "and committed-use discounts, support plans, taxes, and data transfer between zones, regions and to the "
    "internet."
)

_ARN_REGION = re.compile(r"arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-gov)?-[a-z]+-\d):")
_AWS_ZONE = re.compile(r"^([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]$")
_GCP_REGION = re.compile(r"^[a-z]+-[a-z]+\d+$")
_GCP_LINK_REGION = re.compile(r"/regions/([a-z]+-[a-z]+\d+)/")


def estimate(
    document: Mapping[str, Any], usage: Usage | None = None, region: str | None = None
) -> StackEstimate:
    """Price every resource of a plan document (`stackyard plan --json`, or `Plan.document()`).

    `usage` defaults to the shipped defaults (`stacks/cost/usage.yaml`); `region` defaults to the document's
    `region`, else the one its resources name (ARNs, zones, `region`/`location` inputs).

    Raises `UsageError` when the usage file names a resource the plan lacks, or a key that resource does not
    read.
    """
    usage = usage if usage is not None else load_usage()
    resources = [Resource.of(entry) for entry in document.get("resources", [])]
    cloud = str(document.get("cloud") or _guess_cloud(resources))
    if cloud not in CLOUDS:
        raise ValueError(f"no price table for cloud {cloud!r}; stackyard prices {', '.join(CLOUDS)}")
    table = price_table(cloud)
    region = region or document.get("region") or detect_region(cloud, resources)
    ctx = Context(resources=resources, region=region, table=table, usage=usage)

    components = {
        r.urn: ComponentTotal(urn=r.urn, type=r.type, name=r.name, parent=r.parent)
        for r in resources
        if not r.custom and r.type != STACK_TYPE
    }
    estimates: list[Estimate] = []
    for resource in resources:
        if not resource.custom:
            continue
        outcome = _price(resource, ctx, cloud)
        estimates.append(
            Estimate(
                urn=resource.urn,
                type=resource.type,
                name=resource.name,
                component=resource.parent if resource.parent in components else None,
                lines=outcome.lines,
                note=outcome.note,
                free=outcome.free,
            )
        )
    usage.check_resource_names({r.name for r in resources})

    for item in estimates:
        for component in _ancestors(item.component, components):
            component.fixed += item.fixed
            component.usage += item.usage
            component.not_priced += item.status in ("not priced", "partly priced")

    return StackEstimate(
        stack=document.get("stack"),
        cloud=cloud,
        environment=document.get("environment"),
        region=region,
        currency=table.currency,
        resources=estimates,
        components=list(components.values()),
        usage_files=list(usage.files),
        notes=[NOT_MODELLED],
    )


def monthly_costs(document: Mapping[str, Any], usage: Usage | None = None) -> dict[str, Estimate]:
    """The monthly estimate of each cloud resource of a plan document, by URN.

    Each `Estimate` has `fixed`, `usage` and `monthly` (USD a month), `status` ("priced", "partly priced",
    "not priced", "free"), the `lines` behind them and a `note`. `stackyard diff` uses this for the cost delta
    of each changed resource.
    """
    return estimate(document, usage).by_urn()


def detect_region(cloud: str, resources: list[Resource]) -> str | None:
    """The region most of the plan's resources name: AWS ARNs and zones, GCP `region`/`location` inputs."""
    found: Counter[str] = Counter()
    for resource in resources:
        if cloud == "aws":
            for text in _strings([resource.id, resource.inputs]):
                found.update(_ARN_REGION.findall(text))
                zone = _AWS_ZONE.match(text)
                if zone:
                    found[zone.group(1)] += 1
        else:
            for key in ("region", "location"):
                value = resource.inputs.get(key)
                if isinstance(value, str) and _GCP_REGION.match(value):
                    found[value] += 1
            for text in _strings([resource.inputs]):
                found.update(_GCP_LINK_REGION.findall(text))
    return found.most_common(1)[0][0] if found else None


def _price(resource: Resource, ctx: Context, cloud: str) -> Outcome:
    if resource.type.startswith("pulumi:providers:"):
        return free("a Pulumi provider, not a cloud resource")
    if resource.type.startswith("random:"):
        return free("generated by Pulumi, not a cloud resource")
    if resource.type == "command:local:Command":
        return free("runs a command where `pulumi up` runs (a migration task it starts is not modelled)")
    rule = RULES[cloud].get(resource.type)
    if rule is not None:
        return rule(resource, ctx)
    if resource.type in FREE[cloud]:
        return free(FREE[cloud][resource.type])
    if resource.type in NOT_PRICED[cloud]:
        return not_priced(NOT_PRICED[cloud][resource.type])
    return not_priced("no pricing rule for this resource type")


def _ancestors(urn: str | None, components: dict[str, ComponentTotal]) -> Iterator[ComponentTotal]:
    while urn is not None and urn in components:
        yield components[urn]
        urn = components[urn].parent


def _guess_cloud(resources: list[Resource]) -> str:
    providers = Counter(r.type.split(":", 1)[0] for r in resources if r.custom)
    return "gcp" if providers["gcp"] > providers["aws"] else "aws"


def _strings(values: Any) -> Iterator[str]:
    if isinstance(values, str):
        yield values
    elif isinstance(values, Mapping):
        for value in values.values():
            yield from _strings(value)
    elif isinstance(values, (list, tuple)):
        for value in values:
            yield from _strings(value)
