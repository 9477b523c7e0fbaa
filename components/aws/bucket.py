"""`Bucket`: a private, encrypted, versioned S3 bucket with a TLS-only policy, lifecycle rules, optional
access logging, CORS and cross-region replication, and least-privilege grant documents."""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

import pulumi
import pulumi_aws as aws

from ..checks import refuse_unknown_keys
from .iam import assume_role_policy
from .kms import account_administers, encryption_key
from .naming import physical_base, physical_name

ENCRYPTIONS = ("aws:kms", "AES256")
STORAGE_CLASSES = ("STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE")
CORS_METHODS = ("GET", "PUT", "POST", "DELETE", "HEAD")
# S3 only moves objects to STANDARD_IA once they are at least 30 days old.
MIN_TRANSITION_DAYS = {"STANDARD_IA": 30}
# AWS accepts a bucket_prefix of at most 37 characters, hyphen included; the provider appends 26 unique
# characters (37 + 26 = 63, S3's limit).
MAX_PREFIX = 37
_ORIGIN = re.compile(
    r"^(https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?|http://localhost:\d{1,5})$"
)
_REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$")


class BucketTransition(TypedDict):
    """Move current objects to a cheaper storage class after some days."""

    days: int
    """Days after creation, ≥ 0 (≥ 30 for STANDARD_IA)."""
    storage_class: str
    """One of STANDARD_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE."""


class BucketArgs(TypedDict, total=False):
    encryption: str
    """Server-side encryption: "aws:kms" (a customer-managed KMS key, with an S3 bucket key to cut KMS
    requests) or "AES256" (S3-managed keys; use it for a bucket that receives S3 server access logs, which
    cannot be delivered to an SSE-KMS bucket). Default "aws:kms"."""
    kms_key_arn: pulumi.Input[str]
    """The KMS key to encrypt with (encryption "aws:kms" only). Default: a new key for this bucket, with
    yearly rotation."""
    versioning: bool
    """Keep every version of every object. Default True. Required for replication."""
    expire_days: int | None
    """Delete current objects this many days after creation (on a versioned bucket they become noncurrent
    versions). Default None: objects never expire."""
    noncurrent_expire_days: int
    """Delete noncurrent (overwritten or deleted) versions this many days after they became noncurrent;
    used only when versioned. Default 90."""
    transitions: list[BucketTransition]
    """Move current objects to cheaper storage classes, e.g. [{"days": 30, "storage_class": "STANDARD_IA"},
    {"days": 180, "storage_class": "GLACIER"}]. Each storage class at most once, every transition before
    `expire_days`. Default []."""
    abort_multipart_days: int
    """Abort multipart uploads left incomplete this many days after they started (their parts are billed
    but invisible). Default 7."""
    policy_statements: list[pulumi.Input[dict[str, Any]]]
    """More bucket-policy statements, merged into the one bucket policy after the TLS-only deny, e.g. the
    CDN's origin access control grant. Public grants are refused by the public access block. Default []."""
    key_policy_statements: list[pulumi.Input[dict[str, Any]]]
    """More statements for the policy of the bucket's own KMS key (encryption "aws:kms" without
    `kms_key_arn`), after the one that keeps the account in charge of the key as AWS's default key policy
    does, e.g. a CdnSite's `key_read_statement()` so CloudFront can decrypt the objects it serves. The
    replica's key has the account's statement only. Default []: the account's statement only (every key's
    policy is written out: `components.aws.kms.encryption_key`)."""
    log_bucket: pulumi.Input[str] | None
    """Name of a bucket that receives S3 server access logs, under the prefix "<physical_name>/": a
    dedicated bucket in the same region (never this one), with encryption "AES256" (S3 delivers server
    access logs to SSE-S3 buckets only) and `server_access_log_statement(...)` in its policy. Default None:
    no access logging."""
    replication_region: str | None
    """Replicate every object (SSE-KMS ones included) and delete marker to a bucket in this region (e.g.
    "us-west-2"), itself private, encrypted the same way (with its own KMS key in that region), versioned
    and TLS-only. Needs `versioning`. The replica bucket and its key are created through the stack's AWS
    provider (same credentials, `aws:profile`, assumed role and default tags) with the resources' `region`
    argument. Default None: no replication."""
    cors_origins: list[str]
    """Browser origins allowed to call the bucket directly (e.g. presigned uploads): "https://host[:port]"
    or "http://localhost:PORT". Default []: no CORS configuration."""
    cors_methods: list[str]
    """HTTP methods allowed for `cors_origins`: GET, PUT, POST, DELETE, HEAD. Default ["GET", "PUT", "POST",
    "HEAD"]."""
    force_destroy: bool
    """Let `pulumi destroy` delete a bucket that still holds objects. Default False."""
    protect: bool
    """Pulumi `protect` on the bucket(s) and their KMS key(s): they cannot be deleted until it is turned
    off. Default True."""
    tags: dict[str, str]
    """Tags added to every taggable resource, plus Name. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the bucket name prefix
    `<physical_name>-`, `alias/<physical_name>`, the replica `<physical_name>-replica-…`, the replication
    role, the access-log prefix). Default: the component's name. Give each stack its own (e.g.
    "shop-staging-uploads") so that two stacks in one account never collide, while the logical names, and so
    the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter. Changing it
    on a deployed stack replaces the bucket."""


@dataclass(frozen=True)
class _Settings:
    """The plain, validated arguments."""

    encryption: str
    versioning: bool
    lifecycle: list[aws.s3.BucketLifecycleConfigurationRuleArgsDict]
    force_destroy: bool
    protect: bool
    tags: dict[str, str]


@dataclass(frozen=True)
class _Stored:
    """A bucket created by `_private_bucket`, and what replication must wait for."""

    bucket: aws.s3.Bucket
    key_arn: pulumi.Output[str] | None
    versioning: aws.s3.BucketVersioning | None


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

        main = self._private_bucket(
            name,
            base,
            settings,
            key_arn=args.get("kms_key_arn"),
            statements=list(args.get("policy_statements") or []),
            key_statements=list(args.get("key_policy_statements") or []),
        )
        bucket = main.bucket
        child = pulumi.ResourceOptions(parent=self)

        log_bucket = args.get("log_bucket")
        if log_bucket is not None:
            aws.s3.BucketLogging(
                f"{name}-logging",
                bucket=bucket.id,
                target_bucket=log_bucket,
                target_prefix=f"{base}/",
                opts=child,
            )

        if cors_origins:
            aws.s3.BucketCorsConfiguration(
                f"{name}-cors",
                bucket=bucket.id,
                cors_rules=[
                    {
                        "allowed_origins": cors_origins,
                        "allowed_methods": cors_methods,
                        "allowed_headers": ["*"],
                        "expose_headers": ["ETag"],  # multipart uploads from a browser need each part's ETag
                        "max_age_seconds": 3000,
                    }
                ],
                opts=child,
            )

        replica_name: pulumi.Output[str] = pulumi.Output.from_input("")
        if replication_region:
            replica_name = self._replicate(name, base, replication_region, settings, main)

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

    # -- building blocks ------------------------------------------------------------------------------------

    def _private_bucket(
        self,
        logical: str,
        physical: str,
        settings: _Settings,
        key_arn: pulumi.Input[str] | None,
        statements: Sequence[pulumi.Input[dict[str, Any]]],
        region: str | None = None,
        key_statements: Sequence[pulumi.Input[dict[str, Any]]] = (),
    ) -> _Stored:
        """A bucket (logical name `logical`, physical names from `physical`) with the full hardening, shared
        by the main bucket and its replica: public access block, BucketOwnerEnforced, default encryption
        (`key_arn`, or a new key when None and KMS is used), versioning, lifecycle rules and the TLS-only
        bucket policy merged with `statements` (and its new key's policy with `key_statements`). `region`
        places it (and its key) in another region through each resource's `region` argument, keeping the
        stack's provider (an explicit `aws.Provider` would ignore the stack's `aws:` configuration)."""
        tags = settings.tags
        child = pulumi.ResourceOptions(parent=self)

        # Name: S3 names are global, 3-63 lowercase letters, digits and hyphens. An explicit name would
        # collide with any other stack or account that uses the same physical name, and could not be
        # replaced create-before-delete; with `bucket_prefix` the provider appends 26 unique characters. The
        # prefix (hyphen included) is at most 37 characters, so the full name is at most 63.
        bucket = aws.s3.Bucket(
            logical,
            bucket_prefix=physical_name(physical, MAX_PREFIX - 1) + "-",
            force_destroy=settings.force_destroy,
            tags={**tags, "Name": logical},
            region=region,
            opts=pulumi.ResourceOptions(parent=self, protect=settings.protect),
        )
        access_block = aws.s3.BucketPublicAccessBlock(
            f"{logical}-public-access",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            region=region,
            opts=child,
        )
        aws.s3.BucketOwnershipControls(
            f"{logical}-ownership",
            bucket=bucket.id,
            rule={"object_ownership": "BucketOwnerEnforced"},
            region=region,
            opts=child,
        )

        key: pulumi.Output[str] | None = None
        if settings.encryption == "aws:kms":
            if key_arn is not None:
                key = pulumi.Output.from_input(key_arn)
            else:
                purpose = "S3 replica bucket" if region else "S3 bucket"
                key = encryption_key(
                    logical,
                    purpose,
                    self,
                    tags,
                    protect=settings.protect,
                    region=region,
                    alias=physical,
                    policy=self._key_policy(key_statements) if key_statements else None,
                ).arn
            rule: aws.s3.BucketServerSideEncryptionConfigurationRuleArgsDict = {
                "apply_server_side_encryption_by_default": {
                    "sse_algorithm": "aws:kms",
                    "kms_master_key_id": key,
                },
                "bucket_key_enabled": True,
            }
        else:
            rule = {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{logical}-encryption", bucket=bucket.id, rules=[rule], region=region, opts=child
        )

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
            opts=pulumi.ResourceOptions(parent=self, depends_on=[versioning] if versioning else []),
        )
        aws.s3.BucketPolicy(
            f"{logical}-policy",
            bucket=bucket.id,
            policy=_policy_document(bucket.arn, statements),
            region=region,
            # A policy put before the public access block exists could be judged public and rejected.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[access_block]),
        )
        return _Stored(bucket=bucket, key_arn=key, versioning=versioning)

    def _key_policy(self, statements: Sequence[pulumi.Input[dict[str, Any]]]) -> pulumi.Output[str]:
        """The key policy: the account administers the key (AWS's default key policy, so IAM policies such as
        the `grant_*` documents keep working), then `statements`."""
        invoke = pulumi.InvokeOutputOptions(parent=self)
        account = aws.get_caller_identity_output(opts=invoke).account_id
        partition = aws.get_partition_output(opts=invoke).partition

        def document(values: list[Any]) -> str:
            partition_name, account_id, *extra = values
            administer = account_administers(partition_name, account_id)
            return json.dumps({"Version": "2012-10-17", "Statement": [administer, *extra]})

        return pulumi.Output.all(partition, account, *statements).apply(document)

    def _replicate(
        self, name: str, base: str, region: str, settings: _Settings, source: _Stored
    ) -> pulumi.Output[str]:
        """A hardened replica bucket in `region`, a role S3 assumes to copy objects into it, and the
        replication configuration on the source. Returns the replica's name."""
        replica = self._private_bucket(
            f"{name}-replica", f"{base}-replica", settings, key_arn=None, statements=[], region=region
        )
        child = pulumi.ResourceOptions(parent=self)

        role = aws.iam.Role(
            f"{name}-replication",
            name_prefix=physical_name(f"{base}-replication", MAX_PREFIX) + "-",
            description=f"S3 replication of {name} to {region}, managed by stackyard",
            assume_role_policy=assume_role_policy("s3.amazonaws.com"),
            tags={**settings.tags, "Name": f"{name}-replication"},
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-replication",
            role=role.id,
            policy=pulumi.Output.all(
                source.bucket.arn,
                replica.bucket.arn,
                source.key_arn if source.key_arn is not None else "",
                replica.key_arn if replica.key_arn is not None else "",
            ).apply(lambda v: _replication_policy(*v)),
            opts=child,
        )

        destination: aws.s3.BucketReplicationConfigRuleDestinationArgsDict = {"bucket": replica.bucket.arn}
        rule: aws.s3.BucketReplicationConfigRuleArgsDict = {
            "id": "replicate-everything",
            "status": "Enabled",
            "filter": {"prefix": ""},
            "delete_marker_replication": {"status": "Enabled"},
            "destination": destination,
        }
        if replica.key_arn is not None:
            destination["encryption_configuration"] = {"replica_kms_key_id": replica.key_arn}
            rule["source_selection_criteria"] = {"sse_kms_encrypted_objects": {"status": "Enabled"}}
        # Replication needs versioning enabled on both buckets first.
        versionings = [v for v in (source.versioning, replica.versioning) if v is not None]
        aws.s3.BucketReplicationConfig(
            f"{name}-replication",
            bucket=source.bucket.id,
            role=role.arn,
            rules=[rule],
            opts=pulumi.ResourceOptions(parent=self, depends_on=versionings),
        )
        return replica.bucket.bucket


LOGGING_SERVICE = "logging.s3.amazonaws.com"


def server_access_log_statement(
    log_bucket_arn: str, source_bucket_arns: Sequence[str], account: str
) -> dict[str, Any]:
    """The statement of a log bucket's policy that lets S3 deliver the server access logs of exactly the
    buckets `source_bucket_arns` of this account (Amazon S3 User Guide, "Permissions for log delivery": the
    `logging.s3.amazonaws.com` service principal with `aws:SourceArn` and `aws:SourceAccount`)."""
    return {
        "Sid": "S3ServerAccessLogDelivery",
        "Effect": "Allow",
        "Principal": {"Service": LOGGING_SERVICE},
        "Action": "s3:PutObject",
        "Resource": f"{log_bucket_arn}/*",
        "Condition": {
            "ArnLike": {"aws:SourceArn": list(source_bucket_arns)},
            "StringEquals": {"aws:SourceAccount": account},
        },
    }


def _policy_document(
    arn: pulumi.Output[str], statements: Sequence[pulumi.Input[dict[str, Any]]]
) -> pulumi.Output[str]:
    """The bucket policy: deny every request made without TLS, then `statements`."""

    def document(values: list[Any]) -> str:
        bucket_arn, *extra = values
        deny = {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [bucket_arn, f"{bucket_arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
        return json.dumps({"Version": "2012-10-17", "Statement": [deny, *extra]})

    return pulumi.Output.all(arn, *statements).apply(document)


def _replication_policy(source: str, replica: str, source_key: str, replica_key: str) -> str:
    """Least privilege for the replication role: read the source's configuration and object versions,
    replicate into the replica, decrypt with the source key and encrypt with the replica key."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "SourceBucket",
            "Effect": "Allow",
            "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            "Resource": source,
        },
        {
            "Sid": "SourceObjects",
            "Effect": "Allow",
            "Action": [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
            ],
            "Resource": f"{source}/*",
        },
        {
            "Sid": "ReplicaObjects",
            "Effect": "Allow",
            "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            "Resource": f"{replica}/*",
        },
    ]
    if source_key:
        statements.append(
            {"Sid": "SourceKey", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": source_key}
        )
    if replica_key:
        statements.append(
            {"Sid": "ReplicaKey", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": replica_key}
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _lifecycle_rules(
    versioning: bool,
    expire_days: int | None,
    noncurrent_expire_days: int,
    transitions: list[BucketTransition],
    abort_days: int,
) -> list[aws.s3.BucketLifecycleConfigurationRuleArgsDict]:
    everything: aws.s3.BucketLifecycleConfigurationRuleFilterArgsDict = {}  # applies to every object
    rules: list[aws.s3.BucketLifecycleConfigurationRuleArgsDict] = [
        {
            "id": "abort-incomplete-multipart-uploads",
            "status": "Enabled",
            "filter": everything,
            "abort_incomplete_multipart_upload": {"days_after_initiation": abort_days},
        }
    ]
    if versioning:
        rules.append(
            {
                "id": "expire-noncurrent-versions",
                "status": "Enabled",
                "filter": everything,
                "noncurrent_version_expiration": {"noncurrent_days": noncurrent_expire_days},
            }
        )
    if transitions:
        rules.append(
            {
                "id": "transition-current-objects",
                "status": "Enabled",
                "filter": everything,
                "transitions": [
                    {"days": t["days"], "storage_class": t["storage_class"]} for t in transitions
                ],
            }
        )
    if expire_days is not None:
        rules.append(
            {
                "id": "expire-current-objects",
                "status": "Enabled",
                "filter": everything,
                "expiration": {"days": expire_days},
            }
        )
    return rules


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_args(args: BucketArgs) -> _Settings:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    encryption = args.get("encryption", "aws:kms")
    if encryption not in ENCRYPTIONS:
        raise ValueError(
            f"Bucket encryption {encryption!r} is not allowed; use one of {', '.join(ENCRYPTIONS)}"
        )
    own_key = encryption == "aws:kms" and args.get("kms_key_arn") is None
    if args.get("key_policy_statements") and not own_key:
        raise ValueError(
            "Bucket key_policy_statements is not allowed with encryption 'AES256' or a given kms_key_arn; "
            "they go into the policy of the bucket's own KMS key (edit your key's policy yourself)"
        )
    if args.get("kms_key_arn") is not None and encryption != "aws:kms":
        raise ValueError(
            f"Bucket kms_key_arn is not allowed with encryption {encryption!r}; use encryption 'aws:kms' "
            "or leave kms_key_arn out"
        )

    for flag, default in (("versioning", True), ("force_destroy", False), ("protect", True)):
        value = args.get(flag, default)
        if not isinstance(value, bool):
            raise ValueError(f"Bucket {flag} {value!r} is not allowed; use True or False")
    versioning = args.get("versioning", True)

    expire_days = args.get("expire_days")
    if expire_days is not None and not (_is_int(expire_days) and expire_days >= 1):
        raise ValueError(f"Bucket expire_days {expire_days!r} is not allowed; use None or a whole number ≥ 1")
    for arg, default in (("noncurrent_expire_days", 90), ("abort_multipart_days", 7)):
        value = args.get(arg, default)
        if not (_is_int(value) and value >= 1):
            raise ValueError(f"Bucket {arg} {value!r} is not allowed; use a whole number of days ≥ 1")

    transitions = list(args.get("transitions") or [])
    seen: set[str] = set()
    for transition in transitions:
        if not isinstance(transition, dict) or set(transition) != {"days", "storage_class"}:
            raise ValueError(
                f"Bucket transitions {transition!r} is not allowed; use "
                '{"days": <whole number>, "storage_class": <storage class>}'
            )
        days, storage_class = transition["days"], transition["storage_class"]
        if storage_class not in STORAGE_CLASSES:
            raise ValueError(
                f"Bucket transitions storage_class {storage_class!r} is not allowed; use one of "
                f"{', '.join(STORAGE_CLASSES)}"
            )
        if storage_class in seen:
            raise ValueError(
                f"Bucket transitions storage_class {storage_class!r} is not allowed twice; use each storage "
                "class at most once"
            )
        seen.add(storage_class)
        minimum = MIN_TRANSITION_DAYS.get(storage_class, 0)
        if not (_is_int(days) and days >= minimum):
            raise ValueError(
                f"Bucket transitions days {days!r} is not allowed for {storage_class}; use a whole number "
                f"≥ {minimum}"
            )
        if expire_days is not None and days >= expire_days:
            raise ValueError(
                f"Bucket transitions days {days} is not allowed with expire_days {expire_days}; use fewer "
                "days than expire_days"
            )

    region = args.get("replication_region")
    if region is not None:
        if not (isinstance(region, str) and _REGION.match(region)):
            raise ValueError(
                f"Bucket replication_region {region!r} is not allowed; use an AWS region name (us-west-2)"
            )
        if not versioning:
            raise ValueError(
                "Bucket versioning False is not allowed with replication_region; use versioning True "
                "(S3 replication needs versioned buckets)"
            )

    for origin in args.get("cors_origins") or []:
        if not (isinstance(origin, str) and _ORIGIN.match(origin)):
            raise ValueError(
                f"Bucket cors_origins {origin!r} is not allowed; use https://host[:port] (no path) or "
                "http://localhost:PORT"
            )
    methods = args.get("cors_methods")
    if methods is not None and (not methods or any(m not in CORS_METHODS for m in methods)):
        raise ValueError(
            f"Bucket cors_methods {methods!r} is not allowed; use some of {', '.join(CORS_METHODS)}"
        )

    return _Settings(
        encryption=encryption,
        versioning=versioning,
        lifecycle=_lifecycle_rules(
            versioning,
            expire_days,
            args.get("noncurrent_expire_days", 90),
            transitions,
            args.get("abort_multipart_days", 7),
        ),
        force_destroy=args.get("force_destroy", False),
        protect=args.get("protect", True),
        tags=dict(args.get("tags") or {}),
    )
