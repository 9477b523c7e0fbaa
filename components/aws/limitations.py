"""Documented limitations of AWS services that Pulumi mocks accept and the cloud refuses at `pulumi up`.

Each rule is a small function of plain argument values that returns why the combination is refused (a
sentence saying what to do instead) or None. Its docstring cites the source: the user guide's title and
section, or an issue URL. Components call the rules at construction (`require`), and the stack config
layer (`stacks/aws_limitations.py`) reports the same rules against the stack file's keys, so one rule
serves both. `RULES` lists every rule for the docs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence


def replicas_of_rds_managed_password(
    rds_managed_password: bool, read_replicas: int, cross_region: bool
) -> str | None:
    """RDS cannot create a read replica of an instance whose master password RDS manages in Secrets
    Manager (all engines but SQL Server).

    Source: Amazon RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager",
    section "Limitations"; reported for the provider in terraform-aws-modules/terraform-aws-rds issues #512
    and #532."""
    if rds_managed_password and (read_replicas > 0 or cross_region):
        return (
            "RDS refuses read replicas of an instance whose master password RDS manages; use the generated "
            "password (the default) or drop the replicas"
        )
    return None


# RDS storage autoscaling: the ceiling must be at least 10% above the allocated storage.
AUTOSCALING_HEADROOM_PERCENT = 10


def storage_autoscaling_ceiling(allocated_gb: int, max_allocated_gb: int) -> str | None:
    """RDS refuses a storage autoscaling ceiling less than 10% above the allocated storage ("Invalid max
    storage size"); a ceiling equal to the allocated storage turns autoscaling off and is fine.

    Source: Amazon RDS User Guide, "Managing capacity automatically with Amazon RDS storage autoscaling"
    (the maximum storage threshold "must be at least 10% more than the current allocated storage": 1,100
    GiB or more for 1,000 GiB allocated)."""
    if max_allocated_gb == allocated_gb or max_allocated_gb * 100 >= allocated_gb * (
        100 + AUTOSCALING_HEADROOM_PERCENT
    ):
        return None
    least = -(-allocated_gb * (100 + AUTOSCALING_HEADROOM_PERCENT) // 100)
    return (
        f"RDS needs the storage autoscaling ceiling at least 10% above the allocated storage: "
        f"{max_allocated_gb} GB is less than {least} GB for {allocated_gb} GB allocated; raise the ceiling "
        f"to {least} GB or more, or make it equal to the allocated storage to turn autoscaling off"
    )


def other_region(what: str, region: str, destination: str) -> str | None:
    """A cross-region replica and automated backup replication must go to another region than the
    database's own: backup replication copies backups to a *different* region, and both create the
    database's KMS key and alias (`alias/<physical_name>-db`) in the destination region, where the
    primary's alias of that name already exists.

    Sources: Amazon RDS User Guide, "Replicating automated backups to another AWS Region" and "Creating a
    read replica in a different AWS Region"; AWS KMS Developer Guide, "Aliases in AWS KMS" (an alias name
    is unique in an account and Region)."""
    if destination != region:
        return None
    return (
        f"{what} must be in another region than the database's own ({region}); use a different region "
        "(read replicas in the same region are read_replicas)"
    )


def fargate_spot_architecture(capacity: str, architecture: str) -> str | None:
    """Fargate Spot runs Linux tasks on X86_64 only: an ARM64 task placed by the FARGATE_SPOT capacity
    provider never starts.

    Source: Amazon ECS Developer Guide, "AWS Fargate capacity providers", section "Fargate capacity provider
    considerations" ("Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity
    provider")."""
    if capacity in ("FARGATE_SPOT", "mixed") and architecture.upper() == "ARM64":
        return (
            "Fargate Spot runs only X86_64 tasks, not ARM64; run ARM64 tasks on regular Fargate capacity, "
            "or build the image for X86_64 to use Spot"
        )
    return None


# Application Load Balancer listener rules: what a path-pattern and a host-header value may contain,
# and how many values one rule may hold.
ALB_PATH_PATTERN = re.compile(r"""^[A-Za-z0-9_\-.$/~"'@:+&*?]{1,128}$""")
ALB_HOST_HEADER = re.compile(r"^[A-Za-z0-9\-.*?]{1,128}$")
ALB_RULE_VALUES = 5


def listener_rule_conditions(hosts: Sequence[str], paths: Sequence[str]) -> str | None:
    """An ALB listener rule's path patterns are at most 128 characters of A-Z, a-z, 0-9, _ - . $ / ~ " '
    @ : + & and the wildcards * and ?; its host names at most 128 characters of A-Z, a-z, 0-9, - . * ?;
    and host and path values together are at most 5 per rule (a quota that cannot be raised).

    Sources: Elastic Load Balancing API Reference, "RuleCondition" (Values: host name and path pattern
    characters and length); User Guide for Application Load Balancers, "Quotas for your Application Load
    Balancers", section "Rules" (condition values per rule: 5, not adjustable)."""
    for path in paths:
        if not ALB_PATH_PATTERN.match(path):
            return (
                f"the path pattern {path!r} is not one an ALB accepts: at most 128 characters of A-Z, a-z, "
                """0-9, _ - . $ / ~ " ' @ : + & and the wildcards * and ? (no {braces}, spaces or regular """
                "expressions); use e.g. /api/* or /items/?*"
            )
    for host in hosts:
        if not ALB_HOST_HEADER.match(host):
            return (
                f"the host name {host!r} is not one an ALB rule accepts: at most 128 characters of letters, "
                "digits, - and .; use a shorter host name"
            )
    count = len(hosts) + len(paths)
    if count > ALB_RULE_VALUES:
        return (
            f"an ALB listener rule holds at most {ALB_RULE_VALUES} host and path values together, and this "
            f"one has {count} ({len(hosts)} host, {len(paths)} paths); use fewer paths, e.g. one wildcard "
            "such as /api/* for several"
        )
    return None


# An image in Amazon ECR (private registry), which Fargate can pull through the ecr.api / ecr.dkr endpoints.
ECR_IMAGE = re.compile(r"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/")


def image_without_nat(nat: str, image: str | None) -> str | None:
    """Without NAT, the private subnets where Fargate tasks run have no route to the internet: an image
    outside Amazon ECR (Docker Hub, ghcr.io, public.ecr.aws …) cannot be pulled and the task never starts.
    `image` None is the component's own ECR repository.

    Sources: Amazon ECS Developer Guide, "Amazon ECS task networking options for Fargate" (a task in a
    private subnet needs a NAT gateway to pull images from the internet) and "Amazon ECS interface VPC
    endpoints (AWS PrivateLink)"; AWS re:Post knowledge center, "ecs-fargate-docker-timeout-error"."""
    if nat != "none" or image is None or ECR_IMAGE.match(image):
        return None
    return (
        f"{image} is outside Amazon ECR, and without NAT the private subnets have no route to the internet "
        "to pull it; use NAT (single, per-zone or ec2), or copy the image to ECR"
    )


def endpoints_without_nat(
    nat: str, endpoints: Collection[str], pulls_from_ecr: bool, reads_secrets: bool
) -> str | None:
    """Without NAT, Fargate tasks in private subnets reach AWS only through VPC endpoints: ecr.api and
    ecr.dkr (with the S3 gateway endpoint, always created) to pull from ECR, logs for the awslogs driver,
    secretsmanager to resolve secrets; without them the task stops before its container starts.

    Source: Amazon ECS Developer Guide, "Migrating to Linux platform version 1.4.0 on Amazon ECS" (the
    endpoints Fargate tasks need: com.amazonaws.region.ecr.dkr, com.amazonaws.region.ecr.api, the S3
    gateway endpoint, Secrets Manager for secrets) and "Amazon ECS interface VPC endpoints (AWS
    PrivateLink)"; CloudWatch Logs User Guide, "Using CloudWatch Logs with interface VPC endpoints"."""
    if nat != "none":
        return None
    needed = [
        *(("ecr.api", "ecr.dkr") if pulls_from_ecr else ()),
        "logs",
        *(("secretsmanager",) if reads_secrets else ()),
    ]
    missing = [endpoint for endpoint in needed if endpoint not in endpoints]
    if not missing:
        return None
    return (
        f"without NAT, Fargate tasks reach AWS only through VPC endpoints and need {', '.join(needed)} "
        f"(the S3 gateway endpoint is always there); add {', '.join(missing)}, or use NAT (single, "
        "per-zone or ec2)"
    )


def bucket_replication_versioning(versioning: bool, replication_region: str | None) -> str | None:
    """S3 replication needs versioning on the source and the destination bucket.

    Source: Amazon S3 User Guide, "Requirements and considerations for replication" ("Both source and
    destination buckets must have versioning enabled"). The `Bucket` component refuses the same combination
    in its own argument checks; this rule reports it against the stack file."""
    if replication_region and not versioning:
        return (
            f"replication to {replication_region} needs versioning on both buckets; turn versioning on, or "
            "drop the replication"
        )
    return None


RULES: tuple[Callable[..., str | None], ...] = (
    replicas_of_rds_managed_password,
    storage_autoscaling_ceiling,
    other_region,
    fargate_spot_architecture,
    listener_rule_conditions,
    image_without_nat,
    endpoints_without_nat,
    bucket_replication_versioning,
)


def require(component: str, argument: str, reason: str | None) -> None:
    """Raise the component's ValueError for `argument` when a rule gave a `reason`."""
    if reason is not None:
        raise ValueError(f"{component} {argument} is not allowed: {reason}")
