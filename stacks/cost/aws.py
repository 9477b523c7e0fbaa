"""How each AWS resource type the components create turns into monthly cost lines.

A type is priced by a rule (`RULES`), free with a stated reason (`FREE`), or, like every type in neither,
"not priced" in the estimate. The lines use the price table's items (`stacks/cost/prices/aws.json`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .context import Context, Outcome, Resource, Rule, free, not_priced
from .model import HOURS_PER_MONTH, Line

H = HOURS_PER_MONTH
ON_DEMAND = "FARGATE"
SPOT = "FARGATE_SPOT"

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "aws:ec2/vpc:Vpc",
            "aws:ec2/subnet:Subnet",
            "aws:ec2/routeTable:RouteTable",
            "aws:ec2/route:Route",
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            "aws:ec2/internetGateway:InternetGateway",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            "aws:ec2/networkInterface:NetworkInterface",
        ),
        "network configuration: no charge of its own",
    ),
    **dict.fromkeys(
        (
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/policy:Policy",
            "aws:iam/instanceProfile:InstanceProfile",
        ),
        "IAM has no charge",
    ),
    **dict.fromkeys(
        (
            "aws:rds/parameterGroup:ParameterGroup",
            "aws:rds/subnetGroup:SubnetGroup",
            "aws:elasticache/parameterGroup:ParameterGroup",
            "aws:elasticache/subnetGroup:SubnetGroup",
        ),
        "configuration of the database or cache, which is priced",
    ),
    **dict.fromkeys(
        (
            "aws:lb/listener:Listener",
            "aws:lb/listenerRule:ListenerRule",
            "aws:lb/targetGroup:TargetGroup",
        ),
        "part of the load balancer, which is priced (hours and LCUs)",
    ),
    **dict.fromkeys(
        (
            "aws:acm/certificate:Certificate",
            "aws:acm/certificateValidation:CertificateValidation",
        ),
        "public ACM certificates have no charge",
    ),
    **dict.fromkeys(
        (
            "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketVersioning:BucketVersioning",
            "aws:s3/bucketLogging:BucketLogging",
        ),
        "configuration of the bucket, whose storage and requests are priced",
    ),
    **dict.fromkeys(
        (
            "aws:appautoscaling/policy:Policy",
            "aws:appautoscaling/target:Target",
            "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
            "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        ),
        "configuration with no charge (the tasks it scales or places are priced)",
    ),
    "aws:ecs/taskDefinition:TaskDefinition": (
        "priced through the service or schedule that runs it (Fargate vCPU and GB)"
    ),
    "aws:ecs/cluster:Cluster": (
        "ECS has no charge for the cluster; Container Insights metrics are billed as CloudWatch usage "
        "(not modelled)"
    ),
    "aws:secretsmanager/secretVersion:SecretVersion": "included in the secret's monthly price",
    "aws:kms/alias:Alias": "aliases have no charge",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": "metric filters have no charge",
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": "configuration of the log delivery",
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": "configuration of the log delivery",
    "aws:wafv2/webAclAssociation:WebAclAssociation": "configuration of the web ACL, which is priced",
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": (
        "configuration of the web ACL; its logs are priced as the log group's ingestion and storage"
    ),
    "aws:cloudfront/originAccessControl:OriginAccessControl": "CloudFront configuration: no charge",
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": "CloudFront configuration: no charge",
    "aws:route53/record:Record": (
        "queries to alias records of AWS resources are free; other queries ($0.40 per million) are "
        "negligible here and not modelled"
    ),
    "aws:sns/topic:Topic": "no fixed charge; alarm notifications (a few emails) are not modelled",
    "aws:sns/topicPolicy:TopicPolicy": "configuration of the topic",
    "aws:sns/topicSubscription:TopicSubscription": "email subscriptions have no charge of their own",
    "aws:eks/addon:Addon": (
        "add-ons have no charge; the logs and metrics they send are billed as CloudWatch usage"
    ),
    "aws:eks/accessEntry:AccessEntry": "configuration of the cluster",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": "configuration of the cluster",
}

NOT_PRICED: dict[str, str] = {
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (
        "usage-billed: the replicated backups are stored in the destination region and the transfer between "
        "regions is billed per GB; neither price is in the table"
    ),
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": (
        "usage-billed: replicated data is billed per GB transferred between regions; not in the table "
        "(the destination bucket's storage is priced as a bucket)"
    ),
    "aws:cloudwatch/logDelivery:LogDelivery": (
        "usage-billed: vended log delivery (CloudFront access logs) is billed per GB delivered; "
        "not in the table"
    ),
    "aws:cloudfront/function:Function": (
        "usage-billed per million invocations (one per viewer request); no price in the table"
    ),
}

RULES: dict[str, Rule] = {}


def rule(*types: str):
    def register(function: Rule) -> Rule:
        for type_ in types:
            RULES[type_] = function
        return function

    return register


# ------------------------------------------------------------------ network


@rule("aws:ec2/natGateway:NatGateway")
def nat_gateway(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "nat_gateway")
    return Outcome(
        [
            ctx.fixed("NAT gateway", H, "hours", "ec2.nat_gateway.hour"),
            ctx.use(
                "Data processed",
                usage["data_processed_gb"],
                "GB",
                "ec2.nat_gateway.gb",
                "nat_gateway.data_processed_gb",
            ),
        ]
    )


@rule("aws:ec2/eip:Eip")
def elastic_ip(r: Resource, ctx: Context) -> Outcome:
    return Outcome([ctx.fixed("Public IPv4 address", H, "hours", "ec2.public_ipv4.hour")])


@rule("aws:ec2/vpcEndpoint:VpcEndpoint")
def vpc_endpoint(r: Resource, ctx: Context) -> Outcome:
    kind = str(r.get("vpcEndpointType", "Gateway"))
    if kind == "Gateway":
        return free("gateway endpoints (S3, DynamoDB) have no charge")
    if kind != "Interface":
        return not_priced(f"a {kind} endpoint; only interface endpoints are in the table")
    zones = len(r.get("subnetIds", [])) or 1
    usage = ctx.usage_of(r, "vpc_endpoint")
    return Outcome(
        [
            ctx.fixed(
                f"Interface endpoint ({zones} zones)",
                zones * H,
                "endpoint-AZ-hours",
                "vpc.interface_endpoint.az_hour",
            ),
            ctx.use(
                "Data processed",
                usage["data_processed_gb"],
                "GB",
                "vpc.interface_endpoint.gb",
                "vpc_endpoint.data_processed_gb",
            ),
        ]
    )


@rule("aws:ec2/flowLog:FlowLog")
def flow_log(r: Resource, ctx: Context) -> Outcome:
    if r.get("logDestinationType", "cloud-watch-logs") == "cloud-watch-logs":
        return free("its records are billed as ingestion and storage of its log group, priced there")
    return not_priced(
        "flow logs delivered to S3 or Firehose are billed per GB as vended logs; not in the table"
    )


@rule("aws:ec2/instance:Instance")
def ec2_instance(r: Resource, ctx: Context) -> Outcome:
    type_ = str(r.get("instanceType", "?"))
    if r.get("instanceMarketOptions.marketType") == "spot":
        return not_priced(f"a Spot {type_} instance; Spot prices are not in the table")
    size = float(r.get("rootBlockDevice.volumeSize", 8))
    volume = str(r.get("rootBlockDevice.volumeType", "gp3"))
    lines = [
        ctx.fixed(f"Instance ({type_}, on-demand)", H, "hours", f"ec2.instance.{type_}.hour"),
        ctx.fixed(f"Root volume ({volume})", size, "GB-months", f"ec2.ebs.{volume}.gb_month"),
    ]
    if r.get("associatePublicIpAddress"):
        lines.append(ctx.fixed("Public IPv4 address", H, "hours", "ec2.public_ipv4.hour"))
    return Outcome(lines)


@rule("aws:ebs/volume:Volume")
def ebs_volume(r: Resource, ctx: Context) -> Outcome:
    volume = str(r.get("type", "gp3"))
    return Outcome(
        [ctx.fixed(f"Volume ({volume})", float(r.get("size", 0)), "GB-months", f"ec2.ebs.{volume}.gb_month")]
    )


# ------------------------------------------------------------------ load balancing


@rule("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
def load_balancer(r: Resource, ctx: Context) -> Outcome:
    kind = str(r.get("loadBalancerType", "application"))
    if kind not in ("application", "network"):
        return not_priced(f"a {kind} load balancer; not in the table")
    zones = len(r.get("subnets", [])) or len(r.get("subnetMappings", [])) or 2
    return Outcome(load_balancer_lines(r, ctx, kind, zones, public=not r.get("internal", False)))


def load_balancer_lines(r: Resource, ctx: Context, kind: str, zones: int, public: bool) -> list[Line]:
    usage = ctx.usage_of(r, "load_balancer")
    lines = [ctx.fixed(f"{kind.capitalize()} load balancer", H, "hours", f"elb.{kind}.hour")]
    if public:
        lines.append(
            ctx.fixed(
                f"Public IPv4 addresses ({zones}, one per zone)",
                zones * H,
                "hours",
                "ec2.public_ipv4.hour",
                note="at least one per zone; a busy load balancer adds nodes",
            )
        )
    lines.append(
        ctx.use(
            "Load balancer capacity units",
            usage["lcu"] * H,
            "LCU-hours",
            f"elb.{kind}.lcu_hour",
            "load_balancer.lcu",
        )
    )
    return lines


# ------------------------------------------------------------------ data


def _rds_source(r: Resource, ctx: Context) -> Resource | None:
    """The primary a read replica copies (`replicateSourceDb` is its identifier or ARN)."""
    source = r.get("replicateSourceDb")
    if not source:
        return None
    identifier = str(source).rsplit(":", 1)[-1]
    for other in ctx.of_type("aws:rds/instance:Instance"):
        if other.get("identifier") == identifier or other.id == identifier:
            return other
    return None


@rule("aws:rds/instance:Instance")
def rds_instance(r: Resource, ctx: Context) -> Outcome:
    source = _rds_source(r, ctx)
    inherited = source.inputs if source is not None else {}
    engine = str(r.get("engine") or inherited.get("engine") or "postgres")
    instance_class = str(r.get("instanceClass", "?"))
    multi_az = bool(r.get("multiAz", False))
    factor = ctx.table.rule("rds_multi_az_factor") if multi_az else 1.0
    deployment = "Multi-AZ" if multi_az else "Single-AZ"
    storage_type = str(r.get("storageType") or inherited.get("storageType") or "gp2")
    storage_gb = float(r.get("allocatedStorage") or inherited.get("allocatedStorage") or 0)
    storage_item = f"rds.storage.{storage_type}.gb_month"
    usage = ctx.usage_of(r, "database")
    role = "read replica, " if source is not None or r.get("replicateSourceDb") else ""
    lines = [
        ctx.fixed(
            f"Database instance ({role}{instance_class}, {deployment})",
            H * factor,
            "hours",
            f"rds.{engine}.{instance_class}.hour",
            note="Multi-AZ: the primary and its standby" if multi_az else "",
        ),
        ctx.fixed(f"Storage ({storage_type}, {deployment})", storage_gb * factor, "GB-months", storage_item),
    ]
    iops = r.get("iops")
    if storage_type in ("io1", "io2") and iops:
        lines.append(
            ctx.fixed(
                "Provisioned IOPS", float(iops) * factor, "IOPS-months", f"rds.iops.{storage_type}.month"
            )
        )
    lines += [
        ctx.use(
            "Storage growth (autoscaling)",
            usage["storage_growth_gb"] * factor,
            "GB-months",
            storage_item,
            "database.storage_growth_gb",
        ),
        ctx.use(
            "Backup storage above the free allowance",
            usage["backup_storage_gb"],
            "GB-months",
            "rds.backup.gb_month",
            "database.backup_storage_gb",
        ),
    ]
    return Outcome(lines)


@rule("aws:elasticache/replicationGroup:ReplicationGroup")
def cache_replication_group(r: Resource, ctx: Context) -> Outcome:
    node_groups = r.get("numNodeGroups")
    if node_groups:
        nodes = int(node_groups) * (1 + int(r.get("replicasPerNodeGroup", 0)))
    else:
        nodes = int(r.get("numCacheClusters", 1))
    return Outcome(_cache_lines(r, ctx, nodes))


@rule("aws:elasticache/cluster:Cluster")
def cache_cluster(r: Resource, ctx: Context) -> Outcome:
    return Outcome(_cache_lines(r, ctx, int(r.get("numCacheNodes", 1))))


def _cache_lines(r: Resource, ctx: Context, nodes: int) -> list[Line]:
    engine = str(r.get("engine", "redis"))
    node_type = str(r.get("nodeType", "?"))
    usage = ctx.usage_of(r, "cache")
    return [
        ctx.fixed(
            f"Cache nodes ({nodes} x {node_type}, {engine})",
            nodes * H,
            "node-hours",
            f"elasticache.{engine}.{node_type}.hour",
        ),
        ctx.use(
            "Backup storage above the free allowance",
            usage["backup_storage_gb"],
            "GB-months",
            "elasticache.backup.gb_month",
            "cache.backup_storage_gb",
        ),
    ]


@rule("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
def bucket(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "bucket")
    return Outcome(
        [
            ctx.use(
                "Storage (Standard)",
                usage["storage_gb"],
                "GB-months",
                "s3.standard.gb_month",
                "bucket.storage_gb",
            ),
            ctx.use(
                "PUT, COPY, POST, LIST requests",
                usage["put_requests_1k"],
                "1k requests",
                "s3.put_requests.1k",
                "bucket.put_requests_1k",
            ),
            ctx.use(
                "GET and other requests",
                usage["get_requests_1k"],
                "1k requests",
                "s3.get_requests.1k",
                "bucket.get_requests_1k",
            ),
        ]
    )


@rule("aws:ecr/repository:Repository")
def ecr_repository(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "container_registry")
    return Outcome(
        [
            ctx.use(
                "Image storage",
                usage["storage_gb"],
                "GB-months",
                "ecr.storage.gb_month",
                "container_registry.storage_gb",
            )
        ]
    )


# ------------------------------------------------------------------ containers


def _task_definitions(ctx: Context) -> dict[str, Resource]:
    return {str(t.get("family")): t for t in ctx.of_type("aws:ecs/taskDefinition:TaskDefinition")}


def _family(task_definition_arn: Any) -> str:
    """`arn:aws:ecs:…:task-definition/shop-api:3` → `shop-api`."""
    tail = str(task_definition_arn).rsplit("/", 1)[-1]
    return tail.split(":", 1)[0]


def _task_size(task: Resource) -> tuple[float, float, str]:
    """(vCPU, GB, architecture) of a Fargate task definition (`cpu` in CPU units, `memory` in MiB)."""
    vcpu = float(task.get("cpu", 256)) / 1024
    memory = float(task.get("memory", 512)) / 1024
    arch = str(task.get("runtimePlatform.cpuArchitecture", "X86_64"))
    return vcpu, memory, "linux_arm" if arch == "ARM64" else "linux_x86"


def _split(strategies: list[Mapping[str, Any]], tasks: float) -> dict[str, float]:
    """How many of `tasks` each capacity provider runs: each provider's `base` first, the rest by `weight`."""
    if not strategies:
        return {ON_DEMAND: tasks}
    counts: dict[str, float] = {}
    remaining = tasks
    for strategy in strategies:
        base = min(float(strategy.get("base", 0) or 0), remaining)
        if base:
            counts[strategy["capacityProvider"]] = counts.get(strategy["capacityProvider"], 0) + base
            remaining -= base
    weights = {s["capacityProvider"]: float(s.get("weight", 0) or 0) for s in strategies}
    total = sum(weights.values())
    if remaining and total:
        for provider, weight in weights.items():
            counts[provider] = counts.get(provider, 0) + remaining * weight / total
    return {provider: count for provider, count in counts.items() if count}


def _fargate_lines(
    ctx: Context,
    task: Resource,
    tasks_by_provider: dict[str, float],
    hours: float,
    kind: str,
    usage_key: str | None,
) -> list[Line]:
    vcpu, memory, platform = _task_size(task)
    lines: list[Line] = []
    for provider, tasks in tasks_by_provider.items():
        if provider not in (ON_DEMAND, SPOT):
            continue
        prefix = "fargate_spot" if provider == SPOT else "fargate"
        label = "Fargate Spot" if provider == SPOT else "Fargate"
        platform_label = "ARM" if platform == "linux_arm" else "x86"
        count = f"{tasks:g} task{'s' if tasks != 1 else ''}"
        for what, size, unit, item in (
            ("vCPU", vcpu, "vCPU-hours", f"{prefix}.{platform}.vcpu_hour"),
            ("Memory", memory, "GB-hours", f"{prefix}.{platform}.gb_hour"),
        ):
            name = f"{label} {what} ({count} x {size:g} {what if what == 'vCPU' else 'GB'}, {platform_label})"
            quantity = tasks * size * hours
            if kind == "fixed":
                lines.append(ctx.fixed(name, quantity, unit, item))
            else:
                lines.append(ctx.use(name, quantity, unit, item, usage_key or ""))
    return lines


@rule("aws:ecs/service:Service")
def ecs_service(r: Resource, ctx: Context) -> Outcome:
    task = _task_definitions(ctx).get(_family(r.get("taskDefinition", "")))
    if task is None:
        return not_priced("its task definition is not in the plan")
    strategies = list(r.get("capacityProviderStrategies", []))
    if not strategies and r.get("launchType", "FARGATE") != "FARGATE":
        return not_priced("runs on EC2 capacity, which is priced with its instances")
    tasks = float(r.get("desiredCount", 1))
    resource_id = f"/{r.get('name')}"
    ranges = [
        target
        for target in ctx.of_type("aws:appautoscaling/target:Target")
        if str(target.get("resourceId", "")).endswith(resource_id)
    ]
    for target in ranges:
        tasks = max(tasks, float(target.get("minCapacity", 0)))
    if tasks == 0 and ranges and all(float(t.get("maxCapacity", 0)) == 0 for t in ranges):
        # components.aws.ContainerService before the first push (`image_tag` "bootstrap").
        return free(
            "runs no task until its first image is deployed (image_tag bootstrap); Fargate is billed from "
            "then on, for scale.min tasks and more"
        )
    split = _split(strategies, tasks)
    lines = _fargate_lines(ctx, task, split, H, "fixed", None)
    others = sorted(set(split) - {ON_DEMAND, SPOT})
    if others:
        return not_priced(f"tasks on {', '.join(others)} are priced with that capacity", lines)
    note = (
        "Fargate Spot: AWS may stop a task with a two-minute warning; the service starts a replacement"
        if SPOT in split
        else ""
    )
    return Outcome(lines, note=note)


def runs_per_month(expression: str) -> float | None:
    """How often an EventBridge Scheduler expression fires in a month; None for one it cannot read."""
    rate = re.fullmatch(r"rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)", expression.strip())
    if rate:
        every = int(rate.group(1)) * {"m": 1 / 60, "h": 1.0, "d": 24.0}[rate.group(2)[0]]
        return H / every
    if expression.strip().startswith("at("):
        return 0.0
    cron = re.fullmatch(r"cron\((.+)\)", expression.strip())
    if not cron:
        return None
    fields = cron.group(1).split()
    if len(fields) != 6:
        return None
    minute, hour, day, month, weekday, _year = fields
    counts = [_count(minute, 60), _count(hour, 24)]
    if any(c is None for c in counts):
        return None
    per_day = math.prod(c for c in counts if c is not None)
    days = 365 / 12
    if weekday not in ("*", "?"):
        weekdays = _count(weekday.split("#")[0], 7)
        if weekdays is None:
            return None
        days = weekdays * 365 / 12 / 7
    elif day not in ("*", "?"):
        month_days = _count(day, 31)
        if month_days is None:
            return None
        days = month_days
    months = _count(month, 12)
    if months is None:
        return None
    return per_day * days * months / 12


_CRON_NAMES = {
    name: str(number)
    for names in (
        ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"),
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
    )
    for number, name in enumerate(names, start=1)
}


def _count(field: str, size: int) -> int | None:
    """How many values a cron field matches, out of `size`."""
    total = 0
    field = re.sub(r"[A-Za-z]{3}", lambda m: _CRON_NAMES.get(m.group(0).upper(), m.group(0)), field)
    for part in field.split(","):
        if part in ("*", "?"):
            total += size
        elif re.fullmatch(r"(\*|\d+)/\d+", part):
            start, step = part.split("/")
            first = 0 if start == "*" else int(start)
            total += len(range(first, size, int(step)))
        elif re.fullmatch(r"\d+-\d+", part):
            low, high = (int(x) for x in part.split("-"))
            total += high - low + 1
        elif re.fullmatch(r"[0-9A-Za-z]+", part):
            total += 1
        else:
            return None
    return total


@rule("aws:scheduler/schedule:Schedule")
def schedule(r: Resource, ctx: Context) -> Outcome:
    ecs = r.get("target.ecsParameters")
    if not isinstance(ecs, Mapping):
        return free("invocations: $1.00 per million after 14 million free a month (not modelled)")
    task = _task_definitions(ctx).get(_family(ecs.get("taskDefinitionArn", "")))
    if task is None:
        return not_priced("the task definition it runs is not in the plan")
    runs = runs_per_month(str(r.get("scheduleExpression", "")))
    if runs is None:
        return not_priced(f"cannot read the schedule {r.get('scheduleExpression')!r}")
    usage = ctx.usage_of(r, "scheduled_task")
    hours = runs * usage["minutes_per_run"] / 60
    tasks = float(ecs.get("taskCount", 1))
    split = _split(list(ecs.get("capacityProviderStrategies", [])), tasks)
    lines = _fargate_lines(ctx, task, split, hours, "usage", "scheduled_task.minutes_per_run")
    return Outcome(
        lines,
        note=f"{runs:g} runs a month of {usage['minutes_per_run']:g} minutes each",
    )


@rule("aws:eks/cluster:Cluster")
def eks_cluster(r: Resource, ctx: Context) -> Outcome:
    return Outcome(
        [ctx.fixed("EKS cluster (standard support)", H, "hours", "eks.cluster.hour")],
        note=(
            "Auto Mode nodes (EC2 instances and their management fee) are chosen at run time and priced with "
            "the workloads (not priced)"
            if r.get("computeConfig.enabled")
            else ""
        ),
    )


@rule("aws:lambda/function:Function")
def lambda_function(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "function")
    arch = "arm" if "arm64" in r.get("architectures", []) else "x86"
    memory_gb = float(r.get("memorySize", 128)) / 1024
    requests = usage["requests_million"]
    return Outcome(
        [
            ctx.use(
                "Requests", requests, "1M requests", "lambda.requests.million", "function.requests_million"
            ),
            ctx.use(
                f"Duration ({memory_gb * 1024:g} MB, {arch})",
                requests * 1e6 * usage["duration_ms"] / 1000 * memory_gb,
                "GB-seconds",
                f"lambda.{arch}.gb_second",
                "function.duration_ms",
            ),
        ]
    )


# ------------------------------------------------------------------ security, secrets, monitoring


@rule("aws:kms/key:Key")
def kms_key(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "kms_key")
    return Outcome(
        [
            ctx.fixed("Customer managed key", 1, "key-months", "kms.key.month"),
            ctx.use(
                "Requests", usage["requests_10k"], "10k requests", "kms.requests.10k", "kms_key.requests_10k"
            ),
        ]
    )


@rule("aws:secretsmanager/secret:Secret")
def secret(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "secret")
    return Outcome(
        [
            ctx.fixed("Secret", 1, "secret-months", "secretsmanager.secret.month"),
            ctx.use(
                "API requests",
                usage["requests_10k"],
                "10k requests",
                "secretsmanager.requests.10k",
                "secret.requests_10k",
            ),
        ]
    )


@rule("aws:cloudwatch/metricAlarm:MetricAlarm")
def metric_alarm(r: Resource, ctx: Context) -> Outcome:
    queries = [q for q in r.get("metricQueries", []) if isinstance(q, Mapping)]
    metrics = [q for q in queries if q.get("metric")] if queries else []
    count = len(metrics) if queries else 1
    periods = [float(q["metric"].get("period", 60)) for q in metrics] or [float(r.get("period", 60))]
    resolution = "high_resolution" if min(periods) < 60 else "standard"
    if any("ANOMALY_DETECTION_BAND" in str(q.get("expression", "")) for q in queries):
        count *= 3
    label = "high-resolution" if resolution == "high_resolution" else "standard resolution"
    return Outcome(
        [
            ctx.fixed(
                f"Alarm metrics ({count}, {label})",
                count,
                "alarm metric-months",
                f"cloudwatch.alarm.{resolution}.metric_month",
            )
        ]
    )


@rule("aws:cloudwatch/dashboard:Dashboard")
def dashboard(r: Resource, ctx: Context) -> Outcome:
    return Outcome([ctx.fixed("Dashboard", 1, "dashboard-months", "cloudwatch.dashboard.month")])


@rule("aws:cloudwatch/logGroup:LogGroup")
def log_group(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "log_group")
    return Outcome(
        [
            ctx.use(
                "Data ingested",
                usage["ingested_gb"],
                "GB",
                "cloudwatch.logs.ingested_gb",
                "log_group.ingested_gb",
            ),
            ctx.use(
                f"Storage ({r.get('retentionInDays', 'unlimited')} days' retention)",
                usage["stored_gb"],
                "GB-months",
                "cloudwatch.logs.stored_gb_month",
                "log_group.stored_gb",
            ),
        ]
    )


@rule("aws:wafv2/webAcl:WebAcl")
def web_acl(r: Resource, ctx: Context) -> Outcome:
    rules = len(r.get("rules", []))
    usage = ctx.usage_of(r, "waf")
    return Outcome(
        [
            ctx.fixed("Web ACL", 1, "web ACL-months", "wafv2.web_acl.month"),
            ctx.fixed(f"Rules and managed rule groups ({rules})", rules, "rule-months", "wafv2.rule.month"),
            ctx.use(
                "Requests",
                usage["requests_million"],
                "1M requests",
                "wafv2.requests.million",
                "waf.requests_million",
            ),
        ]
    )


@rule("aws:route53/healthCheck:HealthCheck")
def health_check(r: Resource, ctx: Context) -> Outcome:
    kind = str(r.get("type", "HTTP"))
    features = []
    if kind.startswith("HTTPS"):
        features.append("HTTPS")
    if kind.endswith("STR_MATCH"):
        features.append("string matching")
    if int(r.get("requestInterval", 30)) < 30:
        features.append("fast interval")
    if r.get("measureLatency"):
        features.append("latency measurement")
    lines = [
        ctx.fixed("Health check (AWS endpoint)", 1, "health check-months", "route53.health_check.aws.month")
    ]
    if features:
        lines.append(
            ctx.fixed(
                f"Optional features ({', '.join(features)})",
                len(features),
                "feature-months",
                "route53.health_check.aws_feature.month",
            )
        )
    return Outcome(lines, note="priced as a check of an AWS endpoint (the stack's own load balancer or CDN)")


@rule("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")
def private_namespace(r: Resource, ctx: Context) -> Outcome:
    return Outcome(
        [ctx.fixed("Private hosted zone of the namespace", 1, "zone-months", "route53.hosted_zone.month")],
        note="Cloud Map creates a Route 53 private hosted zone for the namespace",
    )


@rule("aws:route53/zone:Zone")
def hosted_zone(r: Resource, ctx: Context) -> Outcome:
    return Outcome([ctx.fixed("Hosted zone", 1, "zone-months", "route53.hosted_zone.month")])


@rule("aws:cloudfront/distribution:Distribution")
def distribution(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "cdn")
    india = (ctx.region or "").startswith("ap-south")
    area = "india" if india else "us_eu"
    label = "India" if india else "US, Canada, Europe"
    return Outcome(
        [
            ctx.use(
                f"Data out to viewers ({label}, first 10 TB)",
                usage["data_out_gb"],
                "GB",
                f"cloudfront.data_out.{area}.gb",
                "cdn.data_out_gb",
            ),
            ctx.use(
                f"HTTPS requests ({label})",
                usage["https_requests_10k"],
                "10k requests",
                f"cloudfront.https_requests.{area}.10k",
                "cdn.https_requests_10k",
            ),
        ],
        note="viewers assumed near the stack's region; CloudFront bills by the edge location serving them",
    )
