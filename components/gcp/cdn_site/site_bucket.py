"""The site bucket: a private `Bucket` named `<project>-<physical_name>-site`, versioned, serving index.html
for "/" and for directories."""

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from ..bucket import Bucket, BucketArgs
from .settings import BUCKET_NAME_LIMIT, INDEX, _Settings


def site_bucket(
    owner: pulumi.Resource,
    name: str,
    prefix: str,
    project: pulumi.Output[gcp.organizations.GetProjectResult],
    settings: _Settings,
) -> Bucket:
    """The bucket the built site is uploaded to (logical name `<name>-site`)."""
    bucket_args: BucketArgs = {
        # Fixed and globally unique: the project id in front, never a random suffix.
        "bucket_name": project.project_id.apply(lambda p: physical_name(f"{p}-{prefix}", BUCKET_NAME_LIMIT)),
        "index_page": INDEX,
        "force_destroy": settings.force_destroy,
        "protect": False,  # build output: deploy it again (as on AWS)
        "noncurrent_expire_days": 30,  # long enough to roll back a bad deploy (class docstring)
        "labels": settings.labels,
    }
    if settings.location is not None:
        bucket_args["location"] = settings.location
    if settings.log_bucket is not None:
        bucket_args["log_bucket"] = settings.log_bucket
    return Bucket(f"{name}-site", bucket_args, pulumi.ResourceOptions(parent=owner))
