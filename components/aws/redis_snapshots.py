"""Snapshots of an ElastiCache replication group between its daily automatic ones (`RedisCache`'s
`snapshot_every_hours`).

ElastiCache takes one automatic snapshot a day, in the snapshot window (Amazon ElastiCache User Guide,
"Scheduling automatic backups"). More often takes manual snapshots (`CreateSnapshot`), which ElastiCache
never deletes by itself ("Taking manual backups": "manual backups do not have a retention period after
which they are automatically deleted") and allows at most 20 times per node in 24 hours (AWS Knowledge
Center, "How do I implement disaster recovery or fault tolerance for my ElastiCache Redis cluster?").

So an EventBridge Scheduler schedule starts a small Lambda function at the hours between the daily
snapshots: it creates `<prefix>-<yyyymmdd>-<hhmm>` and deletes this group's snapshots of that prefix older
than the retention, the same days the automatic ones are kept. EventBridge Scheduler's universal target
(`arn:aws:scheduler:::aws-sdk:elasticache:createSnapshot`, EventBridge Scheduler User Guide, "Using
universal targets") could take the snapshot alone, but a universal target sends one fixed request: it
cannot delete what has expired, and manual snapshots would pile up (and be billed) for ever.
"""

from __future__ import annotations

import json
import re

import pulumi
import pulumi_aws as aws

from .iam import assume_role_policy
from .naming import physical_name

# CreateSnapshot more than 20 times per node in 24 hours is refused (see the module docstring), and the
# schedule needs whole hours dividing the day: hours between snapshots -> snapshots added per day.
EVERY_HOURS = (2, 3, 4, 6, 8, 12)
SNAPSHOT_PREFIX_LIMIT = 26  # + "-yyyymmdd-hhmm": 40 characters, the ElastiCache backup name limit
FUNCTION_NAME_LIMIT = 64
ROLE_PREFIX_LIMIT = 38  # IAM role name_prefix
RUNTIME = "python3.12"  # boto3 is part of the runtime: no package to build

HANDLER = '''\
"""Take a snapshot of the replication group, then delete its scheduled snapshots past the retention."""
import datetime
import os

import boto3

client = boto3.client("elasticache")


def handler(event, context):
    group, prefix = os.environ["REPLICATION_GROUP_ID"], os.environ["SNAPSHOT_PREFIX"]
    now = datetime.datetime.now(datetime.timezone.utc)
    name = f"{prefix}-{now:%Y%m%d-%H%M}"
    client.create_snapshot(ReplicationGroupId=group, SnapshotName=name)
    cutoff = now - datetime.timedelta(days=int(os.environ["RETENTION_DAYS"]))
    deleted = []
    pages = client.get_paginator("describe_snapshots").paginate(
        ReplicationGroupId=group, SnapshotSource="manual"
    )
    for page in pages:
        for snapshot in page["Snapshots"]:
            nodes = snapshot.get("NodeSnapshots", [])
            times = [n["SnapshotCreateTime"] for n in nodes if "SnapshotCreateTime" in n]
            if snapshot["SnapshotName"].startswith(prefix + "-") and times and min(times) < cutoff:
                client.delete_snapshot(SnapshotName=snapshot["SnapshotName"])
                deleted.append(snapshot["SnapshotName"])
    return {"created": name, "deleted": deleted}
'''


def snapshot_hours(every_hours: int, snapshot_window: str) -> list[int]:
    """The UTC hours of the scheduled snapshots: every `every_hours` from the start of the daily snapshot
    window, leaving out those from the window's start to its end hour (the automatic snapshot's)."""
    start, end = (int(part[:2]) for part in snapshot_window.split("-"))
    covered = {hour % 24 for hour in range(start, start + (end - start) % 24 + 1)}
    hours = ((start + k * every_hours) % 24 for k in range(24 // every_hours))
    return sorted(hour for hour in hours if hour not in covered)


def function_log_group_name(base: str) -> str:
    """The log group of the snapshot function of the cache whose physical name is `base`."""
    return f"/aws/lambda/{physical_name(f'{base}-redis-snapshots', FUNCTION_NAME_LIMIT)}"


def scheduled_snapshots(
    parent: pulumi.Resource,
    name: str,
    base: str,
    group: aws.elasticache.ReplicationGroup,
    every_hours: int,
    retention_days: int,
    snapshot_window: str,
    kms_key_arn: pulumi.Input[str],
    tags: dict[str, str],
    *,
    log_retention_days: int,
    log_kms_key_arn: pulumi.Input[str] | None,
) -> aws.scheduler.Schedule:
    """The schedule, function and roles that snapshot `group` every `every_hours` between its daily ones;
    the function's log group kept `log_retention_days`, encrypted with `log_kms_key_arn` when given."""
    child = pulumi.ResourceOptions(parent=parent)
    prefix = physical_name(f"{base}-redis-sched", SNAPSHOT_PREFIX_LIMIT)
    function_name = physical_name(f"{base}-redis-snapshots", FUNCTION_NAME_LIMIT)
    label = f"{name}-snapshots"

    role = aws.iam.Role(
        label,
        name_prefix=physical_name(f"{base}-redis-snapshots", ROLE_PREFIX_LIMIT) + "-",
        description=f"Scheduled snapshots of the cache {name}, managed by stackyard",
        assume_role_policy=assume_role_policy("lambda.amazonaws.com"),
        tags={**tags, "Name": label},
        opts=child,
    )
    log_group = aws.cloudwatch.LogGroup(
        label,
        name=function_log_group_name(base),
        retention_in_days=log_retention_days,
        kms_key_id=log_kms_key_arn,
        tags={**tags, "Name": label},
        opts=child,
    )
    policy = aws.iam.RolePolicy(
        label,
        role=role.id,
        policy=pulumi.Output.all(group.arn, log_group.arn, kms_key_arn).apply(
            lambda v: _function_policy(v[0], prefix, v[1], v[2])
        ),
        opts=child,
    )
    function = aws.lambda_.Function(
        label,
        name=function_name,
        description=f"Snapshots of the cache {name} every {every_hours} h, kept {retention_days} days",
        runtime=RUNTIME,
        architectures=["arm64"],
        handler="index.handler",
        code=pulumi.AssetArchive({"index.py": pulumi.StringAsset(HANDLER)}),
        role=role.arn,
        timeout=60,
        memory_size=128,
        environment={
            "variables": {
                "REPLICATION_GROUP_ID": group.replication_group_id,
                "SNAPSHOT_PREFIX": prefix,
                "RETENTION_DAYS": str(retention_days),
            }
        },
        tags={**tags, "Name": label},
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[policy, log_group]),
    )
    invoker = aws.iam.Role(
        f"{label}-scheduler",
        name_prefix=physical_name(f"{base}-redis-sched", ROLE_PREFIX_LIMIT) + "-",
        description=f"EventBridge Scheduler starts the snapshots of the cache {name}, managed by stackyard",
        assume_role_policy=assume_role_policy("scheduler.amazonaws.com"),
        tags={**tags, "Name": f"{label}-scheduler"},
        opts=child,
    )
    invoke = aws.iam.RolePolicy(
        f"{label}-scheduler",
        role=invoker.id,
        policy=pulumi.Output.all(function.arn, kms_key_arn).apply(lambda v: _invoker_policy(v[0], v[1])),
        opts=child,
    )
    hours = ",".join(str(h) for h in snapshot_hours(every_hours, snapshot_window))
    return aws.scheduler.Schedule(
        label,
        name_prefix=physical_name(f"{base}-redis", ROLE_PREFIX_LIMIT) + "-",
        description=f"Snapshots of the cache {name} at {hours} h UTC (the daily one in {snapshot_window})",
        schedule_expression=f"cron(0 {hours} * * ? *)",
        schedule_expression_timezone="UTC",
        flexible_time_window={"mode": "OFF"},
        # The cache's customer-managed key; adding it to an existing schedule is an update in place
        # (hashicorp/terraform-provider-aws internal/service/scheduler/schedule.go: `kms_key_arn` is not
        # ForceNew). EventBridge Scheduler decrypts the schedule as the invoker role (EventBridge Scheduler
        # User Guide, "Encryption at rest", "Managing KMS keys").
        kms_key_arn=kms_key_arn,
        target={
            "arn": function.arn,
            "role_arn": invoker.arn,
            "retry_policy": {"maximum_retry_attempts": 3, "maximum_event_age_in_seconds": 3600},
        },
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[invoke]),
    )


def _invoker_policy(function_arn: str, kms_key_arn: str) -> str:
    """Invoke the snapshot function, and decrypt the schedule with the cache's key."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": function_arn},
                {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": kms_key_arn},
            ],
        }
    )


def _function_policy(group_arn: str, prefix: str, log_group_arn: str, kms_key_arn: str) -> str:
    """Create snapshots of the group, delete only the scheduled ones, list its snapshots (DescribeSnapshots
    takes no resource), write its own logs, and let ElastiCache use the group's key for the snapshot."""
    snapshots = re.sub(r":replicationgroup:.*$", f":snapshot:{prefix}-*", group_arn)
    clusters = re.sub(r":replicationgroup:(.*)$", r":cluster:\1-*", group_arn)
    statements = [
        {
            "Effect": "Allow",
            "Action": "elasticache:CreateSnapshot",
            "Resource": [group_arn, clusters, snapshots],
        },
        {"Effect": "Allow", "Action": "elasticache:DeleteSnapshot", "Resource": snapshots},
        {"Effect": "Allow", "Action": "elasticache:DescribeSnapshots", "Resource": "*"},
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"{log_group_arn}:*",
        },
        {
            "Effect": "Allow",
            "Action": ["kms:DescribeKey", "kms:CreateGrant"],
            "Resource": kms_key_arn,
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
        },
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements})
