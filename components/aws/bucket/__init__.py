"""`Bucket`: a private, encrypted, versioned S3 bucket with a TLS-only policy, lifecycle rules, optional
access logging, CORS and cross-region replication, and least-privilege grant documents.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled, the
lifecycle rules among them), `private_bucket` (the bucket, its public access block and object ownership,
shared by the main bucket and its replica, which goes on with `encryption` (the KMS key and default
encryption), `lifecycle` (versioning and the lifecycle configuration) and `policy` (the TLS-only bucket
policy)), then `access_logs` (server access logging, and the statement a log bucket's policy needs), `cors`
and `replication` (the replica bucket, its role and the replication configuration). The grant documents
are the component's methods."""

import json
from typing import Any

import pulumi

from ...checks import refuse_unknown_keys
from ..naming import physical_base
from .access_logs import LOGGING_SERVICE, access_logging, server_access_log_statement
from .cors import cors_configuration
from .encryption import _key_policy as _key_policy
from .policy import _policy_document as _policy_document
from .private_bucket import _Stored as _Stored
from .private_bucket import private_bucket
from .replication import _replication_policy as _replication_policy
from .replication import replicate
from .settings import _ORIGIN as _ORIGIN  # stacks.component_rules checks CdnSite origins with it
from .settings import _REGION as _REGION
from .settings import (
    CORS_METHODS,
    ENCRYPTIONS,
    MAX_PREFIX,
    MIN_TRANSITION_DAYS,
    STORAGE_CLASSES,
    BucketArgs,
    BucketTransition,
    _check_args,
)
from .settings import _is_int as _is_int
from .settings import _lifecycle_rules as _lifecycle_rules
from .settings import _Settings as _Settings

__all__ = [
    "CORS_METHODS",
    "ENCRYPTIONS",
    "LOGGING_SERVICE",
    "MAX_PREFIX",
    "MIN_TRANSITION_DAYS",
    "STORAGE_CLASSES",
    "Bucket",
    "BucketArgs",
    "BucketTransition",
    "server_access_log_statement",
]


class Bucket(pulumi.ComponentResource):
    """A private S3 bucket: public access blocked, ACLs off, encrypted, versioned, TLS only.

    Every bucket gets the same hardening: a public access block with all four flags on, `BucketOwnerEnforced`
    object ownership, default encryption (SSE-KMS with its own rotating key, or SSE-S3), versioning, a
    bucket policy denying any request without TLS, and a lifecycle configuration that at least aborts
    incomplete multipart uploads (and expires noncurrent versions when versioned). Grant other principals
    access with the `grant_*` documents, not with wildcard policies.

    Example:

        uploads = Bucket(
            "uploads",
            {
                "transitions": [{"days": 30, "storage_class": "STANDARD_IA"}],
                "cors_origins": ["https://shop.example.com"],
            },
        )
        pulumi.export("uploadsBucket", uploads.bucket_name)
        pulumi.export("uploaderPolicy", uploads.grant_put())
    """

    bucket_name: pulumi.Output[str]
    """The bucket's name: `physical_name` made S3-safe (at most 36 characters), "-", and 26 unique
    characters the provider appends; at most 63 characters."""
    arn: pulumi.Output[str]
    """The bucket's ARN."""
    regional_domain_name: pulumi.Output[str]
    """The bucket's regional domain name, e.g. for a CloudFront origin."""
    kms_key_arn: pulumi.Output[str]
    """The ARN of the KMS key that encrypts the bucket; "" with encryption "AES256"."""
    replica_bucket_name: pulumi.Output[str]
    """The name of the replica bucket; "" without `replication_region`."""

    def __init__(self, name: str, args: BucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Bucket, BucketArgs, name, args, opts)
        settings = _check_args(args)
        base = physical_base("Bucket", name, args.get("physical_name"))
        replication_region = args.get("replication_region")
        cors_origins = list(args.get("cors_origins") or [])
        cors_methods = list(args.get("cors_methods") or ["GET", "PUT", "POST", "HEAD"])
        super().__init__("stackyard-aws:index:Bucket", name, None, opts)

        main = private_bucket(
            self,
            name,
            base,
            settings,
            key_arn=args.get("kms_key_arn"),
            statements=list(args.get("policy_statements") or []),
            key_statements=list(args.get("key_policy_statements") or []),
        )
        bucket = main.bucket

        log_bucket = args.get("log_bucket")
        if log_bucket is not None:
            access_logging(self, name, base, bucket, log_bucket)

        if cors_origins:
            cors_configuration(self, name, bucket, cors_origins, cors_methods)

        replica_name: pulumi.Output[str] = pulumi.Output.from_input("")
        if replication_region:
            replica_name = replicate(self, name, base, replication_region, settings, main)

        self._key_arn = main.key_arn
        self.bucket_name = bucket.bucket
        self.arn = bucket.arn
        self.regional_domain_name = bucket.bucket_regional_domain_name
        self.kms_key_arn = main.key_arn if main.key_arn is not None else pulumi.Output.from_input("")
        self.replica_bucket_name = replica_name
        self.register_outputs(
            {
                "bucket_name": self.bucket_name,
                "arn": self.arn,
                "regional_domain_name": self.regional_domain_name,
                "kms_key_arn": self.kms_key_arn,
                "replica_bucket_name": self.replica_bucket_name,
            }
        )

    # -- grants ---------------------------------------------------------------------------------------------

    def grant_put(self) -> pulumi.Output[str]:
        """An IAM policy document (JSON) that only lets its holder write objects: s3:PutObject on the
        bucket's objects, plus kms:GenerateDataKey and kms:Encrypt on the bucket's key when it has one. No
        read, list or delete: an uploader that leaks its credentials cannot read what others uploaded."""
        return self._grant(["s3:PutObject"], [], ["kms:GenerateDataKey", "kms:Encrypt"])

    def grant_read(self) -> pulumi.Output[str]:
        """An IAM policy document (JSON) for reading: s3:GetObject on the objects, s3:ListBucket on the
        bucket, kms:Decrypt on the bucket's key when it has one."""
        return self._grant(["s3:GetObject"], ["s3:ListBucket"], ["kms:Decrypt"])

    def grant_read_write(self) -> pulumi.Output[str]:
        """An IAM policy document (JSON) for reading and writing: s3:GetObject, s3:PutObject and
        s3:DeleteObject on the objects, s3:ListBucket on the bucket, kms:Decrypt, kms:GenerateDataKey and
        kms:Encrypt on the bucket's key when it has one."""
        return self._grant(
            ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            ["s3:ListBucket"],
            ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"],
        )

    def _grant(
        self, object_actions: list[str], bucket_actions: list[str], key_actions: list[str]
    ) -> pulumi.Output[str]:
        key_arn = self._key_arn if self._key_arn is not None else ""

        def document(arn: str, key: str) -> str:
            statements: list[dict[str, Any]] = [
                {"Sid": "Objects", "Effect": "Allow", "Action": object_actions, "Resource": f"{arn}/*"}
            ]
            if bucket_actions:
                statements.append(
                    {"Sid": "Bucket", "Effect": "Allow", "Action": bucket_actions, "Resource": arn}
                )
            if key:
                statements.append({"Sid": "Key", "Effect": "Allow", "Action": key_actions, "Resource": key})
            return json.dumps({"Version": "2012-10-17", "Statement": statements})

        return pulumi.Output.all(self.arn, key_arn).apply(lambda v: document(v[0], v[1]))
