"""Cloud Storage and Cloud CDN: buckets (uniform access, public access prevention, versioning, usage logs in
production), their IAM, and the private bucket behind Cloud CDN."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ..model import ADVISORY, MANDATORY, Resource, Rule, is_unknown, rule, stack_rule
from .helpers import EMPTY, UNDECIDED, _find, _input, _mappings, _policy_bindings, _public_grants

RULES: list[Rule] = []


BACKEND_BUCKETS = (
    "gcp:compute/backendBucket:BackendBucket",
    "gcp:compute/regionBackendBucket:RegionBackendBucket",
)
BUCKET = "gcp:storage/bucket:Bucket"
BUCKET_IAM = (
    "gcp:storage/bucketIAMMember:BucketIAMMember",
    "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    "gcp:storage/bucketIAMPolicy:BucketIAMPolicy",
)


@rule(
    "gcp-storage-uniform-access",
    MANDATORY,
    [BUCKET],
    "checkov CKV_GCP_29: with uniform bucket-level access only IAM decides who reads objects, and no object "
    "ACL can make one public.",
    "Bucket and CdnSite always set it; on a raw bucket set uniform_bucket_level_access: True.",
    into=RULES,
)
def _bucket_uniform(resource: Resource) -> str | None:
    if _input(resource, "uniformBucketLevelAccess", False) is False:
        return "uniformBucketLevelAccess is not true: object ACLs can grant access"
    return None


@rule(
    "gcp-storage-public-access-prevention",
    MANDATORY,
    [BUCKET],
    "checkov CKV_GCP_114 and CRP gcp-storage-bucket-enforce-public-access-prevention (critical): an enforced "
    "bucket can never be made public, even by mistake; the CDN reads it through its service agent.",
    "Bucket and CdnSite always enforce it; on a raw bucket set public_access_prevention: enforced.",
    into=RULES,
)
def _bucket_public_access_prevention(resource: Resource) -> str | None:
    value = _input(resource, "publicAccessPrevention", "inherited")
    if value is UNDECIDED or value == "enforced":
        return None
    return f"publicAccessPrevention is {value}, not enforced"


@rule(
    "gcp-storage-no-public-members",
    MANDATORY,
    [*BUCKET_IAM],
    "checkov CKV_GCP_28: allUsers or allAuthenticatedUsers on a bucket publishes its objects to the "
    "internet; stackyard serves public files through Cloud CDN from a private bucket.",
    "Grant named members only (Bucket.grant_read / grant_put / grant_read_write); serve public files "
    "through CdnSite.",
    into=RULES,
)
def _bucket_public_members(resource: Resource) -> str | None:
    grants = _public_grants(resource)
    if grants:
        role, member = grants[0]
        return f"{member} is granted {role} on the bucket"
    return None


def _expires_everything(resource: Resource) -> bool:
    """Whether a lifecycle rule deletes every object after an age (scratch or log buckets)."""
    for lifecycle in _mappings(_input(resource, "lifecycleRules")):
        action, condition = lifecycle.get("action"), lifecycle.get("condition")
        if not isinstance(action, Mapping) or action.get("type") != "Delete":
            continue
        if not isinstance(condition, Mapping) or is_unknown(condition.get("age")):
            continue
        # Only an age, on every object: no other (non-empty) condition narrows what expires (the send*IfZero
        # flags only say how zeros are sent).
        others = [
            v
            for k, v in condition.items()
            if k not in ("age", "withState") and not k.startswith("send") and v not in EMPTY
        ]
        if not others and condition.get("withState", "ANY") in ("ANY", "LIVE"):
            return True
    return False


@rule(
    "gcp-storage-versioning",
    ADVISORY,
    [BUCKET],
    "checkov CKV_GCP_78: a data bucket keeps previous object versions, so an overwrite or a delete can be "
    "undone (buckets whose objects all expire by design are exempt).",
    "Set versioned: true on the bucket (app.buckets.<name>.versioned, the default).",
    into=RULES,
)
def _bucket_versioning(resource: Resource) -> str | None:
    enabled = _input(resource, "versioning.enabled", False)
    if enabled is UNDECIDED or enabled is True or _expires_everything(resource):
        return None
    return "versioning is not enabled: overwritten or deleted objects are lost"


@stack_rule(
    "gcp-cdn-private-origin",
    ADVISORY,
    [*BACKEND_BUCKETS, BUCKET],
    "CRP gcp-storage-bucket-enforce-public-access-prevention and cdk-nag CFR7 (origin access control) on "
    "AWS: Cloud CDN reads a private bucket through the load balancer's service agent, so the bucket it "
    "serves enforces public access prevention; advisory because the bucket may be managed outside the "
    "stack (then the rule cannot see it), and one in the stack is already held to the mandatory "
    "gcp-storage-public-access-prevention.",
    "Serve a bucket of this stack with public_access_prevention enforced (CdnSite creates one and grants the "
    "load balancer's service agent roles/storage.objectViewer).",
    into=RULES,
)
def _cdn_private_origin(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    buckets = [r for r in resources if r.type == BUCKET]
    for backend in resources:
        if backend.type not in BACKEND_BUCKETS or _input(backend, "enableCdn", False) is not True:
            continue
        reference = _input(backend, "bucketName")
        bucket, decided = _find(buckets, reference)
        if bucket is None:
            if decided:
                yield backend, f"Cloud CDN serves bucket {reference!r}, which is not in this stack"
            continue
        prevention = _input(bucket, "publicAccessPrevention", "inherited")
        if prevention not in (UNDECIDED, "enforced"):
            yield backend, f"Cloud CDN serves bucket {reference!r} with publicAccessPrevention {prevention}"


STORAGE_ANALYTICS = "group:cloud-storage-analytics@google.com"
# Roles that let the usage-log writer create objects (cloud.google.com/storage/docs/access-logs).
LOG_WRITER_ROLES = ("roles/storage.objectCreator", "roles/storage.legacyBucketWriter")


def _log_target(bucket: Resource) -> object:
    """The bucket's usage-log target (`logging.logBucket`): a name, None, or UNDECIDED."""
    return _input(bucket, "logging.logBucket")


def _grants_log_writer(log_bucket: Resource, grants: Sequence[Resource]) -> bool | None:
    """Whether the stack lets cloud-storage-analytics@google.com create objects in `log_bucket` (None when a
    grant's bucket or member is unknown)."""
    decided = True
    for grant in grants:
        target, _ = _find([log_bucket], _input(grant, "bucket"))
        if _input(grant, "bucket") is UNDECIDED:
            decided = False
        if target is None:
            continue
        for role, members in _policy_bindings(grant):
            if role in LOG_WRITER_ROLES and STORAGE_ANALYTICS in members:
                return True
            if is_unknown(role) or any(is_unknown(m) for m in members):
                decided = False
    return False if decided else None


@stack_rule(
    "gcp-storage-usage-logs-prod",
    MANDATORY,
    [BUCKET, *BUCKET_IAM],
    "checkov CKV_GCP_62 (bucket logging) and the twin of aws-s3-access-logs-prod: every production bucket "
    "writes its usage logs into a log bucket of the stack, which cloud-storage-analytics@google.com may "
    "write to, which expires its logs and which does not log to itself (cloud.google.com/storage/docs/"
    "access-logs docs; issue #18).",
    "keep the prod profile's access-log bucket (stacks.gcp: every Bucket's log_bucket, CdnSite log_bucket), "
    "or set logging.log_bucket on the bucket and grant the group roles/storage.objectCreator on the target",
    into=RULES,
)
def _usage_logs(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    buckets = [r for r in resources if r.type == BUCKET]
    grants = [r for r in resources if r.type in BUCKET_IAM]
    log_buckets: dict[str, Resource] = {}
    for bucket in buckets:
        target = _log_target(bucket)
        if target is UNDECIDED or not target:
            continue
        found, _ = _find(buckets, target)
        if found is bucket:
            yield bucket, "the bucket writes its usage logs into itself"
        elif found is not None:
            log_buckets[found.urn] = found
    for log_bucket in log_buckets.values():
        if not _expires_everything(log_bucket):
            yield log_bucket, "the usage-log bucket never expires its logs (no lifecycle Delete on age)"
        if _grants_log_writer(log_bucket, grants) is False:
            yield log_bucket, f"{STORAGE_ANALYTICS} may not create objects in the usage-log bucket"
    for bucket in buckets:
        if bucket.is_prod and bucket.urn not in log_buckets and _log_target(bucket) in (None, ""):
            yield bucket, "no usage logs (logging.logBucket) for this production bucket"
