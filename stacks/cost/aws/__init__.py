"""How each AWS resource type the components create turns into monthly cost lines.

A type is priced by a rule (`RULES`), free with a stated reason (`FREE`), or, like every type in neither,
"not priced" in the estimate. The lines use the price table's items (`stacks/cost/prices/aws.json`).

Each family of services has its module, with its own `FREE`, `NOT_PRICED` and `RULES`, which this package
assembles: `network` (the VPC, NAT gateways, elastic IPs, endpoints, flow logs), `compute` (EC2 and EBS,
ECR, ECS on Fargate and its schedules, EKS, Lambda), `data` (RDS, ElastiCache, S3), `edge` (load
balancers, ACM, WAF, Route 53 and Cloud Map, CloudFront), `observability` (CloudWatch, SNS) and `security`
(IAM, KMS, Secrets Manager). `common` holds what they share.
"""

from __future__ import annotations

from ..context import Rule, merged
from . import compute, data, edge, network, observability, security
from .common import ON_DEMAND, SPOT, H, registrar

# The old module's private names stay importable from here.
from .compute import _CRON_NAMES as _CRON_NAMES
from .compute import _count as _count
from .compute import _family as _family
from .compute import _fargate_lines as _fargate_lines
from .compute import _split as _split
from .compute import _task_definitions as _task_definitions
from .compute import _task_size as _task_size
from .compute import (
    ebs_volume,
    ec2_instance,
    ecr_repository,
    ecs_service,
    eks_cluster,
    lambda_function,
    runs_per_month,
    schedule,
)
from .data import _cache_lines as _cache_lines
from .data import _rds_source as _rds_source
from .data import bucket, cache_cluster, cache_replication_group, rds_instance
from .edge import (
    distribution,
    health_check,
    hosted_zone,
    load_balancer,
    load_balancer_lines,
    private_namespace,
    web_acl,
)
from .network import elastic_ip, flow_log, nat_gateway, vpc_endpoint
from .observability import dashboard, log_group, metric_alarm
from .security import kms_key, secret

FAMILIES = (network, compute, data, edge, observability, security)

FREE: dict[str, str] = merged(FAMILIES, "FREE")
NOT_PRICED: dict[str, str] = merged(FAMILIES, "NOT_PRICED")
RULES: dict[str, Rule] = merged(FAMILIES, "RULES")
rule = registrar(RULES)

__all__ = [
    "FAMILIES",
    "FREE",
    "NOT_PRICED",
    "ON_DEMAND",
    "RULES",
    "SPOT",
    "H",
    "bucket",
    "cache_cluster",
    "cache_replication_group",
    "dashboard",
    "distribution",
    "ebs_volume",
    "ec2_instance",
    "ecr_repository",
    "ecs_service",
    "eks_cluster",
    "elastic_ip",
    "flow_log",
    "health_check",
    "hosted_zone",
    "kms_key",
    "lambda_function",
    "load_balancer",
    "load_balancer_lines",
    "log_group",
    "metric_alarm",
    "nat_gateway",
    "private_namespace",
    "rds_instance",
    "rule",
    "runs_per_month",
    "schedule",
    "secret",
    "vpc_endpoint",
    "web_acl",
]
