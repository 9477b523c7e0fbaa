"""components.aws.Bucket: private, encrypted, versioned, TLS-only S3 with lifecycle, logging, CORS,
replication (to another region through the resources' `region` argument, no explicit provider) and
least-privilege grant documents."""

from __future__ import annotations

import json
import re
from typing import Any

import pulumi
import pytest

from components.aws.bucket import Bucket, BucketArgs
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:Bucket"
BUCKET = "aws:s3/bucket:Bucket"
ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
LOGGING = "aws:s3/bucketLogging:BucketLogging"
CORS = "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration"
REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
KEY = "aws:kms/key:Key"
ALIAS = "aws:kms/alias:Alias"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
PROVIDER = "pulumi:providers:aws"
HARDENING = (ACCESS_BLOCK, OWNERSHIP, ENCRYPTION, VERSIONING, LIFECYCLE, POLICY)
HARDENING_SUFFIXES = ("public-access", "ownership", "encryption", "versioning", "lifecycle", "policy")
S3_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"


def build(monitor: RecordingMonitor, args: BucketArgs | None = None, name: str = "media") -> dict[str, Any]:
    """Create a Bucket under mocks; return its resolved outputs and grant documents."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        bucket = Bucket(name, args or {})
        outputs = {
            "bucket_name": bucket.bucket_name,
            "arn": bucket.arn,
            "regional_domain_name": bucket.regional_domain_name,
            "kms_key_arn": bucket.kms_key_arn,
            "replica_bucket_name": bucket.replica_bucket_name,
            "grant_put": bucket.grant_put(),
            "grant_read": bucket.grant_read(),
            "grant_read_write": bucket.grant_read_write(),
        }
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the Bucket's outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str, name: str) -> Registration:
    (found,) = [r for r in of_type(monitor, type_) if r.name == name]
    return found


def policy_of(registration: Registration) -> list[dict[str, Any]]:
    return json.loads(registration.inputs["policy"])["Statement"]


def rules_by_id(registration: Registration) -> dict[str, dict[str, Any]]:
    return {rule["id"]: rule for rule in registration.inputs["rules"]}


def assert_hardened(
    monitor: RecordingMonitor, logical: str, key_arn: str | None, region: str | None = None
) -> None:
    """The bucket `logical` is private, encrypted (with `key_arn`; SSE-S3 when None), versioned, TLS-only;
    it and its hardening are in `region` (their `region` input), or in the stack's region when None."""
    placed = {} if region is None else {"region": region}
    bucket = one(monitor, BUCKET, logical)
    assert bucket.inputs.get("region") == region
    assert bucket.inputs["forceDestroy"] is False

    block = one(monitor, ACCESS_BLOCK, f"{logical}-public-access")
    assert block.inputs["bucket"] == bucket.id
    for flag in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"):
        assert block.inputs[flag] is True, flag

    ownership = one(monitor, OWNERSHIP, f"{logical}-ownership")
    assert ownership.inputs == {
        "bucket": bucket.id,
        "rule": {"objectOwnership": "BucketOwnerEnforced"},
        **placed,
    }

    (rule,) = one(monitor, ENCRYPTION, f"{logical}-encryption").inputs["rules"]
    if key_arn is None:
        assert rule == {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}
    else:
        assert rule == {
            "applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": key_arn},
            "bucketKeyEnabled": True,
        }

    versioning = one(monitor, VERSIONING, f"{logical}-versioning")
    assert versioning.inputs == {
        "bucket": bucket.id,
        "versioningConfiguration": {"status": "Enabled"},
        **placed,
    }

    policy = one(monitor, POLICY, f"{logical}-policy")
    assert policy.inputs["bucket"] == bucket.id
    deny = policy_of(policy)[0]
    assert deny == {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket.state["arn"], f"{bucket.state['arn']}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }

    lifecycle = one(monitor, LIFECYCLE, f"{logical}-lifecycle")
    assert lifecycle.inputs["bucket"] == bucket.id
    assert "abort-incomplete-multipart-uploads" in rules_by_id(lifecycle)
    for part in (
        block,
        ownership,
        versioning,
        policy,
        lifecycle,
        one(monitor, ENCRYPTION, f"{logical}-encryption"),
    ):
        assert part.inputs.get("region") == region, part.name


# -- secure defaults -----------------------------------------------------------------------------------------


def test_defaults_are_private_kms_encrypted_versioned_and_tls_only(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    (key,) = of_type(monitor, KEY)
    assert key.inputs["enableKeyRotation"] is True
    assert out["kms_key_arn"] == key.state["arn"]
    assert_hardened(monitor, "media", key.state["arn"])
    (bucket,) = of_type(monitor, BUCKET)
    assert out["bucket_name"] == bucket.id == bucket.state["bucket"]
    assert out["arn"] == bucket.state["arn"] == f"arn:aws:s3:::{out['bucket_name']}"
    assert out["regional_domain_name"] == f"{out['bucket_name']}.s3.us-east-1.amazonaws.com"
    assert out["replica_bucket_name"] == ""
    assert of_type(monitor, LOGGING) == of_type(monitor, CORS) == of_type(monitor, REPLICATION) == []
    assert of_type(monitor, PROVIDER) == [] and of_type(monitor, ROLE) == []
    assert not any("region" in r.inputs for r in monitor.registrations.values())


def test_the_policy_waits_for_the_public_access_block(monitor: RecordingMonitor) -> None:
    build(monitor)
    policy = one(monitor, POLICY, "media-policy")
    block = one(monitor, ACCESS_BLOCK, "media-public-access")
    assert block.urn in policy.dependencies
    lifecycle = one(monitor, LIFECYCLE, "media-lifecycle")
    assert one(monitor, VERSIONING, "media-versioning").urn in lifecycle.dependencies


def test_force_destroy_can_be_turned_on(monitor: RecordingMonitor) -> None:
    build(monitor, {"force_destroy": True})
    assert one(monitor, BUCKET, "media").inputs["forceDestroy"] is True


# -- encryption ----------------------------------------------------------------------------------------------


def test_a_given_kms_key_is_used_and_no_key_is_created(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"kms_key_arn": KEY_ARN})
    assert of_type(monitor, KEY) == [] and of_type(monitor, ALIAS) == []
    assert out["kms_key_arn"] == KEY_ARN
    assert_hardened(monitor, "media", KEY_ARN)


def test_aes256_uses_s3_managed_keys(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"encryption": "AES256"})
    assert of_type(monitor, KEY) == []
    assert out["kms_key_arn"] == ""
    assert_hardened(monitor, "media", None)


# -- versioning and lifecycle --------------------------------------------------------------------------------


def test_default_lifecycle_aborts_uploads_and_expires_noncurrent_versions(monitor: RecordingMonitor) -> None:
    build(monitor)
    rules = rules_by_id(one(monitor, LIFECYCLE, "media-lifecycle"))
    assert rules == {
        "abort-incomplete-multipart-uploads": {
            "id": "abort-incomplete-multipart-uploads",
            "status": "Enabled",
            "filter": {},
            "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
        },
        "expire-noncurrent-versions": {
            "id": "expire-noncurrent-versions",
            "status": "Enabled",
            "filter": {},
            "noncurrentVersionExpiration": {"noncurrentDays": 90},
        },
    }


def test_lifecycle_knobs(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "expire_days": 365,
            "noncurrent_expire_days": 30,
            "abort_multipart_days": 2,
            "transitions": [
                {"days": 30, "storage_class": "STANDARD_IA"},
                {"days": 90, "storage_class": "GLACIER_IR"},
                {"days": 180, "storage_class": "DEEP_ARCHIVE"},
            ],
        },
    )
    rules = rules_by_id(one(monitor, LIFECYCLE, "media-lifecycle"))
    assert set(rules) == {
        "abort-incomplete-multipart-uploads",
        "expire-noncurrent-versions",
        "transition-current-objects",
        "expire-current-objects",
    }
    assert all(rule["status"] == "Enabled" and rule["filter"] == {} for rule in rules.values())
    assert rules["abort-incomplete-multipart-uploads"]["abortIncompleteMultipartUpload"] == {
        "daysAfterInitiation": 2
    }
    assert rules["expire-noncurrent-versions"]["noncurrentVersionExpiration"] == {"noncurrentDays": 30}
    assert rules["transition-current-objects"]["transitions"] == [
        {"days": 30, "storageClass": "STANDARD_IA"},
        {"days": 90, "storageClass": "GLACIER_IR"},
        {"days": 180, "storageClass": "DEEP_ARCHIVE"},
    ]
    assert rules["expire-current-objects"]["expiration"] == {"days": 365}


def test_unversioned_bucket_has_no_versioning_and_no_noncurrent_rule(monitor: RecordingMonitor) -> None:
    build(monitor, {"versioning": False})
    assert of_type(monitor, VERSIONING) == []
    rules = rules_by_id(one(monitor, LIFECYCLE, "media-lifecycle"))
    assert list(rules) == ["abort-incomplete-multipart-uploads"]


# -- policy --------------------------------------------------------------------------------------------------


def test_extra_policy_statements_are_merged_after_the_tls_deny(monitor: RecordingMonitor) -> None:
    distribution_arn = "arn:aws:cloudfront::123456789012:distribution/E1ABCDEF"
    grant = {
        "Sid": "CloudFrontRead",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::media/*",
        # An Output nested in a statement, as a CDN component passes its distribution's ARN.
        "Condition": {"StringEquals": {"AWS:SourceArn": pulumi.Output.from_input(distribution_arn)}},
    }
    build(monitor, {"policy_statements": [grant]})
    (policy,) = of_type(monitor, POLICY)
    statements = policy_of(policy)
    assert [s["Sid"] for s in statements] == ["DenyInsecureTransport", "CloudFrontRead"]
    assert statements[1]["Condition"] == {"StringEquals": {"AWS:SourceArn": distribution_arn}}


# -- logging and CORS ----------------------------------------------------------------------------------------


def test_access_logging_goes_to_the_log_bucket_under_the_component_name(monitor: RecordingMonitor) -> None:
    build(monitor, {"log_bucket": "shop-logs-abc"})
    (logging,) = of_type(monitor, LOGGING)
    assert logging.inputs == {
        "bucket": one(monitor, BUCKET, "media").id,
        "targetBucket": "shop-logs-abc",
        "targetPrefix": "media/",
    }


def test_cors_allows_only_the_given_origins(monitor: RecordingMonitor) -> None:
    build(monitor, {"cors_origins": ["https://shop.example.com", "http://localhost:3000"]})
    (cors,) = of_type(monitor, CORS)
    assert cors.inputs["bucket"] == one(monitor, BUCKET, "media").id
    (rule,) = cors.inputs["corsRules"]
    assert rule["allowedOrigins"] == ["https://shop.example.com", "http://localhost:3000"]
    assert rule["allowedMethods"] == ["GET", "PUT", "POST", "HEAD"]
    assert rule["allowedHeaders"] == ["*"] and rule["maxAgeSeconds"] == 3000


def test_cors_methods_can_be_narrowed(monitor: RecordingMonitor) -> None:
    build(monitor, {"cors_origins": ["https://shop.example.com"], "cors_methods": ["GET", "HEAD"]})
    (cors,) = of_type(monitor, CORS)
    assert cors.inputs["corsRules"][0]["allowedMethods"] == ["GET", "HEAD"]


# -- replication ---------------------------------------------------------------------------------------------


def test_replication_to_another_region(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"replication_region": "us-west-2"})
    assert of_type(monitor, PROVIDER) == []

    # The replica and its key are placed in us-west-2 by their own `region` argument, through the stack's
    # default provider like the source; nothing else carries a region.
    source, replica = one(monitor, BUCKET, "media"), one(monitor, BUCKET, "media-replica")
    source_key = one(monitor, KEY, "media-key")
    replica_key = one(monitor, KEY, "media-replica-key-us-west-2")
    replica_resources = [
        r
        for r in monitor.registrations.values()
        if r.type != PROVIDER and (r.name == "media-replica" or r.name.startswith("media-replica-"))
    ]
    assert {r.type for r in replica_resources} == {BUCKET, KEY, ALIAS, *HARDENING}
    assert all(r.inputs["region"] == "us-west-2" for r in replica_resources)
    assert one(monitor, ALIAS, "media-replica-key-us-west-2").inputs["name"] == "alias/media-replica"
    others = [r for r in monitor.registrations.values() if r.custom and r not in replica_resources]
    assert others and not any("region" in r.inputs for r in others)
    assert all(r.provider == source.provider for r in replica_resources)
    assert out["replica_bucket_name"] == replica.id

    # Hardened exactly like the source, with its own key.
    assert_hardened(monitor, "media", source_key.state["arn"])
    assert_hardened(monitor, "media-replica", replica_key.state["arn"], "us-west-2")
    assert replica_key.inputs["enableKeyRotation"] is True
    assert rules_by_id(one(monitor, LIFECYCLE, "media-replica-lifecycle")) == rules_by_id(
        one(monitor, LIFECYCLE, "media-lifecycle")
    )

    (role,) = of_type(monitor, ROLE)
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
    (role_policy,) = of_type(monitor, ROLE_POLICY)
    assert role_policy.inputs["role"] == role.id
    granted = {
        (s["Effect"], tuple(sorted(_as_list(s["Action"]))), s["Resource"]) for s in policy_of(role_policy)
    }
    source_arn, replica_arn = source.state["arn"], replica.state["arn"]
    assert granted == {
        ("Allow", ("s3:GetReplicationConfiguration", "s3:ListBucket"), source_arn),
        (
            "Allow",
            ("s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"),
            f"{source_arn}/*",
        ),
        ("Allow", ("s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"), f"{replica_arn}/*"),
        ("Allow", ("kms:Decrypt",), source_key.state["arn"]),
        ("Allow", ("kms:Encrypt",), replica_key.state["arn"]),
    }

    (replication,) = of_type(monitor, REPLICATION)
    assert replication.provider == source.provider
    assert replication.inputs["bucket"] == source.id and replication.inputs["role"] == role.state["arn"]
    (rule,) = replication.inputs["rules"]
    assert rule["status"] == "Enabled" and rule["filter"] == {"prefix": ""}
    assert rule["deleteMarkerReplication"] == {"status": "Enabled"}
    assert rule["destination"] == {
        "bucket": replica_arn,
        "encryptionConfiguration": {"replicaKmsKeyId": replica_key.state["arn"]},
    }
    assert rule["sourceSelectionCriteria"] == {"sseKmsEncryptedObjects": {"status": "Enabled"}}
    versionings = {one(monitor, VERSIONING, f"{n}-versioning").urn for n in ("media", "media-replica")}
    assert versionings <= set(replication.dependencies)


def test_replication_of_an_aes256_bucket_needs_no_key_permissions(monitor: RecordingMonitor) -> None:
    build(monitor, {"encryption": "AES256", "replication_region": "eu-west-1"})
    assert of_type(monitor, KEY) == [] and of_type(monitor, PROVIDER) == []
    assert_hardened(monitor, "media-replica", None, "eu-west-1")
    in_region = {r.name for r in monitor.registrations.values() if r.inputs.get("region") == "eu-west-1"}
    assert in_region == {"media-replica", *(f"media-replica-{part}" for part in HARDENING_SUFFIXES)}
    assert not any("region" in r.inputs for r in monitor.registrations.values() if r.name not in in_region)
    actions = {
        a for s in policy_of(one(monitor, ROLE_POLICY, "media-replication")) for a in _as_list(s["Action"])
    }
    assert not any(a.startswith("kms:") for a in actions)
    (rule,) = one(monitor, REPLICATION, "media-replication").inputs["rules"]
    assert "encryptionConfiguration" not in rule["destination"] and "sourceSelectionCriteria" not in rule


# -- protect, parents, tags ----------------------------------------------------------------------------------


def test_protect_covers_only_the_buckets_and_their_keys(monitor: RecordingMonitor) -> None:
    build(monitor, {"replication_region": "us-west-2"})
    protected = {(r.type, r.name) for r in monitor.registrations.values() if r.protect}
    assert protected == {
        (BUCKET, "media"),
        (KEY, "media-key"),
        (BUCKET, "media-replica"),
        (KEY, "media-replica-key-us-west-2"),
    }


def test_protect_can_be_turned_off(monitor: RecordingMonitor) -> None:
    build(monitor, {"protect": False})
    assert not any(r.protect for r in monitor.registrations.values())


def test_every_child_is_parented_to_the_component(monitor: RecordingMonitor) -> None:
    build(
        monitor, {"replication_region": "us-west-2", "log_bucket": "logs", "cors_origins": ["https://a.io"]}
    )
    (component,) = of_type(monitor, COMPONENT)
    children = [r for r in monitor.registrations.values() if r.custom]
    assert len(children) > 20 and all(r.parent == component.urn for r in children)
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:Bucket::media"


def test_tags_reach_every_taggable_resource(monitor: RecordingMonitor) -> None:
    build(monitor, {"tags": {"team": "web"}, "replication_region": "us-west-2"})
    tagged = [r for r in monitor.registrations.values() if r.type in (BUCKET, KEY, ROLE)]
    assert len(tagged) == 5
    assert all(r.inputs["tags"] == {"team": "web", "Name": r.name} for r in tagged)


# -- names ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["a" * 40, "Photos_Of.The-Shop-2024-" + "x" * 16, "9lives-uploads-archive-bucket-0123456789"]
)
def test_physical_names_respect_s3_limits(monitor: RecordingMonitor, name: str) -> None:
    assert len(name) == 40
    build(monitor, {"replication_region": "us-west-2"}, name=name)
    buckets = of_type(monitor, BUCKET)
    assert len(buckets) == 2
    for bucket in buckets:
        prefix, physical = bucket.inputs["bucketPrefix"], bucket.state["bucket"]
        assert len(prefix) <= 37 and prefix.endswith("-")  # AWS's limit for bucket_prefix
        assert physical.startswith(prefix) and len(physical) == len(prefix) + 26
        assert 3 <= len(physical) <= 63 and S3_NAME.match(physical) and "--" not in physical, physical
    assert buckets[0].inputs["bucketPrefix"] != buckets[1].inputs["bucketPrefix"]
    (role,) = of_type(monitor, ROLE)
    assert len(role.inputs["namePrefix"]) <= 38 and len(role.state["name"]) <= 64  # IAM's limits


# -- grants --------------------------------------------------------------------------------------------------


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def grants(document: str) -> dict[str, tuple[str, ...]]:
    """Resource -> sorted actions, after checking every statement is an Allow without wildcards."""
    parsed = json.loads(document)
    assert parsed["Version"] == "2012-10-17"
    found: dict[str, tuple[str, ...]] = {}
    for statement in parsed["Statement"]:
        assert statement["Effect"] == "Allow"
        resources, actions = _as_list(statement["Resource"]), _as_list(statement["Action"])
        assert "*" not in resources and all("*" not in a for a in actions)
        for resource in resources:
            found[resource] = tuple(sorted({*found.get(resource, ()), *actions}))
    return found


def test_grant_documents_are_least_privilege(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    arn, key = out["arn"], out["kms_key_arn"]
    assert grants(out["grant_put"]) == {
        f"{arn}/*": ("s3:PutObject",),
        key: ("kms:Encrypt", "kms:GenerateDataKey"),
    }
    assert grants(out["grant_read"]) == {
        f"{arn}/*": ("s3:GetObject",),
        arn: ("s3:ListBucket",),
        key: ("kms:Decrypt",),
    }
    assert grants(out["grant_read_write"]) == {
        f"{arn}/*": ("s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
        arn: ("s3:ListBucket",),
        key: ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"),
    }


def test_grants_use_a_given_key_and_drop_kms_for_aes256(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"kms_key_arn": KEY_ARN})
    assert grants(out["grant_read"])[KEY_ARN] == ("kms:Decrypt",)


def test_grants_without_kms(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"encryption": "AES256"})
    arn = out["arn"]
    assert grants(out["grant_put"]) == {f"{arn}/*": ("s3:PutObject",)}
    assert grants(out["grant_read"]) == {f"{arn}/*": ("s3:GetObject",), arn: ("s3:ListBucket",)}


# -- bad arguments -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"encryption": "aws:kms:dsse"},
            "Bucket encryption 'aws:kms:dsse' is not allowed; use one of aws:kms, AES256",
        ),
        (
            {"encryption": "AES256", "kms_key_arn": KEY_ARN},
            "Bucket kms_key_arn is not allowed with encryption 'AES256'",
        ),
        ({"versioning": "yes"}, "Bucket versioning 'yes' is not allowed; use True or False"),
        ({"force_destroy": 1}, "Bucket force_destroy 1 is not allowed; use True or False"),
        ({"protect": None}, "Bucket protect None is not allowed; use True or False"),
        ({"expire_days": 0}, "Bucket expire_days 0 is not allowed; use None or a whole number ≥ 1"),
        ({"noncurrent_expire_days": 0}, "Bucket noncurrent_expire_days 0 is not allowed; use a whole number"),
        ({"abort_multipart_days": 1.5}, "Bucket abort_multipart_days 1.5 is not allowed; use a whole number"),
        (
            {"transitions": [{"days": 30, "storage_class": "GLACIER_FLEXIBLE"}]},
            "Bucket transitions storage_class 'GLACIER_FLEXIBLE' is not allowed; use one of STANDARD_IA, "
            "INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE",
        ),
        (
            {"transitions": [{"days": 10, "storage_class": "STANDARD_IA"}]},
            "Bucket transitions days 10 is not allowed for STANDARD_IA; use a whole number ≥ 30",
        ),
        ({"transitions": [{"days": 30}]}, "Bucket transitions {'days': 30} is not allowed; use"),
        (
            {
                "transitions": [
                    {"days": 30, "storage_class": "GLACIER"},
                    {"days": 60, "storage_class": "GLACIER"},
                ]
            },
            "Bucket transitions storage_class 'GLACIER' is not allowed twice",
        ),
        (
            {"expire_days": 30, "transitions": [{"days": 30, "storage_class": "GLACIER"}]},
            "Bucket transitions days 30 is not allowed with expire_days 30; use fewer days than expire_days",
        ),
        (
            {"replication_region": "Oregon"},
            "Bucket replication_region 'Oregon' is not allowed; use an AWS region name",
        ),
        (
            {"replication_region": "us-west-2", "versioning": False},
            "Bucket versioning False is not allowed with replication_region; use versioning True",
        ),
        (
            {"cors_origins": ["*"]},
            r"Bucket cors_origins '\*' is not allowed; use https://host\[:port\] \(no path\) or http://localhost:PORT",
        ),
        (
            {"cors_origins": ["http://shop.example.com"]},
            "Bucket cors_origins 'http://shop.example.com' is not allowed",
        ),
        (
            {"cors_origins": ["https://shop.example.com/"]},
            "Bucket cors_origins 'https://shop.example.com/' is not",
        ),
        ({"cors_origins": ["http://localhost"]}, "Bucket cors_origins 'http://localhost' is not allowed"),
        (
            {"cors_origins": ["https://a.io"], "cors_methods": ["GET", "PATCH"]},
            r"Bucket cors_methods \['GET', 'PATCH'\] is not allowed; use some of GET, PUT, POST, DELETE, "
            "HEAD",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(monitor: RecordingMonitor, args: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Bucket("bad", args)
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(Bucket)
    (bucket,) = of_type(monitor, BUCKET)
    assert bucket.name == "uploads"
    assert of_type(monitor, CORS)[0].inputs["corsRules"][0]["allowedOrigins"] == ["https://shop.example.com"]
    rules = rules_by_id(of_type(monitor, LIFECYCLE)[0])
    assert rules["transition-current-objects"]["transitions"] == [{"days": 30, "storageClass": "STANDARD_IA"}]


def test_key_policy_statements_extend_the_default_key_policy(monitor: RecordingMonitor) -> None:
    statement = {
        "Sid": "AllowCloudFrontDecrypt",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "kms:Decrypt",
        "Resource": "*",
    }
    build(monitor, {"key_policy_statements": [statement], "replication_region": "us-west-2"})
    keys = {k.name: k.inputs for k in of_type(monitor, KEY)}
    administer, extra = json.loads(keys["media-key"]["policy"])["Statement"]
    assert administer["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    assert administer["Action"] == "kms:*" and extra == statement
    (replica_admin,) = json.loads(keys["media-replica-key-us-west-2"]["policy"])["Statement"]
    assert replica_admin == administer  # the replica's key: the account's statement only


def test_without_key_policy_statements_the_key_policy_is_the_accounts_statement_written_out(
    monitor: RecordingMonitor,
) -> None:
    build(monitor)
    (key,) = of_type(monitor, KEY)
    # What AWS's default key policy says, explicit (issue #18); on an existing key, an update in place.
    assert json.loads(key.inputs["policy"])["Statement"] == [
        {
            "Sid": "AccountAdministersTheKey",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]


@pytest.mark.parametrize("args", [{"encryption": "AES256"}, {"kms_key_arn": "arn:aws:kms:us-east-1:1:key/k"}])
def test_key_policy_statements_need_the_buckets_own_key(monitor: RecordingMonitor, args: Any) -> None:
    with pytest.raises(ValueError, match="Bucket key_policy_statements is not allowed"):
        Bucket("bad", {**args, "key_policy_statements": [{"Sid": "X"}]})
    assert monitor.registrations == {}


def test_the_log_bucket_statement_lets_s3_deliver_for_exactly_the_source_buckets() -> None:
    from components.aws.bucket import server_access_log_statement

    statement = server_access_log_statement(
        "arn:aws:s3:::shop-logs-x",
        ["arn:aws:s3:::shop-uploads-y", "arn:aws:s3:::shop-site-z"],
        "123456789012",
    )
    assert statement == {
        "Sid": "S3ServerAccessLogDelivery",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::shop-logs-x/*",
        "Condition": {
            "ArnLike": {"aws:SourceArn": ["arn:aws:s3:::shop-uploads-y", "arn:aws:s3:::shop-site-z"]},
            "StringEquals": {"aws:SourceAccount": "123456789012"},
        },
    }
