"""The CloudFront distribution of one service: its default certificate, the load balancer's VPC origin over
HTTP, every method, no caching, every viewer header (Host included) forwarded, security headers."""

import pulumi
import pulumi_aws as aws

from .settings import (
    ALL_METHODS,
    ALL_VIEWER_ID,
    CACHED_METHODS,
    CACHING_DISABLED_ID,
    ORIGIN_ID,
    ServiceDistributionArgs,
    _Settings,
)


def cloudfront_distribution(
    owner: pulumi.Resource,
    name: str,
    args: ServiceDistributionArgs,
    settings: _Settings,
    headers_policy_id: pulumi.Input[str],
) -> aws.cloudfront.Distribution:
    """The distribution `<name>`, serving HTTPS at its own "<id>.cloudfront.net" name."""
    return aws.cloudfront.Distribution(
        name,
        comment=f"{name} service, managed by stackyard",
        enabled=True,
        is_ipv6_enabled=True,
        http_version="http2and3",
        price_class=settings.price_class,
        origins=[
            {
                "origin_id": ORIGIN_ID,
                "domain_name": args["origin_domain_name"],
                "vpc_origin_config": {"vpc_origin_id": args["vpc_origin_id"]},
            }
        ],
        default_cache_behavior={
            "target_origin_id": ORIGIN_ID,
            "viewer_protocol_policy": "redirect-to-https",
            "allowed_methods": ALL_METHODS,
            "cached_methods": CACHED_METHODS,
            "cache_policy_id": CACHING_DISABLED_ID,
            "origin_request_policy_id": ALL_VIEWER_ID,
            "response_headers_policy_id": headers_policy_id,
        },
        restrictions={"geo_restriction": {"restriction_type": "none", "locations": []}},
        viewer_certificate={"cloudfront_default_certificate": True},
        tags={**settings.tags, "Name": f"{name}-cdn"},
        opts=pulumi.ResourceOptions(parent=owner),
    )
