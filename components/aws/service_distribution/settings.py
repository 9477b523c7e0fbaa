"""`ServiceDistribution`'s first step: its arguments (the `ServiceDistributionArgs` TypedDict the docs and
the Pulumi schema are read from), the managed policies and limits it uses, and the checks of the plain
arguments before anything is registered."""

from dataclasses import dataclass
from typing import Required, TypedDict

import pulumi

from ...bounds import OneOf, bounds
from ...checks import check_bounds, not_allowed
from ..cdn_site.args import ALL_METHODS, DEFAULT_PRICE_CLASS, PRICE_CLASSES

# AWS managed policies, by id (Amazon CloudFront Developer Guide, "Use managed cache policies" and "Use
# managed origin request policies"): no caching, and every viewer header (Host included), cookie and query
# string forwarded to the origin, so the load balancer's rule matches the distribution's own host name.
CACHING_DISABLED_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # Managed-CachingDisabled
ALL_VIEWER_ID = "216adef6-5c7f-47e4-b989-5492eafa07d3"  # Managed-AllViewer
ORIGIN_ID = "load-balancer"
# The methods every behaviour allows, and the ones CloudFront could cache (none are, with CachingDisabled).
CACHED_METHODS = ["GET", "HEAD"]

__all__ = [
    "ALL_METHODS",
    "ALL_VIEWER_ID",
    "CACHED_METHODS",
    "CACHING_DISABLED_ID",
    "DEFAULT_PRICE_CLASS",
    "ORIGIN_ID",
    "PRICE_CLASSES",
    "ServiceDistributionArgs",
    "_Settings",
    "_check_args",
]


class ServiceDistributionArgs(TypedDict, total=False):
    vpc_origin_id: Required[pulumi.Input[str]]
    """The id of the CloudFront VPC origin of an internal load balancer, e.g. `edge.vpc_origin_id` (a
    `LoadBalancer` with `internal`). Required."""
    origin_domain_name: Required[pulumi.Input[str]]
    """The internal load balancer's DNS name, e.g. `edge.dns_name`. Required."""
    price_class: str
    """Which edge locations serve the distribution: "PriceClass_100" (North America, Europe and Israel),
    "PriceClass_200" or "PriceClass_All". Default "PriceClass_100"."""
    access_log_bucket: pulumi.Input[str] | None
    """Name of a bucket that receives the distribution's access logs through standard logging (v2), as JSON
    objects under AWSLogs/: its policy must let the log delivery service write (`delivery.logs.amazonaws.com`,
    s3:PutObject, for this account: Amazon CloudWatch Logs User Guide, "Logs sent to Amazon S3"). Default
    None: no access logs."""
    tags: dict[str, str]
    """Tags added to every taggable resource, plus Name. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the response headers policy
    `<physical_name>-security-headers`, the log delivery `<physical_name>-cdn-access-logs`). Default: the
    component's name. Give each stack its own (e.g. "shop-staging-api") so that two stacks in one account
    never collide, while the logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and
    hyphens, starting with a letter."""


# What each argument admits, checked before anything else (`components.bounds`).
BOUNDS = bounds(ServiceDistributionArgs, price_class=OneOf(*PRICE_CLASSES))


@dataclass(frozen=True)
class _Settings:
    """The plain, validated arguments."""

    price_class: str
    tags: dict[str, str]


def _check_args(args: ServiceDistributionArgs) -> _Settings:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    check_bounds("ServiceDistribution", ServiceDistributionArgs, args)
    for required, value, what in (
        (
            "vpc_origin_id",
            args.get("vpc_origin_id"),
            "the id of the load balancer's CloudFront VPC origin, e.g. edge.vpc_origin_id",
        ),
        (
            "origin_domain_name",
            args.get("origin_domain_name"),
            "the internal load balancer's DNS name, e.g. edge.dns_name",
        ),
    ):
        if value is None:
            raise ValueError(f"ServiceDistribution {required} is required: {what}")
        if isinstance(value, str) and not value:
            raise not_allowed("ServiceDistribution", required, value, f"use {what}")
    price_class = args.get("price_class", DEFAULT_PRICE_CLASS)
    tags = args.get("tags") or {}
    if not isinstance(tags, dict):
        raise not_allowed("ServiceDistribution", "tags", tags, "use a dict of name -> value")
    return _Settings(price_class=price_class, tags=dict(tags))
