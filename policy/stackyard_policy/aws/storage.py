"""S3: buckets (names, public access blocks, default encryption, TLS-only policies, versioning; in prod,
server access logs into a log bucket and a customer-managed key for data buckets).

Stack rules link S3 sub-resources (public access block, encryption, policy, versioning) to their bucket by
the bucket's name: its `bucket` input (or output, under CrossGuard), else its `bucketPrefix` plus the
provider's 26 unique characters, else Pulumi's auto-name (logical name, "-", 7 random characters). A
sub-resource whose `bucket` is not known yet makes the rule pass for every bucket it could belong to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..model import ADVISORY, MANDATORY, Resource, Rule, rule, stack_rule
from .cloudfront import _S3_REST_ORIGIN, _S3_WEBSITE_ORIGIN, DISTRIBUTION
from .edge import LOAD_BALANCERS
from .helpers import (
    AUTONAME_SUFFIX,
    PREFIX_SUFFIX,
    _items,
    _json,
    _mapping,
    _raw,
    _show,
    _statements,
    _strings,
    _unknown,
)

RULES: list[Rule] = []


# The S3 types our `Bucket` component creates (CdnSite and LoadBalancer build theirs with `Bucket` too), and
# the deprecated V2 names pulumi-aws 7 still accepts.
BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
ENCRYPTIONS = (
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
)
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
VERSIONINGS = ("aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2")
BUCKET_LOGGINGS = ("aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2")

# S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens; `bucketPrefix` at most 37 (pulumi-aws
# docs of aws.s3.Bucket).
BUCKET_NAME_LIMIT = 63
BUCKET_PREFIX_LIMIT = 37
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
_BUCKET_PREFIX = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


Matcher = Callable[[str], bool]


def _bucket_matcher(bucket: Resource) -> Matcher | None:
    """A predicate telling whether a bucket name is this bucket's; None when the name is not known."""
    explicit = _raw(bucket, "bucket")
    if isinstance(explicit, str) and not _unknown(explicit):
        return lambda ref: ref == explicit
    if explicit is not None:
        return None
    prefix = _raw(bucket, "bucketPrefix")
    if isinstance(prefix, str) and not _unknown(prefix):
        return lambda ref: ref.startswith(prefix) and len(ref) == len(prefix) + PREFIX_SUFFIX
    if prefix is not None:
        return None
    auto = bucket.name.lower() + "-"
    return lambda ref: ref.startswith(auto) and len(ref) == len(auto) + AUTONAME_SUFFIX - 1


def _by_bucket(
    resources: Sequence[Resource], types: Sequence[str]
) -> tuple[list[tuple[Resource, Matcher | None]], list[Resource], bool]:
    """The stack's buckets with their name matchers, the resources of `types`, and whether every one of
    those names its bucket with a known value (otherwise a bucket without one cannot be judged)."""
    buckets = [(r, _bucket_matcher(r)) for r in resources if r.type in BUCKETS]
    related = [r for r in resources if r.type in types]
    known = all(isinstance(_raw(r, "bucket"), str) and not _unknown(_raw(r, "bucket")) for r in related)
    return buckets, related, known


def _for_bucket(match: Matcher, related: Sequence[Resource]) -> list[Resource]:
    return [r for r in related if isinstance(_raw(r, "bucket"), str) and match(_raw(r, "bucket"))]


def _per_bucket(
    resources: Sequence[Resource],
    types: Sequence[str],
    judge: Callable[[Sequence[Resource]], str | None],
    missing: str,
) -> Iterator[tuple[Resource, str]]:
    """For each bucket: `missing` when no resource of `types` names it, else `judge(resources)`'s verdict."""
    buckets, related, known = _by_bucket(resources, types)
    for bucket, match in buckets:
        if match is None:
            continue
        mine = _for_bucket(match, related)
        if not mine:
            if known:
                yield bucket, missing
            continue
        verdict = judge(mine)
        if verdict:
            yield bucket, verdict


_BLOCK_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def _block_problem(blocks: Sequence[Resource]) -> str | None:
    """None when one of `blocks` has all four settings on (or unknown), else what the first leaves off."""
    problems: list[str] = []
    for block in blocks:
        off = [f for f in _BLOCK_FLAGS if _raw(block, f) is not True and not _unknown(_raw(block, f))]
        if not off:
            return None
        problems.append(f"public access block leaves {', '.join(off)} off")
    return problems[0] if problems else None


@stack_rule(
    "aws-s3-public-access-block",
    MANDATORY,
    (*BUCKETS, PUBLIC_ACCESS_BLOCK, ACCOUNT_PUBLIC_ACCESS_BLOCK),
    "Buckets are private: a public access block with all four settings on refuses public ACLs and policies "
    "(cdk-nag S2, checkov CKV2_AWS_6 and CKV_AWS_53-56).",
    "create buckets with stackyard's Bucket, which adds the block with all four settings true",
    RULES,
)
def _s3_public_access_block(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    accounts = [r for r in resources if r.type == ACCOUNT_PUBLIC_ACCESS_BLOCK]
    if accounts and _block_problem(accounts) is None:
        return  # the account-wide block covers every bucket
    yield from _per_bucket(resources, (PUBLIC_ACCESS_BLOCK,), _block_problem, "no public access block")


def _encryption_problem(configurations: Sequence[Resource]) -> str | None:
    for configuration in configurations:
        rules_ = _raw(configuration, "rules")
        if _unknown(rules_):
            return None
        for entry in _items(rules_):
            algorithm = _mapping(_mapping(entry).get("applyServerSideEncryptionByDefault")).get(
                "sseAlgorithm"
            )
            if algorithm in ("aws:kms", "aws:kms:dsse", "AES256") or _unknown(algorithm):
                return None
    return "the encryption configuration sets no default algorithm"


@stack_rule(
    "aws-s3-default-encryption",
    MANDATORY,
    (*BUCKETS, *ENCRYPTIONS),
    "Every bucket states its default encryption (SSE-KMS or SSE-S3) explicitly (checkov CKV_AWS_145; S3 "
    "applies SSE-S3 by itself since 2023, so this makes the choice and the key visible).",
    "create buckets with stackyard's Bucket (encryption aws:kms with its own key, or AES256)",
    RULES,
)
def _s3_encryption(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    yield from _per_bucket(resources, ENCRYPTIONS, _encryption_problem, "no default encryption configuration")


def _denies_plain_http(statement: Mapping[str, Any]) -> bool:
    if statement.get("Effect") != "Deny":
        return False
    principal = statement.get("Principal")
    if principal != "*" and _strings(_mapping(principal).get("AWS")) != ["*"]:
        return False
    if not any(a in ("*", "s3:*") for a in _strings(statement.get("Action"))):
        return False
    for operator, conditions in _mapping(statement.get("Condition")).items():
        if operator not in ("Bool", "BoolIfExists"):
            continue
        for key, value in _mapping(conditions).items():
            values = [
                str(v).lower() for v in (_items(value) if not isinstance(value, str | bool) else [value])
            ]
            if key.lower() == "aws:securetransport" and "false" in values:
                return True
    return False


def _tls_policy_problem(policies: Sequence[Resource]) -> str | None:
    for policy in policies:
        document = _json(_raw(policy, "policy"))
        if document is None or any(_denies_plain_http(s) for s in _statements(document)):
            return None
    return "the bucket policy does not deny requests without TLS (aws:SecureTransport false)"


@stack_rule(
    "aws-s3-tls-only",
    MANDATORY,
    (*BUCKETS, BUCKET_POLICY),
    "Every bucket refuses requests made without TLS, through its bucket policy (cdk-nag S10).",
    "create buckets with stackyard's Bucket, whose policy starts with a DenyInsecureTransport statement",
    RULES,
)
def _s3_tls_only(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    yield from _per_bucket(
        resources, (BUCKET_POLICY,), _tls_policy_problem, "no bucket policy denying plain HTTP"
    )


def _referenced_buckets(resources: Sequence[Resource]) -> tuple[set[str], bool]:
    """Names of buckets that receive logs or serve a CDN site, and whether every reference was known."""
    names: set[str] = set()
    known = True

    def add(value: Any, pattern: re.Pattern[str] | None = None) -> None:
        nonlocal known
        if _unknown(value):
            known = False
        elif isinstance(value, str) and value:
            if pattern is None:
                names.add(value)
            elif match := pattern.match(value):
                names.add(match.group("bucket"))

    for resource in resources:
        if resource.type in LOAD_BALANCERS:
            add(_raw(resource, "accessLogs.bucket"))
        elif resource.type in BUCKET_LOGGINGS:
            add(_raw(resource, "targetBucket"))
        elif resource.type == DISTRIBUTION:
            add(_raw(resource, "loggingConfig.bucket"), _S3_REST_ORIGIN)
            origins = _raw(resource, "origins")
            if _unknown(origins):
                known = False
            for origin in _items(origins):
                domain = _mapping(origin).get("domainName")
                add(domain, _S3_WEBSITE_ORIGIN if _S3_WEBSITE_ORIGIN.match(str(domain)) else _S3_REST_ORIGIN)
    return names, known


@stack_rule(
    "aws-s3-versioning",
    ADVISORY,
    (*BUCKETS, *VERSIONINGS, *LOAD_BALANCERS, *BUCKET_LOGGINGS, DISTRIBUTION),
    "Data buckets keep previous versions, so an overwrite or delete can be undone (checkov CKV_AWS_21); log "
    "buckets (targets of load balancer, CDN or S3 access logs) and CDN site buckets (rebuilt by each "
    "deploy) are exempt.",
    "set app.buckets.<name>.versioned: true (the default)",
    RULES,
)
def _s3_versioning(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    exempt, references_known = _referenced_buckets(resources)
    buckets, versionings, known = _by_bucket(resources, VERSIONINGS)
    for bucket, match in buckets:
        if match is None or any(match(name) for name in exempt):
            continue
        mine = _for_bucket(match, versionings)
        statuses = [_raw(v, "versioningConfiguration.status") for v in mine]
        if any(s == "Enabled" or _unknown(s) for s in statuses):
            continue
        if not references_known or (not mine and not known):
            continue  # it may be an exempt bucket, or its versioning may name it with an unknown value
        yield bucket, f"versioning is {_show(statuses[0]) if statuses else 'not configured'}"


@rule(
    "aws-s3-bucket-name",
    MANDATORY,
    BUCKETS,
    "S3 bucket names are 3-63 lowercase letters, digits, dots and hyphens (bucketPrefix at most 37), limits "
    "the mocks do not check.",
    "shorten the bucket's key under app.buckets (or app.name); Bucket uses a prefix of at most 37 characters",
    RULES,
)
def _bucket_name(resource: Resource) -> str | None:
    name = _raw(resource, "bucket")
    prefix = _raw(resource, "bucketPrefix")
    if _unknown(name) or _unknown(prefix):
        return None
    if isinstance(name, str):
        if not 3 <= len(name) <= BUCKET_NAME_LIMIT or not _BUCKET_NAME.match(name):
            return f"bucket {name!r} is not 3-{BUCKET_NAME_LIMIT} lowercase letters, digits, dots and hyphens"
        return None
    if isinstance(prefix, str):
        if len(prefix) > BUCKET_PREFIX_LIMIT or not _BUCKET_PREFIX.match(prefix):
            return (
                f"bucketPrefix {prefix!r} is not at most {BUCKET_PREFIX_LIMIT} lowercase letters, digits, "
                "dots and hyphens"
            )
        return None
    auto = resource.name.lower()
    if len(auto) + AUTONAME_SUFFIX > BUCKET_NAME_LIMIT or not _BUCKET_PREFIX.match(auto):
        return f"the auto-name {auto!r} plus {AUTONAME_SUFFIX} characters is not a valid bucket name"
    return None


LIFECYCLES = (
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
)
# The services that deliver logs into a bucket: its policy naming one makes it a log bucket, which does not
# log itself (that would log its own deliveries, forever) and keeps no data of the app's.
LOG_DELIVERY_SERVICES = (
    "logging.s3.amazonaws.com",
    "logdelivery.elasticloadbalancing.amazonaws.com",
    "delivery.logs.amazonaws.com",
)


def _policies_of(
    resources: Sequence[Resource],
) -> tuple[list[tuple[Resource, Matcher | None]], list[Resource]]:
    buckets = [(r, _bucket_matcher(r)) for r in resources if r.type in BUCKETS]
    return buckets, [r for r in resources if r.type == BUCKET_POLICY]


def _grants(policies: Sequence[Resource], test: Callable[[Mapping[str, Any]], bool]) -> bool:
    """Whether one of a bucket's policies has an Allow statement that `test` accepts."""
    for policy in policies:
        for statement in _statements(_json(_raw(policy, "policy"))):
            if statement.get("Effect") == "Allow" and test(statement):
                return True
    return False


def _is_log_bucket(policies: Sequence[Resource]) -> bool:
    """A bucket that receives logs: its policy lets a log delivery service (or ELB's regional account) put
    objects."""

    def delivers(statement: Mapping[str, Any]) -> bool:
        principal = _mapping(statement.get("Principal"))
        if any(s in LOG_DELIVERY_SERVICES for s in _strings(principal.get("Service"))):
            return True
        # ELB's regional account (Regions opened before August 2022) writes under <prefix>/AWSLogs/.
        writes_logs = "s3:PutObject" in _strings(statement.get("Action"))
        return bool(principal.get("AWS")) and writes_logs and "/AWSLogs/" in str(statement.get("Resource"))

    return _grants(policies, delivers)


def _expires(lifecycles: Sequence[Resource]) -> bool:
    for lifecycle in lifecycles:
        rules = _raw(lifecycle, "rules")
        if _unknown(rules):
            return True
        for entry in map(_mapping, _items(rules)):
            if entry.get("status") == "Enabled" and _mapping(entry.get("expiration")).get("days"):
                return True
    return False


@stack_rule(
    "aws-s3-access-logs-prod",
    MANDATORY,
    (*BUCKETS, BUCKET_POLICY, *BUCKET_LOGGINGS, *LIFECYCLES),
    "Every production data and site bucket logs its requests (S3 server access logging) into a dedicated "
    "log bucket, which does not log to itself and expires its logs; a bucket in another region (a "
    "replica) cannot log to this region's log bucket (checkov CKV_AWS_18, CKV_GCP_63's twin; cdk-nag S1; "
    "AWSGuard s3-bucket-logging-enabled; issue #18).",
    "keep the prod profile's access-log bucket (stacks.aws.AccessLogs): every Bucket's log_bucket, CdnSite "
    "access_log_bucket",
    RULES,
)
def _s3_access_logs(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    buckets, policies = _policies_of(resources)
    loggings = [r for r in resources if r.type in BUCKET_LOGGINGS]
    lifecycles = [r for r in resources if r.type in LIFECYCLES]
    known = all(isinstance(_raw(r, "bucket"), str) and not _unknown(_raw(r, "bucket")) for r in loggings)
    for bucket, match in buckets:
        if match is None:
            continue
        mine = _for_bucket(match, loggings)
        for logging in mine:
            target = _raw(logging, "targetBucket")
            if isinstance(target, str) and not _unknown(target) and match(target):
                yield bucket, "the bucket logs its requests to itself"
        if _is_log_bucket(_for_bucket(match, policies)):
            targeted = any(
                isinstance(_raw(r, "targetBucket"), str) and match(_raw(r, "targetBucket")) for r in loggings
            )
            if targeted and not _expires(_for_bucket(match, lifecycles)):
                yield bucket, "the access-log bucket never expires its logs (no lifecycle expiration)"
            continue
        if not bucket.is_prod or _raw(bucket, "region") is not None:
            continue
        if not mine and known:
            yield bucket, "no server access logging (BucketLogging) for this production bucket"


def _key_of(encryptions: Sequence[Resource]) -> str | None:
    """The customer-managed key of a bucket's default encryption; "" for SSE-S3 or AWS's key; None unknown."""
    for encryption in encryptions:
        for entry in map(_mapping, _items(_raw(encryption, "rules"))):
            default = _mapping(entry.get("applyServerSideEncryptionByDefault"))
            algorithm, key = default.get("sseAlgorithm"), default.get("kmsMasterKeyId")
            if _unknown(algorithm) or _unknown(key):
                return None
            if algorithm in ("aws:kms", "aws:kms:dsse") and isinstance(key, str) and key:
                return key
    return ""


def _serves_whole_bucket(policies: Sequence[Resource]) -> bool:
    """A site bucket: CloudFront reads every object (its content is the public site)."""

    def whole(statement: Mapping[str, Any]) -> bool:
        principal = _strings(_mapping(statement.get("Principal")).get("Service"))
        return "cloudfront.amazonaws.com" in principal and any(
            r.endswith(":::*") or re.search(r":::[^/]+/\*$", r) for r in _strings(statement.get("Resource"))
        )

    return _grants(policies, whole)


@stack_rule(
    "aws-s3-data-bucket-cmk-prod",
    MANDATORY,
    (*BUCKETS, BUCKET_POLICY, *ENCRYPTIONS),
    "A production data bucket is encrypted by default with a customer-managed KMS key, so reading its "
    "objects needs that key too and can be revoked and audited apart; the site bucket (public content) and "
    "log buckets (S3 and ELB deliver only to SSE-S3) keep SSE-S3 (checkov CKV_AWS_145, issue #18).",
    "keep the Bucket default encryption aws:kms (a key of its own) for app.buckets",
    RULES,
)
def _data_bucket_cmk(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    buckets, policies = _policies_of(resources)
    encryptions = [r for r in resources if r.type in ENCRYPTIONS]
    for bucket, match in buckets:
        if match is None or not bucket.is_prod:
            continue
        mine = _for_bucket(match, policies)
        if _is_log_bucket(mine) or _serves_whole_bucket(mine):
            continue
        key = _key_of(_for_bucket(match, encryptions))
        if key == "":
            yield bucket, "the data bucket is not encrypted by default with a customer-managed KMS key"
