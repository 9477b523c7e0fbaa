"""A Vpc's endpoints and flow logs."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from .iam import assume_role_policy
from .kms import log_encryption_key

INTERFACE_SERVICES = ("ecr.api", "ecr.dkr", "secretsmanager", "logs", "ssm", "sts", "kms")
FLOW_LOG_DESTINATIONS = ("cloudwatch", "s3", "none")


def check(endpoints: list[str], flow_logs: str, bucket_arn: object) -> None:
    unknown = [e for e in endpoints if e not in INTERFACE_SERVICES]
    if unknown:
        raise ValueError(
            f"Vpc interface_endpoints {unknown} is not allowed; use any of {', '.join(INTERFACE_SERVICES)}"
        )
    if flow_logs == "s3" and not bucket_arn:
        raise ValueError('Vpc flow_log_bucket_arn is required with flow_logs "s3"')


def _region(parent: pulumi.Resource) -> str:
    return aws.get_region(opts=pulumi.InvokeOptions(parent=parent)).region


def gateway_endpoint(
    parent: pulumi.Resource,
    name: str,
    vpc: aws.ec2.Vpc,
    tables: list[aws.ec2.RouteTable],
    tags: dict[str, str],
) -> aws.ec2.VpcEndpoint:
    """The S3 gateway endpoint (free), routed from the given tables."""
    return aws.ec2.VpcEndpoint(
        f"{name}-s3",
        vpc_id=vpc.id,
        service_name=f"com.amazonaws.{_region(parent)}.s3",
        vpc_endpoint_type="Gateway",
        route_table_ids=[t.id for t in tables],
        tags={**tags, "Name": f"{name}-s3"},
        opts=pulumi.ResourceOptions(parent=parent),
    )


def interface_endpoints(
    parent: pulumi.Resource,
    name: str,
    vpc: aws.ec2.Vpc,
    subnets: list[aws.ec2.Subnet],
    services: list[str],
    tags: dict[str, str],
) -> list[aws.ec2.VpcEndpoint]:
    """Interface endpoints with private DNS in `subnets`, reachable on 443 from inside the VPC only."""
    if not services:
        return []
    child = pulumi.ResourceOptions(parent=parent)
    group = aws.ec2.SecurityGroup(
        f"{name}-endpoints",
        vpc_id=vpc.id,
        description="Interface endpoints: HTTPS from inside the VPC",
        tags={**tags, "Name": f"{name}-endpoints"},
        opts=child,
    )
    aws.vpc.SecurityGroupIngressRule(
        f"{name}-endpoints-https",
        security_group_id=group.id,
        cidr_ipv4=vpc.cidr_block,
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        description="HTTPS from inside the VPC",
        opts=child,
    )
    region = _region(parent)
    return [
        aws.ec2.VpcEndpoint(
            f"{name}-{service.replace('.', '-')}",
            vpc_id=vpc.id,
            service_name=f"com.amazonaws.{region}.{service}",
            vpc_endpoint_type="Interface",
            private_dns_enabled=True,
            subnet_ids=[s.id for s in subnets],
            security_group_ids=[group.id],
            tags={**tags, "Name": f"{name}-{service}"},
            opts=child,
        )
        for service in services
    ]


def flow_log(
    parent: pulumi.Resource,
    name: str,
    vpc: aws.ec2.Vpc,
    *,
    base: str,
    destination: str,
    retention_days: int,
    bucket_arn: pulumi.Input[str] | None,
    encrypt: bool,
    tags: dict[str, str],
) -> aws.ec2.FlowLog | None:
    """Flow logs of all traffic, to a CloudWatch log group (with its own least-privilege role, encrypted
    with a key of its own when `encrypt`) or S3. `name` is the Vpc's logical name, `base` its physical
    one."""
    if destination == "none":
        return None
    child = pulumi.ResourceOptions(parent=parent)
    if destination == "s3":
        return aws.ec2.FlowLog(
            f"{name}-flow-log",
            vpc_id=vpc.id,
            traffic_type="ALL",
            log_destination_type="s3",
            log_destination=bucket_arn,
            max_aggregation_interval=60,
            tags={**tags, "Name": f"{name}-flow-log"},
            opts=child,
        )
    prefix = f"/vpc/{base}/flow-log-"
    key = (
        log_encryption_key(
            f"{name}-flow-logs",
            "VPC flow logs",
            parent,
            {**tags, "Name": f"{name}-flow-logs"},
            [f"{prefix}*"],
            alias=f"{base}-flow-logs",
        )
        if encrypt
        else None
    )
    group = aws.cloudwatch.LogGroup(
        f"{name}-flow-log",
        name_prefix=prefix,
        retention_in_days=retention_days,
        kms_key_id=key.arn if key is not None else None,
        tags={**tags, "Name": f"{name}-flow-log"},
        opts=child,
    )
    role = aws.iam.Role(
        f"{name}-flow-log",
        assume_role_policy=assume_role_policy("vpc-flow-logs.amazonaws.com"),
        tags={**tags, "Name": f"{name}-flow-log"},
        opts=child,
    )
    policy = aws.iam.RolePolicy(
        f"{name}-flow-log",
        role=role.id,
        policy=group.arn.apply(
            lambda arn: json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": [
                                "logs:CreateLogStream",
                                "logs:PutLogEvents",
                                "logs:DescribeLogStreams",
                            ],
                            "Resource": [arn, f"{arn}:*"],
                        }
                    ],
                }
            )
        ),
        opts=child,
    )
    return aws.ec2.FlowLog(
        f"{name}-flow-log",
        vpc_id=vpc.id,
        traffic_type="ALL",
        log_destination_type="cloud-watch-logs",
        log_destination=group.arn,
        iam_role_arn=role.arn,
        max_aggregation_interval=60,
        tags={**tags, "Name": f"{name}-flow-log"},
        # Delivery starts at once: a role without its policy yet leaves the flow log in "Access error".
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[policy]),
    )
