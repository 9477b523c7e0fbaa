"""The bucket's versioning and its lifecycle configuration (the rules settled in `settings`)."""

import pulumi
import pulumi_aws as aws

from .settings import _Settings


def versioning_and_lifecycle(
    parent: pulumi.Resource, logical: str, settings: _Settings, bucket: aws.s3.Bucket, region: str | None
) -> aws.s3.BucketVersioning | None:
    """Versioning (when `settings.versioning`), then the lifecycle rules, which wait for it. Returns the
    versioning resource (replication waits for it); None without versioning."""
    child = pulumi.ResourceOptions(parent=parent)

    versioning = None
    if settings.versioning:
        versioning = aws.s3.BucketVersioning(
            f"{logical}-versioning",
            bucket=bucket.id,
            versioning_configuration={"status": "Enabled"},
            region=region,
            opts=child,
        )
    aws.s3.BucketLifecycleConfiguration(
        f"{logical}-lifecycle",
        bucket=bucket.id,
        rules=settings.lifecycle,
        region=region,
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[versioning] if versioning else []),
    )
    return versioning
