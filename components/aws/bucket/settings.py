"""The `Bucket` arguments: the Args TypedDicts, the allowed values and limits, the argument checks, and the
plain settings they settle into (the lifecycle rules among them)."""

import re
from dataclasses import dataclass
from typing import Any, TypedDict

import pulumi
import pulumi_aws as aws

from ...bounds import Between, OneOf, bounds
from ...checks import check_bounds

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


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type. `transitions` (whose days depend on the storage class) and the CORS lists are
# checked item by item in `_check_args`.
BOUNDS = bounds(
    BucketArgs,
    encryption=OneOf(*ENCRYPTIONS),
    expire_days=Between(1, what="None or a whole number ≥ 1"),
    noncurrent_expire_days=Between(1, what="a whole number of days ≥ 1"),
    abort_multipart_days=Between(1, what="a whole number of days ≥ 1"),
)


@dataclass(frozen=True)
class _Settings:
    """The plain, validated arguments."""

    encryption: str
    versioning: bool
    lifecycle: list[aws.s3.BucketLifecycleConfigurationRuleArgsDict]
    force_destroy: bool
    protect: bool
    tags: dict[str, str]


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
    check_bounds("Bucket", BucketArgs, args)
    encryption = args.get("encryption", "aws:kms")
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

    versioning = args.get("versioning", True)

    expire_days = args.get("expire_days")

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
