"""The bucket's CORS configuration, for browsers that call it directly (e.g. presigned uploads)."""

import pulumi
import pulumi_aws as aws


def cors_configuration(
    parent: pulumi.Resource, name: str, bucket: aws.s3.Bucket, origins: list[str], methods: list[str]
) -> None:
    """Allow `methods` from `origins`, any request header, and expose each part's ETag."""
    aws.s3.BucketCorsConfiguration(
        f"{name}-cors",
        bucket=bucket.id,
        cors_rules=[
            {
                "allowed_origins": origins,
                "allowed_methods": methods,
                "allowed_headers": ["*"],
                "expose_headers": ["ETag"],  # multipart uploads from a browser need each part's ETag
                "max_age_seconds": 3000,
            }
        ],
        opts=pulumi.ResourceOptions(parent=parent),
    )
