"""The distribution's origins and cache behaviours: the site bucket (or an origin group of it and the
`failover_origin` bucket), the `bucket_origins`, the `api_origin` and the `service_origin` (with its
forwarded-host CloudFront Function); the default behaviour, and the ordered behaviours most specific first.
The behaviours use CloudFront's managed cache and origin request policies, looked up by name."""

import re
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .args import (
    ALL_METHODS,
    ALL_VIEWER_EXCEPT_HOST_HEADER,
    CACHING_DISABLED,
    CACHING_OPTIMIZED,
    DEFAULT_FAILOVER_STATUS_CODES,
    FAILOVER_ORIGIN_ID,
    FORWARDED_HOST_CODE,
    FUNCTION_NAME_LIMIT,
    FUNCTION_RUNTIME,
    SITE_GROUP_ID,
    CdnSiteArgs,
    FailoverOrigin,
)


@dataclass(frozen=True)
class Routing:
    """What the distribution serves from where."""

    origins: list[aws.cloudfront.DistributionOriginArgsDict]
    origin_groups: list[aws.cloudfront.DistributionOriginGroupArgsDict]
    default_behaviour: aws.cloudfront.DistributionDefaultCacheBehaviorArgsDict
    ordered_behaviours: list[aws.cloudfront.DistributionOrderedCacheBehaviorArgsDict]
    """Most specific path pattern first (CloudFront takes the first match)."""


def origins_and_behaviours(
    owner: pulumi.Resource,
    name: str,
    base: str,
    args: CdnSiteArgs,
    bucket_domain_name: pulumi.Input[str],
    access_control_id: pulumi.Input[str],
    headers_policy_id: pulumi.Input[str],
) -> Routing:
    """The origins, origin groups and behaviours of the arguments; with `service_origin`, also the
    viewer-request function `<name>-forwarded-host`."""
    child = pulumi.ResourceOptions(parent=owner)
    service = args.get("service_origin")
    api_origin = args.get("api_origin")
    bucket_origins = list(args.get("bucket_origins") or [])
    s3_origin_id, api_origin_id, service_origin_id = "s3", "api", "service"
    origins: list[aws.cloudfront.DistributionOriginArgsDict] = [
        {
            "origin_id": s3_origin_id,
            "domain_name": bucket_domain_name,
            "origin_access_control_id": access_control_id,
        }
    ]
    # The site bucket's behaviours read it, or with `failover_origin` an origin group of it and the
    # failover bucket (origin groups serve GET, HEAD and OPTIONS only, which is all they allow).
    site_target = s3_origin_id
    origin_groups: list[aws.cloudfront.DistributionOriginGroupArgsDict] = []
    failover = args.get("failover_origin")
    if failover is not None:
        origins.append(
            {
                "origin_id": FAILOVER_ORIGIN_ID,
                "domain_name": failover["domain_name"],
                "origin_access_control_id": access_control_id,
            }
        )
        site_target = SITE_GROUP_ID
        origin_groups = [_origin_group(failover)]
    # (path pattern, behaviour) pairs, ordered most specific first below.
    ordered: list[tuple[str, aws.cloudfront.DistributionOrderedCacheBehaviorArgsDict]] = []

    def cached(pattern: str, origin_id: str) -> aws.cloudfront.DistributionOrderedCacheBehaviorArgsDict:
        return {
            "path_pattern": pattern,
            "target_origin_id": origin_id,
            "viewer_protocol_policy": "redirect-to-https",
            "allowed_methods": ["GET", "HEAD", "OPTIONS"],
            "cached_methods": ["GET", "HEAD"],
            "compress": True,
            "cache_policy_id": _cache_policy(CACHING_OPTIMIZED, owner),
            "response_headers_policy_id": headers_policy_id,
        }

    for origin in bucket_origins:
        origin_id = f"bucket-{origin['name']}"
        origins.append(
            {
                "origin_id": origin_id,
                "domain_name": origin["domain_name"],
                "origin_access_control_id": access_control_id,
            }
        )
        ordered.extend((pattern, cached(pattern, origin_id)) for pattern in origin["path_patterns"])

    if api_origin is not None:
        origins.append(_https_origin(api_origin_id, api_origin["domain_name"]))
        pattern = api_origin.get("path_pattern", "/api/*")
        ordered.append(
            (
                pattern,
                {
                    "path_pattern": pattern,
                    "target_origin_id": api_origin_id,
                    "viewer_protocol_policy": "redirect-to-https",
                    "allowed_methods": ALL_METHODS,
                    "cached_methods": ["GET", "HEAD"],
                    "compress": True,
                    "cache_policy_id": _cache_policy(CACHING_DISABLED, owner),
                    "origin_request_policy_id": _origin_request_policy(ALL_VIEWER_EXCEPT_HOST_HEADER, owner),
                    "response_headers_policy_id": headers_policy_id,
                },
            )
        )

    default_behaviour: aws.cloudfront.DistributionDefaultCacheBehaviorArgsDict = {
        "target_origin_id": site_target,
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD", "OPTIONS"],
        "cached_methods": ["GET", "HEAD"],
        "compress": True,
        "cache_policy_id": _cache_policy(CACHING_OPTIMIZED, owner),
        "response_headers_policy_id": headers_policy_id,
    }
    if service is not None:
        origins.append(_https_origin(service_origin_id, service["domain_name"]))
        forwarded_host = aws.cloudfront.Function(
            f"{name}-forwarded-host",
            name=physical_name(f"{base}-forwarded-host", FUNCTION_NAME_LIMIT),
            comment="The viewer's Host as X-Forwarded-Host, managed by stackyard",
            runtime=FUNCTION_RUNTIME,
            code=FORWARDED_HOST_CODE,
            publish=True,
            opts=child,
        )
        default_behaviour = {
            "target_origin_id": service_origin_id,
            "viewer_protocol_policy": "redirect-to-https",
            "allowed_methods": ALL_METHODS,
            "cached_methods": ["GET", "HEAD"],
            "compress": True,
            "cache_policy_id": _cache_policy(CACHING_DISABLED, owner),
            "origin_request_policy_id": _origin_request_policy(ALL_VIEWER_EXCEPT_HOST_HEADER, owner),
            "response_headers_policy_id": headers_policy_id,
            "function_associations": [{"event_type": "viewer-request", "function_arn": forwarded_host.arn}],
        }
        ordered.extend(
            (pattern, cached(pattern, service_origin_id)) for pattern in service.get("static_paths", [])
        )

    return Routing(
        origins,
        origin_groups,
        default_behaviour,
        [behaviour for _, behaviour in sorted(ordered, key=_specific_first)],
    )


def _cache_policy(policy: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The id of the AWS managed cache policy named `policy` (e.g. "Managed-CachingOptimized")."""
    found = aws.cloudfront.get_cache_policy_output(name=policy, opts=pulumi.InvokeOptions(parent=parent))
    return found.apply(lambda result: _found_id(result.id, "cache policy", policy))


def _origin_request_policy(policy: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The id of the AWS managed origin request policy named `policy`."""
    found = aws.cloudfront.get_origin_request_policy_output(
        name=policy, opts=pulumi.InvokeOptions(parent=parent)
    )
    return found.apply(lambda result: _found_id(result.id, "origin request policy", policy))


def _https_origin(
    origin_id: str, domain_name: pulumi.Input[str]
) -> aws.cloudfront.DistributionOriginArgsDict:
    """A custom origin reached over HTTPS only, TLS 1.2 (its certificate must be valid for `domain_name`)."""
    return {
        "origin_id": origin_id,
        "domain_name": domain_name,
        "custom_origin_config": {
            "http_port": 80,
            "https_port": 443,
            "origin_protocol_policy": "https-only",
            "origin_ssl_protocols": ["TLSv1.2"],
        },
    }


def _origin_group(failover: FailoverOrigin) -> aws.cloudfront.DistributionOriginGroupArgsDict:
    """The origin group of the site bucket (primary) and the failover bucket (secondary)."""
    return {
        "origin_id": SITE_GROUP_ID,
        "failover_criteria": {
            "status_codes": sorted(failover.get("status_codes", DEFAULT_FAILOVER_STATUS_CODES))
        },
        "members": [{"origin_id": "s3"}, {"origin_id": FAILOVER_ORIGIN_ID}],
    }


def _specific_first(entry: tuple[str, object]) -> tuple[int, bool, str]:
    """Sort key of ordered cache behaviours: CloudFront takes the first match, so the longest fixed start
    goes first, an exact path before a pattern with the same start ("/api/health" before "/api/*"), as a
    Google Cloud URL map matches the most specific path."""
    pattern = entry[0]
    fixed = re.split(r"[*?]", pattern, maxsplit=1)[0]
    return (-len(fixed), fixed != pattern, pattern)


def _found_id(found: str | None, what: str, name: str) -> str:
    if not found:
        raise ValueError(f"CdnSite: CloudFront has no managed {what} named {name}")
    return found
