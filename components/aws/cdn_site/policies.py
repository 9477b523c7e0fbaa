"""The policy statements that name the distribution: the site bucket's read statement, a bucket origin's
or the failover bucket's read statement on the paths it serves, and the key-policy statement of an SSE-KMS
bucket."""

from typing import Any


def _read_statement(bucket_arn: str, distribution_arn: str) -> dict[str, Any]:
    """The bucket-policy statement that lets exactly one distribution read the site's objects."""
    return {
        "Sid": "AllowCloudFrontRead",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": f"{bucket_arn}/*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }


def _bucket_read_statement(bucket_arn: str, distribution_arn: str, patterns: list[str]) -> dict[str, Any]:
    """s3:GetObject for one distribution on the objects that `patterns` reach ("/uploads/*" ->
    `<bucket_arn>/uploads/*`: CloudFront asks S3 for the request's path, and `*` and `?` mean the same in a
    path pattern and in an ARN)."""
    resources = [f"{bucket_arn}/{pattern.removeprefix('/')}" for pattern in patterns]
    return {
        "Sid": "AllowCloudFrontReadOfSitePaths",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": resources[0] if len(resources) == 1 else resources,
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }


def _key_read_statement(distribution_arn: str) -> dict[str, Any]:
    """kms:Decrypt for one distribution, in the key policy of an SSE-KMS bucket it reads."""
    return {
        "Sid": "AllowCloudFrontDecryptForSitePaths",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "kms:Decrypt",
        "Resource": "*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }
