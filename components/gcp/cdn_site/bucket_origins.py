"""The `bucket_origins`: a backend bucket with Cloud CDN for each, the load balancer's service agent allowed
to read only the objects its paths reach, and their routes."""

import pulumi
import pulumi_gcp as gcp

from .backend_buckets import cdn_bucket
from .settings import _Settings


def bucket_origin_routes(
    owner: pulumi.Resource,
    name: str,
    prefix: str,
    settings: _Settings,
    agent: pulumi.Input[str],
    backend_bucket: gcp.compute.BackendBucket,
) -> list[gcp.compute.URLMapPathMatcherPathRuleArgsDict]:
    """Each origin's backend bucket (`<physical_name>-site-<name>`) and read grant (after the site's
    backend bucket, which brings the service agent into being); a path rule per path pattern."""
    path_rules: list[gcp.compute.URLMapPathMatcherPathRuleArgsDict] = []
    domain = settings.domain
    for origin in settings.bucket_origins:
        served = cdn_bucket(
            owner,
            settings,
            f"{name}-bucket-{origin['name']}",
            f"{prefix}-{origin['name']}",
            f"{domain}: {', '.join(origin['path_patterns'])} from a bucket, behind Cloud CDN",
            origin["bucket_name"],
        )
        gcp.storage.BucketIAMMember(
            f"{name}-bucket-{origin['name']}-cdn-read",
            bucket=origin["bucket_name"],
            role="roles/storage.objectViewer",
            member=agent,
            condition=pulumi.Output.from_input(origin["bucket_name"]).apply(
                lambda bucket, o=origin: _objects_condition(bucket, o["name"], o["path_patterns"])
            ),
            opts=pulumi.ResourceOptions(parent=owner, depends_on=[backend_bucket]),
        )
        path_rules.extend({"paths": [p], "service": served.id} for p in origin["path_patterns"])
    return path_rules


def _objects_condition(
    bucket: str, name: str, patterns: list[str]
) -> gcp.storage.BucketIAMMemberConditionArgsDict:
    """An IAM condition admitting only the objects `patterns` reach ("/uploads/*": names starting with
    "uploads/"; "/logo.png": that object), as `resource.name` gives them for Cloud Storage
    ("projects/_/buckets/<bucket>/objects/<object>")."""
    objects = f"projects/_/buckets/{bucket}/objects/"
    tests = [
        f'resource.name.startsWith("{objects}{p.removeprefix("/").removesuffix("*")}")'
        if p.endswith("*")
        else f'resource.name == "{objects}{p.removeprefix("/")}"'
        for p in patterns
    ]
    return {
        "title": f"cdn-{name}-paths",
        "description": f"Only the objects the site serves at {', '.join(patterns)}",
        "expression": " || ".join(tests),
    }
