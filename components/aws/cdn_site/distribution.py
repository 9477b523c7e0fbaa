"""The CloudFront distribution: enabled, IPv6, HTTP/2 and HTTP/3, the price class, the origins and
behaviours, the SPA fallback of 403 and 404 (`spa`), the geo restriction, the viewer certificate and the
web ACL."""

import pulumi
import pulumi_aws as aws

from .args import DEFAULT_PRICE_CLASS, GEO_MODES, CdnSiteArgs, GeoRestriction
from .origins import Routing


def cloudfront_distribution(
    owner: pulumi.Resource,
    name: str,
    args: CdnSiteArgs,
    root_object: str | None,
    routing: Routing,
    viewer_certificate: aws.cloudfront.DistributionViewerCertificateArgsDict,
    acl_arn: pulumi.Input[str] | None,
    tags: dict[str, str],
) -> aws.cloudfront.Distribution:
    """The distribution `<name>`; `root_object` is None with `service_origin` (the service answers "/")."""
    domain = args.get("domain")
    spa = args.get("spa", False)
    return aws.cloudfront.Distribution(
        name,
        comment=f"{name} site, managed by stackyard",
        enabled=True,
        is_ipv6_enabled=True,
        http_version="http2and3",
        price_class=args.get("price_class", DEFAULT_PRICE_CLASS),
        default_root_object=root_object,
        aliases=[domain] if domain else [],
        origins=routing.origins,
        origin_groups=routing.origin_groups or None,  # None, not [], keeps the plans without failover
        default_cache_behavior=routing.default_behaviour,
        ordered_cache_behaviors=routing.ordered_behaviours,
        custom_error_responses=(
            [
                {
                    "error_code": code,
                    "response_code": 200,
                    "response_page_path": f"/{root_object}",
                    "error_caching_min_ttl": 10,
                }
                for code in (403, 404)
            ]
            if spa
            else []
        ),
        restrictions={"geo_restriction": _geo_restriction(args.get("geo_restriction"))},
        viewer_certificate=viewer_certificate,
        web_acl_id=acl_arn,
        tags={**tags, "Name": f"{name}-cdn"},
        opts=pulumi.ResourceOptions(parent=owner),
    )


def _geo_restriction(
    geo: GeoRestriction | None,
) -> aws.cloudfront.DistributionRestrictionsGeoRestrictionArgsDict:
    """CloudFront's geo restriction of `geo` (validated): none, or an allow or block list."""
    if geo is None:
        return {"restriction_type": "none", "locations": []}
    return {"restriction_type": GEO_MODES[geo["mode"]], "locations": sorted(geo["countries"])}
