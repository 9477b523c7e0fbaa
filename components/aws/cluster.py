"""`Cluster`: the stack's one ECS cluster: Fargate and Fargate Spot capacity, Container Insights, a private
Cloud Map namespace for ECS Service Connect, and optional ECS Exec audit logging to an encrypted log group."""

import json
import re
from collections.abc import Callable
from typing import Required, TypedDict

import pulumi
import pulumi_aws as aws

from ..bounds import OneOf, bounds
from ..checks import check_bounds, refuse_unknown_keys
from ..limits import RETENTION
from .kms import encryption_key
from .naming import physical_base, physical_name

CONTAINER_INSIGHTS = ("enhanced", "enabled", "disabled")
CAPACITY_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
_NAMESPACE = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


class ClusterArgs(TypedDict, total=False):
    vpc_id: Required[pulumi.Input[str]]
    """The VPC of the Service Connect namespace (a private hosted zone), e.g. `net.vpc_id`. Required."""
    namespace: str
    """The private DNS namespace services reach each other in with ECS Service Connect (e.g. "api" answers
    as "api.<namespace>"): a lowercase DNS name. Default "<physical_name>.internal" (made DNS-safe)."""
    container_insights: str
    """CloudWatch Container Insights: "enhanced" (task- and container-level metrics), "enabled" (cluster and
    service level) or "disabled". Default "enhanced"."""
    exec_logging: bool
    """Record ECS Exec sessions (`aws ecs execute-command`) in a CloudWatch log group encrypted with its own
    KMS key. Task roles then need logs:CreateLogStream, logs:PutLogEvents and logs:DescribeLogStreams on
    `exec_log_group_arn` and logs:DescribeLogGroups. Default False: ECS Exec uses the tasks' own log
    configuration."""
    exec_log_retention_days: int
    """Retention of the ECS Exec log group, one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90 …).
    Default 90. Used only with `exec_logging`."""
    tags: dict[str, str]
    """Tags added to every taggable resource, plus Name. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the default `namespace`, the
    ECS Exec log group `/ecs/<physical_name>/exec` and its key `alias/<physical_name>-exec-logs`; the
    cluster's own name is the component name and a random suffix). Default: the component's name. Give each
    stack its own (e.g. "shop-staging") so that two stacks in one account never collide, while the logical
    names, and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a
    letter."""


# What each argument admits, checked before anything else (`components.bounds`); `exec_logging` must be True
# or False by its type.
BOUNDS = bounds(
    ClusterArgs,
    container_insights=OneOf(*CONTAINER_INSIGHTS),
    exec_log_retention_days=RETENTION,
)


class Cluster(pulumi.ComponentResource):
    """An ECS cluster for Fargate services, with Container Insights and a Service Connect namespace.

    The cluster offers FARGATE and FARGATE_SPOT (services pick their own capacity strategy; the default is
    FARGATE), enhanced Container Insights, and a private Cloud Map DNS namespace in the VPC that is the
    cluster's Service Connect default. With `exec_logging`, ECS Exec sessions are logged to a log group
    encrypted with a KMS key that only CloudWatch Logs may use for that group.

    Example:

        cluster = Cluster("shop", {"vpc_id": "vpc-0123456789abcdef0", "exec_logging": True})
        pulumi.export("clusterName", cluster.name)
    """

    arn: pulumi.Output[str]
    """The cluster's ARN."""
    name: pulumi.Output[str]
    """The cluster's name (the component name and a random suffix)."""
    namespace_arn: pulumi.Output[str]
    """The ARN of the Service Connect namespace."""
    namespace_id: pulumi.Output[str]
    """The id of the Service Connect namespace (for Cloud Map services)."""
    namespace_name: pulumi.Output[str]
    """The namespace's DNS name, e.g. "shop.internal"."""
    exec_log_group_name: pulumi.Output[str]
    """The ECS Exec log group's name; "" without `exec_logging`."""
    exec_log_group_arn: pulumi.Output[str]
    """The ECS Exec log group's ARN, for task-role permissions; "" without `exec_logging`."""

    def __init__(self, name: str, args: ClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Cluster, ClusterArgs, name, args, opts)
        base = physical_base("Cluster", name, args.get("physical_name"))
        namespace = args.get("namespace", f"{physical_name(base, 63)}.internal")
        insights = args.get("container_insights", "enhanced")
        exec_logging = args.get("exec_logging", False)
        retention = args.get("exec_log_retention_days", 90)
        _check_args(args, namespace)
        tags = dict(args.get("tags") or {})
        super().__init__("stackyard-aws:index:Cluster", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        def named(suffix: str) -> dict[str, str]:
            return {**tags, "Name": f"{name}-{suffix}" if suffix else name}

        private_namespace = aws.servicediscovery.PrivateDnsNamespace(
            f"{name}-namespace",
            name=namespace,
            vpc=args["vpc_id"],
            description=f"Service Connect namespace of the ECS cluster {name}, managed by stackyard",
            tags=named("namespace"),
            opts=child,
        )

        log_group: aws.cloudwatch.LogGroup | None = None
        configuration: aws.ecs.ClusterConfigurationArgsDict | None = None
        if exec_logging:
            log_group = self._exec_log_group(name, base, retention, named)
            configuration = {
                "execute_command_configuration": {
                    "logging": "OVERRIDE",
                    "log_configuration": {
                        "cloud_watch_log_group_name": log_group.name,
                        "cloud_watch_encryption_enabled": True,
                    },
                }
            }

        cluster = aws.ecs.Cluster(
            name,
            settings=[{"name": "containerInsights", "value": insights}],
            service_connect_defaults={"namespace": private_namespace.arn},
            configuration=configuration,
            tags=named(""),
            opts=child,
        )
        aws.ecs.ClusterCapacityProviders(
            name,
            cluster_name=cluster.name,
            capacity_providers=list(CAPACITY_PROVIDERS),
            default_capacity_provider_strategies=[{"capacity_provider": "FARGATE", "weight": 1, "base": 0}],
            opts=child,
        )

        self.arn = cluster.arn
        self.name = cluster.name
        self.namespace_arn = private_namespace.arn
        self.namespace_id = private_namespace.id
        self.namespace_name = private_namespace.name
        self.exec_log_group_name = log_group.name if log_group else pulumi.Output.from_input("")
        self.exec_log_group_arn = log_group.arn if log_group else pulumi.Output.from_input("")
        self.register_outputs(
            {
                "arn": self.arn,
                "name": self.name,
                "namespace_arn": self.namespace_arn,
                "namespace_id": self.namespace_id,
                "namespace_name": self.namespace_name,
                "exec_log_group_name": self.exec_log_group_name,
                "exec_log_group_arn": self.exec_log_group_arn,
            }
        )

    def _exec_log_group(
        self, name: str, base: str, retention: int, named: Callable[[str], dict[str, str]]
    ) -> aws.cloudwatch.LogGroup:
        """The ECS Exec log group and its KMS key. The key policy keeps the account in charge of the key (as
        AWS's default key policy does) and lets CloudWatch Logs use it for this log group only."""
        invoke = pulumi.InvokeOutputOptions(parent=self)
        group_name = f"/ecs/{physical_name(base, 200)}/exec"
        account = aws.get_caller_identity_output(opts=invoke).account_id
        region = aws.get_region_output(opts=invoke).region
        partition = aws.get_partition_output(opts=invoke).partition
        tags = named("exec-logs")
        key = encryption_key(
            f"{name}-exec-logs",
            f"ECS Exec logs of the cluster {name}",
            self,
            tags,
            policy=pulumi.Output.all(partition, account, region).apply(
                lambda v: _log_key_policy(v[0], v[1], v[2], group_name)
            ),
            alias=f"{base}-exec-logs",
        )
        return aws.cloudwatch.LogGroup(
            f"{name}-exec-logs",
            name=group_name,
            retention_in_days=retention,
            kms_key_id=key.arn,
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self),
        )


def _log_key_policy(partition: str, account: str, region: str, group_name: str) -> str:
    group_arn = f"arn:{partition}:logs:{region}:{account}:log-group:{group_name}"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdministersTheKey",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "CloudWatchLogsUsesTheKeyForTheExecLogGroup",
                    "Effect": "Allow",
                    "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                    "Action": [
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:Describe*",
                    ],
                    "Resource": "*",
                    "Condition": {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": group_arn}},
                },
            ],
        }
    )


def _check_args(args: ClusterArgs, namespace: object) -> None:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    check_bounds("Cluster", ClusterArgs, args)
    if args.get("vpc_id") is None:
        raise ValueError("Cluster vpc_id is required: the VPC of the Service Connect namespace")
    if not (isinstance(namespace, str) and _NAMESPACE.match(namespace)):
        raise ValueError(
            f"Cluster namespace {namespace!r} is not allowed; use a lowercase DNS name such as "
            '"shop.internal"'
        )
    tags = args.get("tags") or {}
    if not isinstance(tags, dict):
        raise ValueError(f"Cluster tags {tags!r} is not allowed; use a dict of name -> value")
