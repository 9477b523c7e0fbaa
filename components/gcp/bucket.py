"""`Bucket`: a private Cloud Storage bucket (uniform bucket-level access, public access prevention
enforced, versioned, soft delete, lifecycle rules), optionally encrypted with a customer-managed key,
logged, CORS-enabled for browser uploads and replicated across two regions (a configurable dual-region),
with least-privilege IAM grant methods."""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import pulumi
import pulumi_gcp as gcp

from ..checks import flag, refuse_unknown_keys
from ..naming import physical_base, physical_name
from .labels import check_labels, managed_labels

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
# Pulumi auto-names a bucket `<logical name>-<7 random characters>` (pulumi-gcp's AutoName for
# google_storage_bucket); GCS allows 63 characters without dots, so the logical name keeps to 55.
MAX_AUTONAME_BASE = 63 - 8

# The roles the grant methods give (cloud.google.com/storage/docs/access-control/iam-roles).
ROLE_READ = "roles/storage.objectViewer"  # get and list objects
ROLE_PUT = "roles/storage.objectCreator"  # create objects only: no read, list, overwrite or delete
ROLE_READ_WRITE = "roles/storage.objectUser"  # get, list, create, overwrite and delete objects
# Only identities: never allUsers / allAuthenticatedUsers, nor the project-wide convenience members.
MEMBER = re.compile(r"^((user|serviceAccount|group|domain):\S+|principal(Set)?://\S+)$")
GRANT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")

# GCS bucket names (cloud.google.com/storage/docs/buckets#naming): 3-63 lowercase letters, digits, - and _,
# starting and ending with a letter or digit; not starting with "goog", not containing "google" or a close
# misspelling. Names with dots (up to 222 characters) need a verified domain and are not offered here.
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$")
GOOGLE_LIKE = re.compile(r"g[o0][o0]g[l1]e")
REGION = re.compile(r"^[a-z]+(-[a-z]+)+\d{1,2}$")
MULTI_REGIONS = ("US", "EU", "ASIA")
# Predefined dual-regions and their regions (cloud.google.com/storage/docs/locations, "Predefined
# dual-regions").
PREDEFINED_DUAL_REGIONS = {
    "ASIA1": ("ASIA-NORTHEAST1", "ASIA-NORTHEAST2"),
    "EUR4": ("EUROPE-NORTH1", "EUROPE-WEST4"),
    "EUR5": ("EUROPE-WEST1", "EUROPE-WEST2"),
    "EUR7": ("EUROPE-WEST2", "EUROPE-WEST3"),
    "EUR8": ("EUROPE-WEST3", "EUROPE-WEST6"),
    "NAM4": ("US-CENTRAL1", "US-EAST1"),
}
# Configurable dual-regions (cloud.google.com/storage/docs/locations, "Configurable dual-regions", as of
# 2025): the bucket's `location` is the location code and `custom_placement_config.data_locations` two
# distinct regions listed under that same code. Not "any two regions of a continent": e.g. London, Zürich,
# Tokyo, Seoul and Querétaro are not offered, and Canadian, Australian and Indian regions pair only with
# each other. The EU list footnotes EUROPE-WEST3/WEST10 and EUROPE-WEST8/WEST12 (and the US list
# US-EAST5) with conditions whose text we could not retrieve; those two European pairs therefore take
# their dedicated codes DE and IT, listed for exactly them (DE was added in March 2025, per the release
# notes).
CONFIGURABLE_DUAL_REGIONS = {
    "US": (
        *("US-CENTRAL1", "US-EAST1", "US-EAST4", "US-EAST5", "US-SOUTH1"),
        *("US-WEST1", "US-WEST2", "US-WEST3", "US-WEST4"),
    ),
    "EU": (
        *("EUROPE-CENTRAL2", "EUROPE-NORTH1", "EUROPE-SOUTHWEST1", "EUROPE-WEST1", "EUROPE-WEST3"),
        *("EUROPE-WEST4", "EUROPE-WEST8", "EUROPE-WEST9", "EUROPE-WEST10", "EUROPE-WEST12"),
    ),
    "ASIA": ("ASIA-EAST1", "ASIA-SOUTHEAST1"),
    "CA": ("NORTHAMERICA-NORTHEAST1", "NORTHAMERICA-NORTHEAST2"),
    "AU": ("AUSTRALIA-SOUTHEAST1", "AUSTRALIA-SOUTHEAST2"),
    "IN": ("ASIA-SOUTH1", "ASIA-SOUTH2"),
    "DE": ("EUROPE-WEST3", "EUROPE-WEST10"),
    "IT": ("EUROPE-WEST8", "EUROPE-WEST12"),
}
PREFERRED_CODES = ("DE", "IT", "CA", "AU", "IN", "US", "EU", "ASIA")
# Pairs GCS offers only as a predefined dual-region, not as a configurable one: the regions of EUR5, EUR7,
# EUR8 and ASIA1 are (partly) missing from the configurable table, and the same page's footnotes say so of
# US-CENTRAL1 + US-EAST1 (NAM4) and EUROPE-NORTH1 + EUROPE-WEST4 (EUR4).
PREDEFINED_ONLY = {frozenset(regions): code for code, regions in PREDEFINED_DUAL_REGIONS.items()}

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


@dataclass(frozen=True)
class _Placement:
    """Where the bucket lives."""

    location: pulumi.Input[str] | None
    """None: the provider's region, looked up after the component exists."""
    data_locations: list[str] | None
    dual_region: bool


class Bucket(pulumi.ComponentResource):
    """A private Cloud Storage bucket, secure by default.

    Always, and not switchable: uniform bucket-level access (IAM only, no object ACLs), public access
    prevention "enforced" (no allUsers / allAuthenticatedUsers access, whatever an IAM policy says) and
    encryption at rest (Google-managed, or the customer-managed `kms_key_name`). By default: Object
    Versioning with noncurrent versions deleted after 90 days, 7 days of soft delete, incomplete multipart
    uploads aborted after 7 days, `force_destroy` off and Pulumi `protect` on. Lifecycle rules combine
    `expire_days`, `noncurrent_expire_days` and `abort_multipart_days`.

    `replication_region` makes the bucket a configurable dual-region (GCS replicates natively, no second
    bucket): see that argument for the region pairs GCS allows. **The location is fixed at creation**:
    changing `location` or `replication_region` replaces the bucket and its data; with `protect` (on by
    default) Pulumi refuses the replacement.

    Give access with `grant_read`, `grant_put` and `grant_read_write`: one additive `BucketIAMMember`
    each, for one identity, on this bucket only. Public members are refused.

    Example:

        uploads = Bucket(
            "uploads",
            {
                "location": "us-east1",
                "replication_region": "us-west1",
                "cors_origins": ["https://shop.example.com"],
                "expire_days": 365,
            },
        )
        uploads.grant_put("web", "serviceAccount:web@shop-prod.iam.gserviceaccount.com")
        uploads.grant_read("worker", "serviceAccount:worker@shop-prod.iam.gserviceaccount.com")
        pulumi.export("uploadsBucket", uploads.bucket_name)
    """

    bucket_name: pulumi.Output[str]
    """The bucket's name: `bucket_name`, or `physical_name` (default: the component name) plus "-" and 7
    characters."""
    url: pulumi.Output[str]
    """The bucket's gs:// URL, `gs://<name>`."""
    self_link: pulumi.Output[str]
    """The bucket's JSON API URI, `https://www.googleapis.com/storage/v1/b/<name>`."""
    location: pulumi.Output[str]
    """The bucket's location: the region, multi-region, predefined dual-region, or the location code of
    its configurable dual-region (e.g. "US")."""

    def __init__(self, name: str, args: BucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Bucket, BucketArgs, name, args, opts)
        settings = _check_args(name, args)
        super().__init__("stackyard-gcp:index:Bucket", name, None, opts)
        self._name = name

        placement = settings.placement

        def client() -> pulumi.Output[gcp.organizations.GetClientConfigResult]:
            return gcp.organizations.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=self))

        location: pulumi.Input[str] = (
            placement.location if placement.location is not None else client().region
        )
        bucket_name: pulumi.Input[str] | None = args.get("bucket_name")
        if bucket_name is None and settings.named_base is not None:
            base, data_locations = settings.named_base, placement.data_locations or []
            bucket_name = pulumi.Output.all(args.get("project") or client().project, location).apply(
                lambda v: _hashed_name(base, v[0], v[1], data_locations)
            )
        kms_key, log_bucket = args.get("kms_key_name"), args.get("log_bucket")
        encryption: gcp.storage.BucketEncryptionArgsDict | None = (
            {"default_kms_key_name": kms_key} if kms_key is not None else None
        )
        logging: gcp.storage.BucketLoggingArgsDict | None = (
            {"log_bucket": log_bucket} if log_bucket is not None else None
        )
        cors: list[gcp.storage.BucketCorArgsDict] | None = (
            [
                {
                    "origins": settings.cors_origins,
                    "methods": CORS_METHODS,
                    "response_headers": CORS_HEADERS,
                    "max_age_seconds": CORS_MAX_AGE_SECONDS,
                }
            ]
            if settings.cors_origins
            else None
        )
        retention: gcp.storage.BucketRetentionPolicyArgsDict | None = (
            {"retention_period": str(settings.retention_days * DAY_SECONDS), "is_locked": False}
            if settings.retention_days is not None
            else None
        )
        # Turbo or default replication on a dual-region; a single region or multi-region takes no `rpo`.
        rpo = None
        if placement.dual_region:
            rpo = "ASYNC_TURBO" if settings.turbo_replication else "DEFAULT"
        bucket = gcp.storage.Bucket(
            settings.logical_name,
            name=bucket_name,
            project=args.get("project"),
            location=location,
            custom_placement_config=(
                {"data_locations": placement.data_locations} if placement.data_locations else None
            ),
            rpo=rpo,
            storage_class=settings.storage_class,
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            versioning={"enabled": settings.versioning},
            soft_delete_policy={"retention_duration_seconds": settings.soft_delete_days * DAY_SECONDS},
            retention_policy=retention,
            lifecycle_rules=settings.lifecycle_rules,
            encryption=encryption,
            logging=logging,
            cors=cors,
            website={"main_page_suffix": settings.index_page} if settings.index_page else None,
            force_destroy=settings.force_destroy,
            labels=settings.labels,
            opts=pulumi.ResourceOptions(parent=self, protect=settings.protect),
        )

        self._bucket = bucket
        self.bucket_name = bucket.name
        self.url = bucket.url
        self.self_link = bucket.self_link
        self.location = bucket.location
        self.register_outputs(
            {
                "bucket_name": self.bucket_name,
                "url": self.url,
                "self_link": self.self_link,
                "location": self.location,
            }
        )

    # -- grants ---------------------------------------------------------------------------------------------

    def grant_read(
        self, name: str, member: pulumi.Input[str], depends_on: list[pulumi.Resource] | None = None
    ) -> gcp.storage.BucketIAMMember:
        """Let `member` (e.g. "serviceAccount:api@p.iam.gserviceaccount.com") read and list this bucket's
        objects: roles/storage.objectViewer on this bucket only. `name` (e.g. the service's name) makes the
        binding's logical name `<component>-<name>-read`. `depends_on`: resources the grant must wait for
        (e.g. the one whose creation brings a Google service agent into being)."""
        return self._grant(name, member, "read", ROLE_READ, depends_on)

    def grant_put(self, name: str, member: pulumi.Input[str]) -> gcp.storage.BucketIAMMember:
        """Let `member` create objects and nothing else: roles/storage.objectCreator on this bucket only (no
        read, list, overwrite or delete; an uploader whose credentials leak cannot read what others
        uploaded). With a customer-managed key the uploader needs no KMS permission: the Cloud Storage
        service agent encrypts. Logical name `<component>-<name>-put`."""
        return self._grant(name, member, "put", ROLE_PUT)

    def grant_read_write(self, name: str, member: pulumi.Input[str]) -> gcp.storage.BucketIAMMember:
        """Let `member` read, list, create, overwrite and delete objects: roles/storage.objectUser on this
        bucket only (no bucket settings, no IAM). Logical name `<component>-<name>-read-write`."""
        return self._grant(name, member, "read-write", ROLE_READ_WRITE)

    def _grant(
        self,
        name: str,
        member: pulumi.Input[str],
        access: str,
        role: str,
        depends_on: list[pulumi.Resource] | None = None,
    ) -> gcp.storage.BucketIAMMember:
        if not isinstance(name, str) or not GRANT_NAME.match(name):
            raise ValueError(
                f"Bucket grant name {name!r} is not allowed; use letters, digits, _, . or - (at most 63), "
                "e.g. the name of the service that gets access"
            )
        if isinstance(member, str) and not MEMBER.match(member):
            raise ValueError(
                f"Bucket grant member {member!r} is not allowed; use one identity: user:, serviceAccount:, "
                "group:, domain:, principal:// or principalSet:// (never allUsers or allAuthenticatedUsers)"
            )
        # Additive: one member in one role, never the bucket's whole policy or a role's whole member list.
        return gcp.storage.BucketIAMMember(
            f"{self._name}-{name}-{access}",
            bucket=self._bucket.name,
            role=role,
            member=member,
            opts=pulumi.ResourceOptions(parent=self, depends_on=depends_on),
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


def _dual_region(location: object, replica: object) -> tuple[str, list[str]]:
    """The configurable dual-region of `location` and `replica`: its location code and data locations."""
    if not isinstance(replica, str) or not REGION.match(replica.lower()):
        raise ValueError(
            f"Bucket replication_region {replica!r} is not allowed; use a Google Cloud region such as "
            "us-west1"
        )
    if not isinstance(location, str) or not REGION.match(location.lower()):
        raise ValueError(
            f"Bucket location {location!r} is not allowed with replication_region; use a plain region string "
            "such as us-east1 (the bucket becomes a dual-region of location and replication_region)"
        )
    pair = [location.upper(), replica.upper()]
    if pair[0] == pair[1]:
        raise ValueError(
            f"Bucket replication_region {replica!r} is not allowed; use a region other than location"
        )
    predefined = PREDEFINED_ONLY.get(frozenset(pair))
    if predefined is not None:
        raise ValueError(
            f"Bucket replication_region {replica!r} is not allowed with location {location!r}; GCS offers "
            f"this pair only as the predefined dual-region {predefined}: use location {predefined!r} without "
            "replication_region"
        )
    code = next(
        (c for c in PREFERRED_CODES if all(r in CONFIGURABLE_DUAL_REGIONS[c] for r in pair)),
        None,
    )
    if code is None:
        areas = "; ".join(
            f"{c}: {', '.join(r.lower() for r in regions)}"
            for c, regions in CONFIGURABLE_DUAL_REGIONS.items()
        )
        raise ValueError(
            f"Bucket replication_region {replica!r} is not allowed with location {location!r}; use two "
            f"regions of the same configurable dual-region area ({areas})"
        )
    return code, pair


def _placement(args: Mapping[str, Any]) -> _Placement:
    location = args.get("location")
    replica = args.get("replication_region")
    if replica is not None:
        code, pair = _dual_region(location, replica)
        return _Placement(location=code, data_locations=pair, dual_region=True)
    if location is None or isinstance(location, pulumi.Output):
        return _Placement(location=location, data_locations=None, dual_region=False)
    if not isinstance(location, str) or not (
        REGION.match(location.lower())
        or location.upper() in MULTI_REGIONS
        or location.upper() in PREDEFINED_DUAL_REGIONS
    ):
        raise ValueError(
            f"Bucket location {location!r} is not allowed; use a region (us-central1), a multi-region "
            f"({', '.join(MULTI_REGIONS)}) or a predefined dual-region ({', '.join(PREDEFINED_DUAL_REGIONS)})"
        )
    return _Placement(
        location=location, data_locations=None, dual_region=location.upper() in PREDEFINED_DUAL_REGIONS
    )


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


def _hashed_name(base: str, project: str, location: str, data_locations: list[str]) -> str:
    """`base` made GCS-safe (at most 55 characters), "-", and 7 hex characters of a hash of the project,
    the location and `base`: the shape of Pulumi's auto-name, but stable and, through the project id,
    globally unique."""
    where = "/".join([project, location.lower(), *sorted(d.lower() for d in data_locations), base])
    return f"{physical_name(base, MAX_AUTONAME_BASE)}-{hashlib.sha256(where.encode()).hexdigest()[:7]}"


def _named_base(name: str, value: object, bucket_name: object) -> str | None:
    """The checked `physical_name`; None when the bucket is not named after it (it is the component name,
    or `bucket_name` is given)."""
    base = physical_base("Bucket", name, value)
    if value is None or base == name or bucket_name is not None:
        return None
    if base.startswith("goog") or GOOGLE_LIKE.search(base):
        raise ValueError(
            f"Bucket physical_name {base!r} is not allowed; GCS refuses bucket names that start with 'goog' "
            "or contain 'google'"
        )
    return base


def _check_bucket_name(name: str, bucket_name: object) -> str:
    """The logical name of the bucket resource; checks `bucket_name` or the auto-name it stands for."""
    logical = physical_name(name, MAX_AUTONAME_BASE)
    if bucket_name is None:
        if logical.startswith("goog") or GOOGLE_LIKE.search(logical):
            raise ValueError(
                f"Bucket bucket_name None is not allowed for a component named {name!r}; GCS refuses names "
                "that start with 'goog' or contain 'google': give bucket_name or another component name"
            )
        return logical
    if isinstance(bucket_name, pulumi.Output):
        return logical
    if (
        not isinstance(bucket_name, str)
        or not BUCKET_NAME.match(bucket_name)
        or bucket_name.startswith("goog")
        or GOOGLE_LIKE.search(bucket_name)
    ):
        raise ValueError(
            f"Bucket bucket_name {bucket_name!r} is not allowed; use 3-63 lowercase letters, digits, - or _, "
            "starting and ending with a letter or digit, not starting with 'goog' or containing 'google'"
        )
    return logical


def _check_args(name: str, args: BucketArgs) -> _Settings:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    placement = _placement(args)
    turbo = flag("Bucket", "turbo_replication", args.get("turbo_replication", False))
    if turbo and not placement.dual_region:
        raise ValueError(
            "Bucket turbo_replication True is not allowed without a dual-region; use replication_region "
            "(or a predefined dual-region location such as NAM4), or turbo_replication False"
        )

    storage_class = args.get("storage_class", "STANDARD")
    if storage_class not in STORAGE_CLASSES:
        raise ValueError(
            f"Bucket storage_class {storage_class!r} is not allowed; use one of {', '.join(STORAGE_CLASSES)}"
        )
    versioning = flag("Bucket", "versioning", args.get("versioning", True))
    force_destroy = flag("Bucket", "force_destroy", args.get("force_destroy", False))
    protect = flag("Bucket", "protect", args.get("protect", True))

    noncurrent_days = _days("noncurrent_expire_days", args.get("noncurrent_expire_days", 90), 1)
    abort_days = _days("abort_multipart_days", args.get("abort_multipart_days", 7), 1)
    expire_days = args.get("expire_days")
    if expire_days is not None:
        expire_days = _days("expire_days", expire_days, 1, also="None or ")
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
    if retention_days is not None:
        retention_days = _days("retention_days", retention_days, 1, MAX_RETENTION_DAYS, also="None or ")
        if versioning:
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
