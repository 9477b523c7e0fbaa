"""Where alarms go and logs stay: SNS topics (encrypted) and CloudWatch log groups (with a retention)."""

from __future__ import annotations

from ..model import MANDATORY, Resource, Rule, rule
from .helpers import _int, _raw, _unknown

RULES: list[Rule] = []


SNS_TOPIC = "aws:sns/topic:Topic"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"


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
