"""`Bucket`'s first step: its arguments (`BucketArgs`, which the docs and the Pulumi schema are read from),
the limits they are held to, and the checks that settle them into plain `_Settings` before anything is
registered."""

import re
from dataclasses import dataclass
from typing import TypedDict

import pulumi
import pulumi_gcp as gcp

from ...bounds import Between, OneOf, bounds
from ...checks import check_bounds
from ..labels import check_labels, managed_labels
from .locations import _Placement, _placement
from .names import BUCKET_NAME, _check_bucket_name, _named_base

STORAGE_CLASSES = ("STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE")
CORS_METHODS = ["GET", "HEAD", "PUT", "POST"]
# Headers a browser may send on an upload (Content-Type on a signed PUT, x-goog-resumable to start a
# resumable upload) and read back (ETag): GCS's CORS `responseHeader` serves both directions.
CORS_HEADERS = ["Content-Type", "x-goog-resumable", "ETag"]
CORS_MAX_AGE_SECONDS = 3600
DAY_SECONDS = 86400
# Soft delete: 0 (off) or 7 to 90 days (provider `soft_delete_policy.retention_duration_seconds`:
# "between 604800 (7 days) and 7776000 (90 days)", 0 disables it).
MIN_SOFT_DELETE_DAYS, MAX_SOFT_DELETE_DAYS = 7, 90
# Retention policy: "must be less than 3,155,760,000 seconds" (provider `retention_period`), i.e. 36524 days.
MAX_RETENTION_DAYS = 36524

KMS_KEY = re.compile(
    r"^projects/([a-z][a-z0-9-]{4,28}[a-z0-9])/locations/([a-z0-9-]+)/keyRings/[A-Za-z0-9_-]{1,63}"
    r"/cryptoKeys/[A-Za-z0-9_-]{1,63}$"
)
PROJECT_ID = re.compile(r"^([a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$")


class BucketArgs(TypedDict, total=False):
    location: pulumi.Input[str] | None
    """Where the data lives: a region ("europe-west1"), a multi-region ("US", "EU", "ASIA") or a predefined
    dual-region ("NAM4", "EUR4", "EUR5", "EUR7", "EUR8", "ASIA1"). With `replication_region` it must be a
    plain region string: the bucket then becomes a configurable dual-region of both. Default None: the
    provider's region (`gcp:region`). **Fixed at creation**: changing it (or `replication_region`) replaces
    the bucket, data and all, which `protect` blocks."""
    replication_region: str | None
    """Replicate every object to this second region, e.g. "us-west1" with location "us-east1". GCS does it
    natively by placing the bucket in a configurable dual-region: `location` becomes the pair's location
    code (US, EU, ASIA, or CA, AU, IN, DE, IT for the pairs those codes cover) and
    `custom_placement_config.data_locations` the two regions, upper-case. Both regions must be listed
    under the same code in GCS's configurable dual-region table (e.g. us-east1 + us-west1, europe-west1 +
    europe-west9, asia-east1 + asia-southeast1); the pairs us-central1 + us-east1 and europe-north1 +
    europe-west4 exist only as the predefined NAM4 and EUR4 (give that as `location` instead). Needs
    `location`. One bucket name serves both regions, with automatic failover. Default None: one location.
    **Fixed at creation**: adding, changing or removing it replaces the bucket."""
    turbo_replication: bool
    """Turbo replication (`rpo` "ASYNC_TURBO"): objects reach the second region within 15 minutes, at a
    higher price. Only for a dual-region (`replication_region`, or a predefined dual-region `location`).
    Default False (`rpo` "DEFAULT" on a dual-region: most objects within an hour)."""
    storage_class: str
    """Default storage class of new objects: "STANDARD", "NEARLINE", "COLDLINE" or "ARCHIVE". Default
    "STANDARD"."""
    versioning: bool
    """Object Versioning: an overwritten or deleted object stays as a noncurrent version (for
    `noncurrent_expire_days`). Default True."""
    noncurrent_expire_days: int
    """Delete noncurrent versions this many days after they became noncurrent, a whole number >= 1; used
    only when versioned. Default 90."""
    expire_days: int | None
    """Delete objects this many days after their creation, a whole number >= 1 (on a versioned bucket the
    live object becomes a noncurrent version). Default None: objects never expire."""
    abort_multipart_days: int
    """Abort XML API multipart uploads left incomplete this many days after they started (their parts
    are billed but invisible), a whole number >= 1. Default 7."""
    soft_delete_days: int
    """Keep deleted and overwritten objects restorable this many days (`soft_delete_policy`): 0 (off) or
    7 to 90. Default 7 (GCS's own default)."""
    retention_days: int | None
    """A retention policy: no object can be deleted or replaced before it is this many days old, 1 to
    36524. Never locked here (a locked policy cannot be removed or shortened, ever). GCS does not combine
    retention policies with Object Versioning: needs `versioning` False. Default None: no retention
    policy."""
    kms_key_name: pulumi.Input[str] | None
    """A Cloud KMS key to encrypt new objects with (CMEK, `encryption.default_kms_key_name`):
    "projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>", in the bucket's location
    (the same region, or "us"/"eu"/"asia" for a multi-region). The project's Cloud Storage service agent
    (`service-<project number>@gs-project-accounts.iam.gserviceaccount.com`, see
    `gcp.storage.get_project_service_account`) must hold roles/cloudkms.cryptoKeyEncrypterDecrypter on the
    key, or every upload fails. Default None: Google-managed encryption (always on)."""
    log_bucket: pulumi.Input[str] | None
    """Name of a bucket that receives this bucket's usage logs (`logging.log_bucket`, objects prefixed
    with this bucket's name). That bucket must let group:cloud-storage-analytics@google.com create objects
    (roles/storage.objectCreator). Default None: no usage logs (Cloud Audit Logs still record admin
    activity)."""
    cors_origins: list[str]
    """Browser origins allowed to call the bucket directly, e.g. uploads with signed URLs:
    "https://host[:port]" or "http://localhost:PORT". Methods GET, HEAD, PUT, POST; headers Content-Type,
    x-goog-resumable and ETag; preflight cached one hour. Default []: no CORS configuration."""
    bucket_name: pulumi.Input[str] | None
    """The bucket's name, globally unique: 3-63 lowercase letters, digits, - and _, starting and ending
    with a letter or digit, not starting with "goog" and not containing "google". Default None: Pulumi's
    auto-name, the component name (made GCS-safe, at most 55 characters) plus "-" and 7 random characters,
    so two stacks never collide; with a `physical_name` other than the component name, that name plus "-"
    and 7 characters of a hash of the project, the location and `physical_name` (stable, and globally unique
    through the project id; a new location gives a new name, so the replacement is created first)."""
    force_destroy: bool
    """Let `pulumi destroy` delete the bucket with the objects it still holds. Default False."""
    index_page: str | None
    """Object served for a request to the bucket's root or a folder when it is read through a load
    balancer's backend bucket (`website.main_page_suffix`), e.g. "index.html". The bucket stays private:
    this is no public website. Default None."""
    protect: bool
    """Pulumi `protect` on the bucket: it cannot be deleted (or replaced) until this is turned off. Default
    True."""
    labels: dict[str, str]
    """Labels on the bucket, plus managed-by: stackyard. Keys: a lowercase letter, then lowercase letters,
    digits, _ or -, at most 63; values the same characters. Default {}."""
    project: pulumi.Input[str]
    """Project the bucket is created in. Default: the provider's project."""
    physical_name: str
    """The base of the bucket's name when `bucket_name` is not given (see there). Default: the component's
    name. Give each stack its own (e.g. "shop-staging-uploads") so that the buckets of two stacks are told
    apart, while the logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and
    hyphens, starting with a letter, not starting with "goog" nor containing "google". Changing it on a
    deployed stack replaces the bucket."""


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type. `soft_delete_days` (0, or 7 to 90) keeps its own check.
BOUNDS = bounds(
    BucketArgs,
    storage_class=OneOf(*STORAGE_CLASSES),
    noncurrent_expire_days=Between(1, what="a whole number of days >= 1"),
    abort_multipart_days=Between(1, what="a whole number of days >= 1"),
    expire_days=Between(1, what="None or a whole number of days >= 1"),
    retention_days=Between(1, MAX_RETENTION_DAYS, what=f"None or 1 to {MAX_RETENTION_DAYS}"),
)


@dataclass(frozen=True)
class _Settings:
    """The plain, validated arguments."""

    logical_name: str
    named_base: str | None
    """The `physical_name` to name the bucket after, when it differs from the component name and no
    `bucket_name` is given; None: `bucket_name`, or Pulumi's auto-name."""
    placement: _Placement
    turbo_replication: bool
    storage_class: str
    versioning: bool
    soft_delete_days: int
    retention_days: int | None
    lifecycle_rules: list[gcp.storage.BucketLifecycleRuleArgsDict]
    cors_origins: list[str]
    force_destroy: bool
    index_page: str | None
    protect: bool
    labels: dict[str, str]


INDEX_PAGE = re.compile(r"^[A-Za-z0-9._-]{1,255}$")
_ORIGIN = re.compile(
    r"^(https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?|http://localhost:\d{1,5})$"
)


def _days(arg: str, value: object, low: int, high: int | None = None, also: str = "") -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        allowed = f"{low} to {high}" if high is not None else f"a whole number of days >= {low}"
        raise ValueError(f"Bucket {arg} {value!r} is not allowed; use {also}{allowed}")
    return value


def _lifecycle_rules(
    versioning: bool, expire_days: int | None, noncurrent_days: int, abort_days: int
) -> list[gcp.storage.BucketLifecycleRuleArgsDict]:
    rules: list[gcp.storage.BucketLifecycleRuleArgsDict] = [
        {
            "action": {"type": "AbortIncompleteMultipartUpload"},
            "condition": {"age": abort_days},
        }
    ]
    if versioning:
        rules.append(
            {
                "action": {"type": "Delete"},
                "condition": {"days_since_noncurrent_time": noncurrent_days, "with_state": "ARCHIVED"},
            }
        )
    if expire_days is not None:
        rules.append({"action": {"type": "Delete"}, "condition": {"age": expire_days, "with_state": "LIVE"}})
    return rules


def _check_kms_key(key: object, placement: _Placement) -> None:
    if key is None or isinstance(key, pulumi.Output):
        return
    match = KMS_KEY.match(key) if isinstance(key, str) else None
    if not match:
        raise ValueError(
            f"Bucket kms_key_name {key!r} is not allowed; use "
            "projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>"
        )
    # A key must be in the bucket's location (cloud.google.com/storage/docs/encryption/customer-managed-keys):
    # checked for a region or a multi-region given as a string; a dual-region's key is not checked here.
    location = placement.location
    if isinstance(location, str) and not placement.dual_region:
        expected = location.lower()
        if match.group(2) != expected:
            raise ValueError(
                f"Bucket kms_key_name {key!r} is not allowed with location {location!r}; use a key in "
                f"location {expected} (Cloud Storage needs the key where the bucket is)"
            )


def _check_args(name: str, args: BucketArgs) -> _Settings:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    check_bounds("Bucket", BucketArgs, args)
    placement = _placement(args)
    turbo: bool = args.get("turbo_replication", False)
    if turbo and not placement.dual_region:
        raise ValueError(
            "Bucket turbo_replication True is not allowed without a dual-region; use replication_region "
            "(or a predefined dual-region location such as NAM4), or turbo_replication False"
        )

    storage_class: str = args.get("storage_class", "STANDARD")
    versioning: bool = args.get("versioning", True)
    force_destroy: bool = args.get("force_destroy", False)
    protect: bool = args.get("protect", True)

    noncurrent_days: int = args.get("noncurrent_expire_days", 90)
    abort_days: int = args.get("abort_multipart_days", 7)
    expire_days = args.get("expire_days")
    soft_delete_days = args.get("soft_delete_days", 7)
    if not (type(soft_delete_days) is int and soft_delete_days == 0):
        soft_delete_days = _days(
            "soft_delete_days",
            soft_delete_days,
            MIN_SOFT_DELETE_DAYS,
            MAX_SOFT_DELETE_DAYS,
            also="0 (off) or ",
        )
    retention_days = args.get("retention_days")
    if retention_days is not None and versioning:
        raise ValueError(
            "Bucket retention_days is not allowed with versioning True; use versioning False (GCS "
            "does not combine a retention policy with Object Versioning)"
        )

    _check_kms_key(args.get("kms_key_name"), placement)
    log_bucket = args.get("log_bucket")
    if isinstance(log_bucket, str) and not BUCKET_NAME.match(log_bucket):
        raise ValueError(
            f"Bucket log_bucket {log_bucket!r} is not allowed; use the name of an existing bucket (3-63 "
            "lowercase letters, digits, - or _)"
        )

    origins = list(args.get("cors_origins") or [])
    for origin in origins:
        if not (isinstance(origin, str) and _ORIGIN.match(origin)):
            raise ValueError(
                f"Bucket cors_origins {origin!r} is not allowed; use https://host[:port] (no path) or "
                "http://localhost:PORT"
            )

    project = args.get("project")
    if isinstance(project, str) and not PROJECT_ID.match(project):
        raise ValueError(
            f"Bucket project {project!r} is not allowed; use a project ID (6-30 lowercase letters, digits "
            "or -, starting with a letter)"
        )
    labels = check_labels("Bucket", args.get("labels"))
    index_page = args.get("index_page")
    if index_page is not None and not (isinstance(index_page, str) and INDEX_PAGE.match(index_page)):
        raise ValueError(
            f"Bucket index_page {index_page!r} is not allowed; use an object name such as index.html"
        )

    return _Settings(
        logical_name=_check_bucket_name(name, args.get("bucket_name")),
        named_base=_named_base(name, args.get("physical_name"), args.get("bucket_name")),
        placement=placement,
        turbo_replication=turbo,
        storage_class=storage_class,
        versioning=versioning,
        soft_delete_days=soft_delete_days,
        retention_days=retention_days,
        lifecycle_rules=_lifecycle_rules(versioning, expire_days, noncurrent_days, abort_days),
        cors_origins=origins,
        force_destroy=force_destroy,
        index_page=index_page,
        protect=protect,
        labels=managed_labels(labels),
    )
