"""components.gcp.Bucket: uniform access and public access prevention always, versioning, soft delete,
lifecycle rules, CORS, CMEK, retention, logging, dual-region replication, name rules, protect, and the
additive least-privilege grants."""

from __future__ import annotations

import re
from typing import Any, cast

import pulumi
import pulumi_gcp as gcp
import pytest

from components.gcp.bucket import Bucket, BucketArgs
from stacks.mocks import RecordingMonitor, Registration, StackyardMocks
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-gcp:index:Bucket"
BUCKET = "gcp:storage/bucket:Bucket"
MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
CLIENT_CONFIG = "gcp:organizations/getClientConfig:getClientConfig"
GCS_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$")
KEY = "projects/shop-prod/locations/us-central1/keyRings/shop/cryptoKeys/objects"
SA = "serviceAccount:api@shop-prod.iam.gserviceaccount.com"
DAY = 86400
OUTPUTS = ("bucket_name", "url", "self_link", "location")


def build(args: BucketArgs | dict[str, Any] | None = None, name: str = "media") -> dict[str, Any]:
    """Create a Bucket under mocks; return its resolved outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        bucket = Bucket(name, cast(BucketArgs, args or {}))
        return pulumi.Output.all(**{key: getattr(bucket, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the Bucket's outputs never resolved"
    return resolved


def granted(calls: list[tuple[str, str, pulumi.Input[str]]], name: str = "media") -> None:
    """Create a Bucket and call its grant methods: (method, grant name, member)."""

    @pulumi.runtime.test
    def program() -> None:
        bucket = Bucket(name, {})
        for method, grant_name, member in calls:
            getattr(bucket, method)(grant_name, member)

    program()


def bucket_of(monitor: RecordingMonitor) -> Registration:
    (found,) = of_type(monitor, BUCKET)
    return found


def lookups(monitor: RecordingMonitor) -> list[str]:
    return [token for token, _ in cast(StackyardMocks, monitor.mocks).calls]


def rules(bucket: Registration) -> list[dict[str, Any]]:
    return bucket.inputs["lifecycleRules"]


# -- secure defaults --------------------------------------------------------------------------------------


def test_defaults_are_private_versioned_and_in_the_provider_region(monitor: RecordingMonitor) -> None:
    out = build()
    bucket = bucket_of(monitor)
    inputs = bucket.inputs
    assert inputs["uniformBucketLevelAccess"] is True
    assert inputs["publicAccessPrevention"] == "enforced"
    assert inputs["forceDestroy"] is False
    assert inputs["versioning"] == {"enabled": True}
    assert inputs["storageClass"] == "STANDARD"
    assert inputs["softDeletePolicy"] == {"retentionDurationSeconds": 7 * DAY}
    assert inputs["labels"] == {"managed-by": "stackyard"}
    # The provider's region, looked up with getClientConfig as the Vpc does.
    assert inputs["location"] == "us-central1"
    assert CLIENT_CONFIG in lookups(monitor)
    for absent in (
        "customPlacementConfig",
        "rpo",
        "cors",
        "encryption",
        "logging",
        "retentionPolicy",
        "project",
        "name",
    ):
        assert absent not in inputs, absent
    assert bucket.protect  # on by default, as on AWS
    (component,) = of_type(monitor, COMPONENT)
    assert bucket.parent == component.urn
    assert out["bucket_name"] == bucket.state["name"]
    assert out["url"] == f"gs://{out['bucket_name']}"
    assert out["self_link"] == f"https://www.googleapis.com/storage/v1/b/{out['bucket_name']}"
    assert out["location"] == "us-central1"


def test_default_lifecycle_aborts_uploads_and_expires_noncurrent_versions(monitor: RecordingMonitor) -> None:
    build()
    assert rules(bucket_of(monitor)) == [
        {"action": {"type": "AbortIncompleteMultipartUpload"}, "condition": {"age": 7}},
        {"action": {"type": "Delete"}, "condition": {"daysSinceNoncurrentTime": 90, "withState": "ARCHIVED"}},
    ]


def test_each_lifecycle_knob(monitor: RecordingMonitor) -> None:
    build({"expire_days": 365, "noncurrent_expire_days": 10, "abort_multipart_days": 2})
    assert rules(bucket_of(monitor)) == [
        {"action": {"type": "AbortIncompleteMultipartUpload"}, "condition": {"age": 2}},
        {"action": {"type": "Delete"}, "condition": {"daysSinceNoncurrentTime": 10, "withState": "ARCHIVED"}},
        {"action": {"type": "Delete"}, "condition": {"age": 365, "withState": "LIVE"}},
    ]


def test_versioning_off_drops_the_noncurrent_rule(monitor: RecordingMonitor) -> None:
    build({"versioning": False, "expire_days": 30})
    bucket = bucket_of(monitor)
    assert bucket.inputs["versioning"] == {"enabled": False}
    assert rules(bucket) == [
        {"action": {"type": "AbortIncompleteMultipartUpload"}, "condition": {"age": 7}},
        {"action": {"type": "Delete"}, "condition": {"age": 30, "withState": "LIVE"}},
    ]


@pytest.mark.parametrize(("days", "seconds"), [(0, 0), (7, 7 * DAY), (90, 90 * DAY)])
def test_soft_delete_days(monitor: RecordingMonitor, days: int, seconds: int) -> None:
    build({"soft_delete_days": days})
    assert bucket_of(monitor).inputs["softDeletePolicy"] == {"retentionDurationSeconds": seconds}


def test_cors_allows_browser_uploads_from_the_given_origins_only(monitor: RecordingMonitor) -> None:
    build({"cors_origins": ["https://shop.example.com", "http://localhost:3000"]})
    assert bucket_of(monitor).inputs["cors"] == [
        {
            "origins": ["https://shop.example.com", "http://localhost:3000"],
            "methods": ["GET", "HEAD", "PUT", "POST"],
            "responseHeaders": ["Content-Type", "x-goog-resumable", "ETag"],
            "maxAgeSeconds": 3600,
        }
    ]


def test_cmek_sets_the_default_kms_key(monitor: RecordingMonitor) -> None:
    build({"location": "us-central1", "kms_key_name": KEY})
    assert bucket_of(monitor).inputs["encryption"] == {"defaultKmsKeyName": KEY}


def test_cmek_key_may_come_from_another_resource(monitor: RecordingMonitor) -> None:
    build({"kms_key_name": pulumi.Output.from_input(KEY)})
    assert bucket_of(monitor).inputs["encryption"] == {"defaultKmsKeyName": KEY}


def test_cmek_key_of_a_multi_region_bucket(monitor: RecordingMonitor) -> None:
    key = "projects/shop-prod/locations/eu/keyRings/shop/cryptoKeys/objects"
    build({"location": "EU", "kms_key_name": key})
    bucket = bucket_of(monitor)
    assert bucket.inputs["location"] == "EU" and bucket.inputs["encryption"] == {"defaultKmsKeyName": key}
    assert "rpo" not in bucket.inputs  # a multi-region takes the default replication


def test_retention_policy_is_never_locked(monitor: RecordingMonitor) -> None:
    build({"versioning": False, "retention_days": 30})
    assert bucket_of(monitor).inputs["retentionPolicy"] == {
        "retentionPeriod": str(30 * DAY),
        "isLocked": False,
    }


def test_usage_logs_go_to_the_log_bucket(monitor: RecordingMonitor) -> None:
    build({"log_bucket": "shop-access-logs"})
    assert bucket_of(monitor).inputs["logging"] == {"logBucket": "shop-access-logs"}


def test_every_other_knob_reaches_the_bucket(monitor: RecordingMonitor) -> None:
    out = build(
        {
            "location": "europe-west1",
            "storage_class": "NEARLINE",
            "force_destroy": True,
            "labels": {"app": "shop", "environment": "prod"},
            "project": "shop-prod",
            "bucket_name": "shop-prod-media",
        }
    )
    inputs = bucket_of(monitor).inputs
    assert inputs["location"] == "europe-west1" and CLIENT_CONFIG not in lookups(monitor)
    assert inputs["storageClass"] == "NEARLINE"
    assert inputs["forceDestroy"] is True
    assert inputs["labels"] == {"app": "shop", "environment": "prod", "managed-by": "stackyard"}
    assert inputs["project"] == "shop-prod"
    assert inputs["name"] == "shop-prod-media"
    assert out["bucket_name"] == "shop-prod-media" and out["url"] == "gs://shop-prod-media"
    # Secure settings stay on whatever else is set.
    assert inputs["uniformBucketLevelAccess"] is True and inputs["publicAccessPrevention"] == "enforced"


def test_the_stack_builders_arguments_are_accepted(monitor: RecordingMonitor) -> None:
    """The shape `stacks/gcp.py` passes: its labels already carry managed-by."""
    build(
        {
            "versioning": True,
            "cors_origins": ["https://chowkar.example.com"],
            "protect": False,
            "labels": {"app": "chowkar", "environment": "prod", "managed-by": "stackyard"},
            "project": "chowkar-prod",
            "expire_days": 90,
        },
        name="chowkar-uploads",
    )
    inputs = bucket_of(monitor).inputs
    assert inputs["labels"] == {"app": "chowkar", "environment": "prod", "managed-by": "stackyard"}
    assert inputs["project"] == "chowkar-prod" and inputs["location"] == "us-central1"


def test_protect_covers_the_bucket(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        Bucket("media", {"protect": True}).grant_read("api", SA)

    program()
    assert bucket_of(monitor).protect is True
    (member,) = of_type(monitor, MEMBER)
    assert member.protect is False  # access can always be revoked


# -- replication: a configurable dual-region ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "replica", "code"),
    [
        ("us-east1", "us-west1", "US"),
        ("europe-west1", "europe-west9", "EU"),
        ("asia-east1", "asia-southeast1", "ASIA"),
        ("northamerica-northeast1", "northamerica-northeast2", "CA"),
        ("europe-west3", "europe-west10", "DE"),
        ("europe-west8", "europe-west12", "IT"),
        ("australia-southeast1", "australia-southeast2", "AU"),
        ("asia-south1", "asia-south2", "IN"),
    ],
)
def test_replication_places_the_bucket_in_a_dual_region(
    monitor: RecordingMonitor, location: str, replica: str, code: str
) -> None:
    out = build({"location": location, "replication_region": replica})
    inputs = bucket_of(monitor).inputs
    assert inputs["location"] == code
    assert inputs["customPlacementConfig"] == {"dataLocations": [location.upper(), replica.upper()]}
    assert inputs["rpo"] == "DEFAULT"
    assert out["location"] == code
    assert len(of_type(monitor, BUCKET)) == 1  # GCS replicates inside one bucket


def test_turbo_replication(monitor: RecordingMonitor) -> None:
    build({"location": "us-east1", "replication_region": "us-east4", "turbo_replication": True})
    assert bucket_of(monitor).inputs["rpo"] == "ASYNC_TURBO"


def test_turbo_replication_on_a_predefined_dual_region(monitor: RecordingMonitor) -> None:
    build({"location": "NAM4", "turbo_replication": True})
    inputs = bucket_of(monitor).inputs
    assert inputs["location"] == "NAM4" and inputs["rpo"] == "ASYNC_TURBO"
    assert "customPlacementConfig" not in inputs


# -- names ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["media", "Shop_Uploads", "checkout-service-production-europe-west-uploads-bucket-for-images-2024"],
)
def test_auto_names_respect_gcs_rules(monitor: RecordingMonitor, name: str) -> None:
    out = build({}, name=name)
    assert GCS_NAME.match(out["bucket_name"]), out["bucket_name"]
    assert len(out["bucket_name"]) <= 63


# -- grants ---------------------------------------------------------------------------------------------


def test_each_grant_is_one_additive_member_in_the_least_role(monitor: RecordingMonitor) -> None:
    granted(
        [
            ("grant_read", "worker", "serviceAccount:worker@shop-prod.iam.gserviceaccount.com"),
            ("grant_put", "web", "group:uploaders@example.com"),
            ("grant_read_write", "api", pulumi.Output.from_input(SA)),
        ]
    )
    bucket = bucket_of(monitor)
    members = {m.name: m for m in of_type(monitor, MEMBER)}
    assert {name: (m.inputs["role"], m.inputs["member"]) for name, m in members.items()} == {
        "media-worker-read": (
            "roles/storage.objectViewer",
            "serviceAccount:worker@shop-prod.iam.gserviceaccount.com",
        ),
        "media-web-put": ("roles/storage.objectCreator", "group:uploaders@example.com"),
        "media-api-read-write": ("roles/storage.objectUser", SA),
    }
    (component,) = of_type(monitor, COMPONENT)
    for member in members.values():
        assert member.inputs["bucket"] == bucket.state["name"]
        assert member.parent == component.urn
        assert bucket.urn in member.dependencies
    # Never authoritative: no IAMBinding or IAMPolicy that would remove other members.
    assert not [r for r in monitor.registrations.values() if "IAMBinding" in r.type or "IAMPolicy" in r.type]


def test_a_grant_returns_the_member_resource(monitor: RecordingMonitor) -> None:
    found: list[object] = []

    @pulumi.runtime.test
    def program() -> None:
        found.append(Bucket("media", {}).grant_put("web", SA))

    program()
    assert isinstance(found[0], gcp.storage.BucketIAMMember)


@pytest.mark.parametrize(
    "member",
    [
        "allUsers",
        "allAuthenticatedUsers",
        "projectViewer:shop-prod",
        "serviceAccount:",
        "api@shop-prod.iam.gserviceaccount.com",
    ],
)
@pytest.mark.parametrize("method", ["grant_read", "grant_put", "grant_read_write"])
def test_public_and_malformed_members_are_refused(
    monitor: RecordingMonitor, method: str, member: str
) -> None:
    with pytest.raises(ValueError, match=f"^Bucket grant member {re.escape(repr(member))} is not allowed"):
        granted([(method, "anyone", member)])
    assert of_type(monitor, MEMBER) == []


@pytest.mark.parametrize("grant_name", ["", "two words", "-api"])
def test_bad_grant_names_are_refused(monitor: RecordingMonitor, grant_name: str) -> None:
    with pytest.raises(ValueError, match=f"^Bucket grant name {re.escape(repr(grant_name))} is not allowed"):
        granted([("grant_read", grant_name, SA)])
    assert of_type(monitor, MEMBER) == []


# -- bad arguments --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"location": "Iowa"}, "location 'Iowa' is not allowed; use a region .* NAM4"),
        ({"location": "us-central"}, "location 'us-central' is not allowed"),
        (
            {"storage_class": "MULTI_REGIONAL"},
            "storage_class 'MULTI_REGIONAL' is not allowed; use one of STAND",
        ),
        ({"versioning": "yes"}, "versioning 'yes' is not allowed; use True or False"),
        ({"force_destroy": 1}, "force_destroy 1 is not allowed; use True or False"),
        ({"protect": None}, "protect None is not allowed; use True or False"),
        ({"turbo_replication": "on"}, "turbo_replication 'on' is not allowed; use True or False"),
        ({"turbo_replication": True}, "turbo_replication True is not allowed without a dual-region"),
        (
            {"location": "US", "turbo_replication": True},
            "turbo_replication True is not allowed without a dual-region",
        ),
        (
            {"noncurrent_expire_days": 0},
            "noncurrent_expire_days 0 is not allowed; use a whole number of days",
        ),
        ({"abort_multipart_days": 1.5}, "abort_multipart_days 1.5 is not allowed"),
        ({"expire_days": 0}, "expire_days 0 is not allowed; use None or a whole number"),
        ({"expire_days": True}, "expire_days True is not allowed"),
        ({"soft_delete_days": 3}, "soft_delete_days 3 is not allowed; use 0 \\(off\\) or 7 to 90"),
        ({"soft_delete_days": 91}, "soft_delete_days 91 is not allowed"),
        ({"soft_delete_days": False}, "soft_delete_days False is not allowed"),
        (
            {"versioning": False, "retention_days": 0},
            "retention_days 0 is not allowed; use None or 1 to 36524",
        ),
        ({"versioning": False, "retention_days": 36525}, "retention_days 36525 is not allowed"),
        ({"retention_days": 30}, "retention_days is not allowed with versioning True; use versioning False"),
        (
            {"kms_key_name": "objects-key"},
            "kms_key_name 'objects-key' is not allowed; use projects/<project>",
        ),
        (
            {"kms_key_name": "projects/shop-prod/keyRings/shop/cryptoKeys/objects"},
            "kms_key_name .* is not allowed; use projects/<project>/locations/",
        ),
        (
            {"location": "europe-west1", "kms_key_name": KEY},
            "kms_key_name .* is not allowed with location 'europe-west1'; use a key in location europe-west1",
        ),
        (
            {"location": "US", "kms_key_name": KEY},
            "kms_key_name .* is not allowed with location 'US'; use a key in location us",
        ),
        ({"log_bucket": "Logs Bucket"}, "log_bucket 'Logs Bucket' is not allowed; use the name of"),
        ({"cors_origins": ["*"]}, "cors_origins '\\*' is not allowed; use https://host"),
        ({"cors_origins": ["http://shop.example.com"]}, "cors_origins 'http://shop.example.com' is not"),
        ({"cors_origins": ["https://shop.example.com/upload"]}, "cors_origins .* is not allowed"),
        ({"bucket_name": "ab"}, "bucket_name 'ab' is not allowed; use 3-63 lowercase"),
        ({"bucket_name": "x" * 64}, "bucket_name 'x+' is not allowed"),
        ({"bucket_name": "Shop-Media"}, "bucket_name 'Shop-Media' is not allowed"),
        ({"bucket_name": "shop.media.example.com"}, "bucket_name 'shop.media.example.com' is not allowed"),
        ({"bucket_name": "-shop-media"}, "bucket_name '-shop-media' is not allowed"),
        ({"bucket_name": "goog-media"}, "bucket_name 'goog-media' is not allowed"),
        ({"bucket_name": "my-g00gle-media"}, "bucket_name 'my-g00gle-media' is not allowed"),
        ({"project": "Shop Prod"}, "project 'Shop Prod' is not allowed; use a project ID"),
        ({"labels": {"Env": "prod"}}, "labels {'Env': 'prod'} is not allowed"),
        ({"labels": {"env": "Prod"}}, "labels {'env': 'Prod'} is not allowed"),
        # Replication: a dual-region GCS offers.
        (
            {"replication_region": "us-west1"},
            "location None is not allowed with replication_region; use a plain",
        ),
        (
            {"location": pulumi.Output.from_input("us-east1"), "replication_region": "us-west1"},
            "location <pulumi.output.Output .* is not allowed with replication_region",
        ),
        (
            {"location": "US", "replication_region": "us-west1"},
            "location 'US' is not allowed with replication_region; use a plain region string",
        ),
        ({"location": "us-east1", "replication_region": "west"}, "replication_region 'west' is not allowed"),
        (
            {"location": "us-east1", "replication_region": "us-east1"},
            "replication_region 'us-east1' is not allowed; use a region other than location",
        ),
        (
            {"location": "us-east1", "replication_region": "europe-west1"},
            "replication_region 'europe-west1' is not allowed with location 'us-east1'; use two regions of "
            "the same configurable dual-region area \\(US: us-central1",
        ),
        (
            {"location": "northamerica-northeast1", "replication_region": "us-east4"},
            "replication_region 'us-east4' is not allowed with location 'northamerica-northeast1'; use two",
        ),
        (
            {"location": "europe-west2", "replication_region": "europe-west1"},
            "replication_region 'europe-west1' .* only as the predefined dual-region EUR5: use location "
            "'EUR5'",
        ),
        (
            {"location": "us-central1", "replication_region": "us-east1"},
            "replication_region 'us-east1' .* only as the predefined dual-region NAM4",
        ),
        (
            {"location": "europe-north1", "replication_region": "europe-west4"},
            "replication_region 'europe-west4' .* only as the predefined dual-region EUR4",
        ),
        (
            {"location": "asia-northeast1", "replication_region": "asia-east1"},
            "replication_region 'asia-east1' is not allowed with location 'asia-northeast1'; use two",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^Bucket {message}"):
        Bucket("bad", cast(BucketArgs, args))
    assert monitor.registrations == {}


@pytest.mark.parametrize("name", ["google-media", "goog-media", "my-g00gle-files"])
def test_a_component_name_gcs_would_refuse_needs_bucket_name(monitor: RecordingMonitor, name: str) -> None:
    with pytest.raises(
        ValueError, match=f"^Bucket bucket_name None is not allowed for a component named '{name}'"
    ):
        Bucket(name, {})
    assert monitor.registrations == {}
    build({"bucket_name": "shop-media"}, name=name)
    assert bucket_of(monitor).inputs["name"] == "shop-media"


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(Bucket)
    inputs = bucket_of(monitor).inputs
    assert inputs["location"] == "US"
    assert inputs["customPlacementConfig"] == {"dataLocations": ["US-EAST1", "US-WEST1"]}
    assert {m.name: m.inputs["role"] for m in of_type(monitor, MEMBER)} == {
        "uploads-web-put": "roles/storage.objectCreator",
        "uploads-worker-read": "roles/storage.objectViewer",
    }


def test_index_page_is_served_for_folders_and_grants_can_wait_for_a_resource(
    monitor: RecordingMonitor,
) -> None:
    @pulumi.runtime.test
    def program() -> None:
        bucket = Bucket("site", {"index_page": "index.html"})
        gate = Bucket("gate", {})
        bucket.grant_read("cdn", "serviceAccount:lb@p.iam.gserviceaccount.com", depends_on=[gate])

    program()
    buckets = {r.name: r for r in of_type(monitor, "gcp:storage/bucket:Bucket")}
    assert buckets["site"].inputs["website"] == {"mainPageSuffix": "index.html"}
    assert "website" not in buckets["gate"].inputs
    (grant,) = of_type(monitor, "gcp:storage/bucketIAMMember:BucketIAMMember")
    assert buckets["gate"].urn in grant.dependencies


@pytest.mark.parametrize("index_page", ["", "a/b.html", 3])
def test_a_bad_index_page_is_refused(index_page: object, monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match=r"^Bucket index_page"):
        Bucket("site", cast(BucketArgs, {"index_page": index_page}))
    assert not of_type(monitor, "gcp:storage/bucket:Bucket")
