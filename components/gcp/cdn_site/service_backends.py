"""The service's backends: a serverless NEG of the Cloud Run service, the pages' backend service (Cloud CDN in
cache mode USE_ORIGIN_HEADERS) and, with `static_paths`, the static paths' backend service (CACHE_ALL_STATIC),
both with `security_policy` and `edge_security_policy`; and the routes of the static paths."""

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from ..https_frontend import NAME_LIMIT
from .settings import (
    SECURITY_HEADERS,
    SERVE_WHILE_STALE_SECONDS,
    STATIC_DEFAULT_TTL,
    STATIC_MAX_TTL,
    ServiceOrigin,
)


def service_routes(
    owner: pulumi.Resource,
    name: str,
    prefix: str,
    domain: str,
    service: ServiceOrigin,
    security_policy: pulumi.Input[str] | None,
    edge_policy: pulumi.Input[str] | None,
) -> tuple[pulumi.Output[str], list[gcp.compute.URLMapPathMatcherPathRuleArgsDict]]:
    """The service's backends: (the pages' backend service id, the URL map's default service; a path rule per
    static path, to the static paths' backend service)."""
    default_service, static_service = _service_backends(
        owner, name, prefix, domain, service, security_policy, edge_policy
    )
    path_rules: list[gcp.compute.URLMapPathMatcherPathRuleArgsDict] = []
    for pattern in service.get("static_paths", []):
        path_rules.append({"paths": [pattern], "service": static_service})
    return default_service, path_rules


def _service_backends(
    owner: pulumi.Resource,
    name: str,
    prefix: str,
    domain: str,
    service: ServiceOrigin,
    security_policy: pulumi.Input[str] | None,
    edge_policy: pulumi.Input[str] | None,
) -> tuple[pulumi.Output[str], pulumi.Output[str]]:
    """The serverless NEG of the service, its pages' backend service (USE_ORIGIN_HEADERS) and, with
    static paths, their backend service (CACHE_ALL_STATIC). Returns both ids (the pages' twice without
    static paths)."""
    child = pulumi.ResourceOptions(parent=owner)
    region = service.get("region")
    if region is None:
        config = gcp.organizations.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=owner))
        region = config.region
    neg = gcp.compute.RegionNetworkEndpointGroup(
        f"{name}-service",
        name=physical_name(f"{prefix}-service", NAME_LIMIT),
        region=region,
        network_endpoint_type="SERVERLESS",
        cloud_run={"service": service["service_name"]},
        description=f"{domain}: the Cloud Run service behind Cloud CDN, managed by stackyard",
        opts=child,
    )

    def backend(logical: str, suffix: str, what: str, cdn: gcp.compute.BackendServiceCdnPolicyArgsDict):
        return gcp.compute.BackendService(
            logical,
            name=physical_name(f"{prefix}-{suffix}", NAME_LIMIT),
            description=f"{domain}: {what} of the Cloud Run service, behind Cloud CDN",
            load_balancing_scheme="EXTERNAL_MANAGED",
            protocol="HTTPS",
            backends=[{"group": neg.id}],
            enable_cdn=True,
            cdn_policy=cdn,
            compression_mode="AUTOMATIC",
            custom_response_headers=SECURITY_HEADERS,
            log_config={"enable": True, "sample_rate": 1.0},
            security_policy=security_policy,
            edge_security_policy=edge_policy,
            opts=child,
        )

    pages = backend(
        f"{name}-service",
        "service",
        "the pages",
        {
            # Only what the service marks cacheable; USE_ORIGIN_HEADERS takes no TTLs of its own.
            "cache_mode": "USE_ORIGIN_HEADERS",
            "cache_key_policy": {
                "include_host": True,
                "include_protocol": True,
                "include_query_string": True,
            },
            "negative_caching": False,
            "request_coalescing": True,
        },
    )
    if not service.get("static_paths"):
        return pages.id, pages.id
    static = backend(
        f"{name}-static",
        "static",
        "the static paths",
        {
            "cache_mode": "CACHE_ALL_STATIC",
            "default_ttl": STATIC_DEFAULT_TTL,
            "max_ttl": STATIC_MAX_TTL,
            "client_ttl": STATIC_MAX_TTL,
            "cache_key_policy": {
                "include_host": True,
                "include_protocol": True,
                "include_query_string": False,
            },
            # A file missing on an instance not yet rolled out must not stay missing at the edge.
            "negative_caching": False,
            "serve_while_stale": SERVE_WHILE_STALE_SECONDS,
            "request_coalescing": True,
        },
    )
    return pages.id, static.id
