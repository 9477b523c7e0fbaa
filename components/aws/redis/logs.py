"""The slow log: its CloudWatch log group and, with `encrypt_logs`, the key of the cache's log groups (the
slow log's, and the `snapshot_every_hours` function's)."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..kms import log_encryption_key
from ..redis_snapshots import function_log_group_name
from .settings import _named, _Settings


@dataclass(frozen=True)
class SlowLog:
    """The slow log's group, and the key of the cache's log groups (None without `encrypt_logs`)."""

    group: aws.cloudwatch.LogGroup
    key: pulumi.Input[str] | None


def slow_log(owner: pulumi.Resource, name: str, settings: _Settings) -> SlowLog:
    """The log group ElastiCache delivers the slow log to, created first so its retention and key are ours;
    its key is `log_kms_key_arn`, or a key of the cache's own (alias `alias/<physical_name>-redis-logs`)."""
    slow_log_name = f"/aws/elasticache/{settings.group_id}/slow-log"
    log_key: pulumi.Input[str] | None = None
    if settings.encrypt_logs:
        log_key = settings.log_kms_key_arn
        if log_key is None:
            groups = [slow_log_name]
            if settings.snapshot_every_hours is not None:
                groups.append(function_log_group_name(settings.base))
            log_key = log_encryption_key(
                f"{name}-redis-logs",
                f"{settings.label} cache logs",
                owner,
                settings.tags,
                groups,
                alias=f"{settings.base}-redis-logs",
            ).arn
    group = aws.cloudwatch.LogGroup(
        f"{name}-slow-log",
        name=slow_log_name,
        retention_in_days=settings.log_retention_days,
        kms_key_id=log_key,
        tags=_named(settings.tags, name, "slow-log"),
        opts=pulumi.ResourceOptions(parent=owner),
    )
    return SlowLog(group, log_key)
