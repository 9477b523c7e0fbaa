"""The site bucket (a `Bucket` whose policy lets only this distribution read it) and the origin access
control CloudFront signs its requests to the site bucket, the failover bucket and the bucket origins with."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..bucket import Bucket, BucketArgs
from ..naming import physical_name, physical_part
from .args import OAC_NAME_LIMIT, CdnSiteArgs
from .policies import _read_statement


@dataclass(frozen=True)
class SiteBucket:
    """The site's bucket, the origin access control of the S3 origins, and what resolves the bucket's read
    statement once the distribution exists."""

    bucket: Bucket
    access_control: aws.cloudfront.OriginAccessControl
    resolve_read_statement: Callable[[pulumi.Output[dict[str, Any]]], None]

    def allow_read(self, distribution: aws.cloudfront.Distribution) -> None:
        """Resolve the bucket policy's statement: `distribution` (and only it) may read the objects."""
        self.resolve_read_statement(
            pulumi.Output.all(self.bucket.arn, distribution.arn).apply(lambda v: _read_statement(v[0], v[1]))
        )


def site_bucket(
    owner: pulumi.Resource, name: str, base: str, args: CdnSiteArgs, tags: dict[str, str]
) -> SiteBucket:
    """The bucket `<name>-site` (SSE-S3, versioned, unprotected) and the origin access control `<name>-oac`
    (SigV4, always)."""
    child = pulumi.ResourceOptions(parent=owner)
    # The bucket policy names the distribution, and the distribution needs the bucket: the statement is
    # a deferred output, resolved once the distribution exists (the policy is then created after it).
    read_statement, resolve_read_statement = pulumi.deferred_output()
    bucket_args: BucketArgs = {
        # SSE-KMS would need CloudFront in the key policy; the content is the public site anyway.
        "encryption": "AES256",
        "versioning": True,
        "protect": False,  # build output: deploy it again
        "policy_statements": [read_statement],
        "tags": tags,
    }
    if base != name:
        bucket_args["physical_name"] = physical_part(base, "site")
    if args.get("access_log_bucket") is not None:
        bucket_args["log_bucket"] = args.get("access_log_bucket")
    bucket = Bucket(f"{name}-site", bucket_args, opts=child)

    access_control = aws.cloudfront.OriginAccessControl(
        f"{name}-oac",
        name=physical_name(f"{base}-site", OAC_NAME_LIMIT),
        description=f"CloudFront access to the {name} site bucket, managed by stackyard",
        origin_access_control_origin_type="s3",
        signing_behavior="always",
        signing_protocol="sigv4",
        opts=child,
    )
    return SiteBucket(bucket, access_control, resolve_read_statement)
