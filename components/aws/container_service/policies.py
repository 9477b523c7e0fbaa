"""The JSON documents of `ContainerService`: the ECR lifecycle policy and the IAM policies of the execution
role, the task role and the scheduler role, each granting only what its user needs."""

import json
from typing import Any

from .settings import (
    ECR_PULL_ACTIONS,
    EXEC_ACTIONS,
    KEEP_IMAGES,
    UNTAGGED_IMAGE_DAYS,
    _check_statement,
    _secret_arn,
)


def _lifecycle_policy() -> str:
    return json.dumps(
        {
            "rules": [
                {
                    "rulePriority": 1,
                    "description": f"Expire untagged images after {UNTAGGED_IMAGE_DAYS} days",
                    "selection": {
                        "tagStatus": "untagged",
                        "countType": "sinceImagePushed",
                        "countUnit": "days",
                        "countNumber": UNTAGGED_IMAGE_DAYS,
                    },
                    "action": {"type": "expire"},
                },
                {
                    "rulePriority": 2,
                    "description": f"Keep the last {KEEP_IMAGES} images",
                    "selection": {
                        "tagStatus": "any",
                        "countType": "imageCountMoreThan",
                        "countNumber": KEEP_IMAGES,
                    },
                    "action": {"type": "expire"},
                },
            ]
        }
    )


def _execution_policy(pull_arn: str, log_group_arn: str, secret_refs: list[str], key_arns: list[str]) -> str:
    """What ECS needs to start the task, and nothing more."""
    statements: list[dict[str, Any]] = []
    if pull_arn:
        # GetAuthorizationToken has no resource-level permissions: it is the one action on "*".
        statements.append(
            {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
        )
        statements.append(
            {"Sid": "EcrPull", "Effect": "Allow", "Action": ECR_PULL_ACTIONS, "Resource": pull_arn}
        )
    statements.append(
        {
            "Sid": "Logs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"{log_group_arn}:*",
        }
    )
    grants: dict[str, list[str]] = {"secretsmanager": [], "ssm": []}
    for ref in secret_refs:
        service, arn = _secret_arn(ref)
        if arn not in grants[service]:
            grants[service].append(arn)
    if grants["secretsmanager"]:
        statements.append(
            {
                "Sid": "Secrets",
                "Effect": "Allow",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": sorted(grants["secretsmanager"]),
            }
        )
    if grants["ssm"]:
        statements.append(
            {
                "Sid": "Parameters",
                "Effect": "Allow",
                "Action": "ssm:GetParameters",
                "Resource": sorted(grants["ssm"]),
            }
        )
    if key_arns:
        statements.append(
            {"Sid": "SecretKeys", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arns}
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _task_policy(statements: list[dict[str, Any]], enable_exec: bool, exec_log_group_arn: str) -> str:
    """The application's statements, plus what ECS Exec needs inside the task when it is on."""
    for statement in statements:
        _check_statement(statement)
    all_statements = list(statements)
    if enable_exec:
        # Session Manager channels have no resource-level permissions.
        all_statements.append({"Sid": "EcsExec", "Effect": "Allow", "Action": EXEC_ACTIONS, "Resource": "*"})
        if exec_log_group_arn:
            all_statements.append(
                {
                    "Sid": "EcsExecLogs",
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    "Resource": f"{exec_log_group_arn}:*",
                }
            )
            # The session agent lists log groups to find the cluster's; a read-only action with no resource.
            all_statements.append(
                {
                    "Sid": "EcsExecLogGroups",
                    "Effect": "Allow",
                    "Action": "logs:DescribeLogGroups",
                    "Resource": "*",
                }
            )
    return json.dumps({"Version": "2012-10-17", "Statement": all_statements})


def _scheduler_policy(family_arn: str, cluster_arn: str, role_arns: list[str], key_arn: str = "") -> str:
    """Run this task definition family (any revision) on this cluster, and pass its two roles to ECS; with
    `key_arn` (the schedule's customer-managed key), decrypt the schedule with it: EventBridge Scheduler
    decrypts a schedule encrypted with a customer-managed key as its execution role (EventBridge Scheduler
    User Guide, "Encryption at rest", "Managing KMS keys")."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "RunTask",
            "Effect": "Allow",
            "Action": "ecs:RunTask",
            "Resource": f"{family_arn}:*",
            "Condition": {"ArnEquals": {"ecs:cluster": cluster_arn}},
        },
        {
            "Sid": "PassTaskRoles",
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": list(role_arns),
            "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
        },
    ]
    if key_arn:
        statements.append(
            {"Sid": "DecryptSchedule", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn}
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})
