"""The backend buckets: Cloud CDN in front of a bucket (cache mode FORCE_CACHE_ALL, negative caching,
serve-while-stale, compression, the security headers, the edge security policy), first the site bucket's,
whose reader the load balancer's service agent then becomes."""

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from ..bucket import Bucket
from ..https_frontend import NAME_LIMIT
from .settings import NEGATIVE_CACHE_SECONDS, SECURITY_HEADERS, SERVE_WHILE_STALE_SECONDS, _Settings


def cdn_bucket(
    owner: pulumi.Resource,
    settings: _Settings,
    logical_name: str,
    physical: str,
    description: str,
    bucket: pulumi.Input[str],
) -> gcp.compute.BackendBucket:
    """A backend bucket with Cloud CDN on, for `bucket`."""
    return gcp.compute.BackendBucket(
        logical_name,
        name=physical_name(physical, NAME_LIMIT),
        description=description,
        bucket_name=bucket,
        enable_cdn=True,
        cdn_policy={
            "cache_mode": "FORCE_CACHE_ALL",
            "default_ttl": settings.cache_ttl,
            "client_ttl": settings.browser_ttl,
            "negative_caching": True,
            "negative_caching_policies": [
                {"code": 404, "ttl": NEGATIVE_CACHE_SECONDS},
                {"code": 410, "ttl": NEGATIVE_CACHE_SECONDS},
            ],
            "serve_while_stale": SERVE_WHILE_STALE_SECONDS,
            "request_coalescing": True,
        },
        compression_mode="AUTOMATIC",
        custom_response_headers=SECURITY_HEADERS,
        edge_security_policy=settings.edge_policy,
        opts=pulumi.ResourceOptions(parent=owner),
    )


def site_backend_bucket(
    owner: pulumi.Resource,
    name: str,
    prefix: str,
    settings: _Settings,
    site_bucket: Bucket,
    agent: pulumi.Input[str],
) -> gcp.compute.BackendBucket:
    """The site bucket's backend bucket (`<physical_name>-site`), then the service agent's read grant on the
    site bucket."""
    backend_bucket = cdn_bucket(
        owner,
        settings,
        name,
        prefix,
        f"{settings.domain}: the site bucket behind Cloud CDN",
        site_bucket.bucket_name,
    )
    # The service agent exists once the project has a backend bucket: grant after creating it.
    site_bucket.grant_read("cdn", agent, depends_on=[backend_bucket])
    return backend_bucket
