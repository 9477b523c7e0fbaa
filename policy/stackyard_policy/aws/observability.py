"""Where alarms go and logs stay: SNS topics (encrypted) and CloudWatch log groups (with a retention; in prod
a year of it and a customer-managed key that CloudWatch Logs may use)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence

from ..model import MANDATORY, Resource, Rule, rule, stack_rule
from .helpers import _int, _json, _mapping, _raw, _statements, _strings, _unknown

RULES: list[Rule] = []


SNS_TOPIC = "aws:sns/topic:Topic"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
KMS_KEY = "aws:kms/key:Key"
# A year: checkov CKV_AWS_338, the cdk-nag HIPAA pack's CloudWatchLogGroupRetentionPeriod.
PROD_LOG_RETENTION_DAYS = 365
LOGS_CONTEXT = "kms:EncryptionContext:aws:logs:arn"


@rule(
    "aws-sns-encrypted",
    MANDATORY,
    [SNS_TOPIC],
    "Topics are encrypted at rest with KMS (checkov CKV_AWS_26, cdk-nag SNS2).",
    "set kmsMasterKeyId (stackyard's Alarms topic has its own key CloudWatch may use)",
    RULES,
)
def _sns_encrypted(resource: Resource) -> str | None:
    key = _raw(resource, "kmsMasterKeyId")
    return None if key or _unknown(key) else "kmsMasterKeyId is not set"


@rule(
    "aws-logs-retention",
    MANDATORY,
    [LOG_GROUP],
    "Every log group has a retention period, so logs (and their cost) do not grow forever (checkov "
    "CKV_AWS_66; CKV_AWS_338's one year is left to each stack).",
    "set retentionInDays (services.<name>.log_retention_days, network.flow_log_retention_days)",
    RULES,
)
def _log_retention(resource: Resource) -> str | None:
    value = _raw(resource, "retentionInDays")
    if _unknown(value):
        return None
    days = _int(value)
    return "retentionInDays is not set: logs never expire" if not days else None


@rule(
    "aws-logs-retention-year-prod",
    MANDATORY,
    [LOG_GROUP],
    "A production log group keeps its logs at least a year, what an incident review or an audit looks back "
    "over (checkov CKV_AWS_338, cdk-nag HIPAA.Security-CloudWatchLogGroupRetentionPeriod; staging keeps its "
    "short retention).",
    "keep the prod profile's year: services.<name>.log_retention_days and network.flow_log_retention_days "
    "365 or more (the other log groups follow the profile)",
    RULES,
)
def _log_retention_year(resource: Resource) -> str | None:
    if not resource.is_prod:
        return None
    value = _raw(resource, "retentionInDays")
    days = _int(value)
    if _unknown(value) or not days or days >= PROD_LOG_RETENTION_DAYS:
        return None  # not set is "never expire", which aws-logs-retention judges
    return f"retentionInDays is {days}, less than {PROD_LOG_RETENTION_DAYS}"


@rule(
    "aws-logs-cmk-prod",
    MANDATORY,
    [LOG_GROUP],
    "A production log group is encrypted with a customer-managed KMS key, so reading its logs can be "
    "revoked and audited apart from the account's other data (checkov CKV_AWS_158, cdk-nag "
    "HIPAA.Security-CloudWatchLogGroupEncrypted).",
    "keep the components' encrypt_logs on (the prod profile does): a key per component that only CloudWatch "
    "Logs may use for its log groups",
    RULES,
)
def _log_cmk(resource: Resource) -> str | None:
    if not resource.is_prod:
        return None
    key = _raw(resource, "kmsKeyId")
    return None if key or _unknown(key) else "kmsKeyId is not set (CloudWatch Logs' own encryption)"


def _group_name(group: Resource) -> str | None:
    """A log group's name, or a name its `namePrefix` gives (the provider appends 26 characters)."""
    name = _raw(group, "name")
    if isinstance(name, str) and not _unknown(name):
        return name
    prefix = _raw(group, "namePrefix")
    if isinstance(prefix, str) and not _unknown(prefix):
        return prefix + "0" * 26
    return None


def _logs_may_use(policy: object, group: str | None) -> str | None:
    """Why a key policy does not let CloudWatch Logs use the key for the log group `group` (its name, None
    when not known), or None when it does."""
    for statement in _statements(policy):
        if statement.get("Effect") != "Allow":
            continue
        services = _strings(_mapping(statement.get("Principal")).get("Service"))
        if not any(fnmatch.fnmatchcase(s, "logs.*.amazonaws.com") for s in services):
            continue
        condition = _mapping(statement.get("Condition"))
        arns = [a for test in condition.values() for a in _strings(_mapping(test).get(LOGS_CONTEXT))]
        if not arns:
            return f"the statement for CloudWatch Logs has no {LOGS_CONTEXT} condition"
        if group is None or any(fnmatch.fnmatchcase(group, arn.split(":log-group:", 1)[-1]) for arn in arns):
            return None
        return f"its {LOGS_CONTEXT} condition does not name the log group {group}"
    return "the key policy does not let CloudWatch Logs (logs.<region>.amazonaws.com) use the key"


@stack_rule(
    "aws-logs-key-allows-cloudwatch",
    MANDATORY,
    (LOG_GROUP, KMS_KEY),
    "A log group's customer-managed key lets the regional CloudWatch Logs service use it, held to that log "
    "group by the kms:EncryptionContext:aws:logs:arn condition; without it CloudWatch Logs refuses the key "
    "and the logs stop, and without the condition any log group of any account could use it (checkov "
    'CKV_AWS_158\'s key; Amazon CloudWatch Logs User Guide, "Encrypt log data using AWS KMS").',
    "give the key a statement for logs.<region>.amazonaws.com with the condition ArnLike "
    "kms:EncryptionContext:aws:logs:arn on the log group's ARN (components.aws.kms.log_encryption_key)",
    RULES,
)
def _log_key_policy(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # A log group names its key by ARN, which is not among the key's inputs: the group depends on it. A key
    # from outside the stack cannot be judged here.
    keys = {r.urn: r for r in resources if r.type == KMS_KEY}
    for group in resources:
        if group.type != LOG_GROUP or not _raw(group, "kmsKeyId"):
            continue
        for urn in group.dependencies:
            key = keys.get(urn)
            if key is None:
                continue
            policy = _raw(key, "policy")
            if _unknown(policy):
                continue
            problem = _logs_may_use(_json(policy), _group_name(group))
            if problem:
                yield group, problem
