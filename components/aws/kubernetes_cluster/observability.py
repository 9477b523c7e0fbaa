"""The pods' logs in CloudWatch (`container_logs`): the Container Insights log groups, and the Amazon
CloudWatch Observability add-on with its IAM role through EKS Pod Identity."""

import json

import pulumi
import pulumi_aws as aws

from ..iam import assume_role_policy
from ..naming import physical_name
from .roles import managed_policy
from .settings import ROLE_PREFIX, _Settings

# Pods' logs on Auto Mode: the Amazon CloudWatch Observability EKS add-on (CloudWatch User Guide, "Install the
# CloudWatch agent with the Amazon CloudWatch Observability EKS add-on"; its compute types include "auto").
# Its Fluent Bit and CloudWatch agent DaemonSets both run as the service account amazon-cloudwatch/
# cloudwatch-agent (aws-observability/helm-charts, charts/amazon-cloudwatch-observability), which gets its
# permissions through EKS Pod Identity (add-on 3.1.0 and later; Auto Mode runs the Pod Identity agent itself,
# EKS User Guide, "Set up the Amazon EKS Pod Identity Agent"). Fluent Bit writes the containers' stdout and
# stderr to /aws/containerinsights/<cluster>/application; the other groups hold node, runtime and
# performance data. Created first, they keep our retention (the add-on creates them without one).
OBSERVABILITY_ADDON = "amazon-cloudwatch-observability"
OBSERVABILITY_SERVICE_ACCOUNT = "cloudwatch-agent"
OBSERVABILITY_POLICY = "CloudWatchAgentServerPolicy"
CONTAINER_INSIGHTS_LOGS = ("application", "dataplane", "host", "performance")


def container_logs(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    cluster: aws.eks.Cluster,
    partition: pulumi.Output[str],
    log_key: pulumi.Output[str] | None,
    after: list[pulumi.Resource],
) -> pulumi.Output[str]:
    """The Container Insights log groups, the add-on's IAM role and the add-on with its Pod Identity
    association. It waits for `after` (the NodePool its pods will run on when the built-in
    general-purpose pool is off). Returns the name of the pods' log group."""
    child = pulumi.ResourceOptions(parent=owner)
    policy_arn = managed_policy(partition, OBSERVABILITY_POLICY)
    tags = settings.tags
    groups = [
        aws.cloudwatch.LogGroup(
            f"{name}-container-insights-{kind}",
            name=f"/aws/containerinsights/{settings.cluster_name}/{kind}",
            retention_in_days=settings.container_log_retention_days,
            kms_key_id=log_key,
            tags={**tags, "Name": f"{name}-container-insights-{kind}"},
            opts=child,
        )
        for kind in CONTAINER_INSIGHTS_LOGS
    ]
    role = aws.iam.Role(
        f"{name}-observability",
        name_prefix=physical_name(f"{settings.base}-eks-observability", ROLE_PREFIX) + "-",
        description=f"CloudWatch Observability add-on of the EKS cluster {name}, managed by stackyard",
        assume_role_policy=_pod_identity_trust_policy(),
        tags={**tags, "Name": f"{name}-observability"},
        opts=child,
    )
    attachment = aws.iam.RolePolicyAttachment(
        f"{name}-observability-{OBSERVABILITY_POLICY}", role=role.name, policy_arn=policy_arn, opts=child
    )
    aws.eks.Addon(
        f"{name}-observability",
        cluster_name=cluster.name,
        addon_name=OBSERVABILITY_ADDON,
        pod_identity_associations=[{"role_arn": role.arn, "service_account": OBSERVABILITY_SERVICE_ACCOUNT}],
        resolve_conflicts_on_create="OVERWRITE",
        resolve_conflicts_on_update="OVERWRITE",
        tags={**tags, "Name": f"{name}-observability"},
        # The log groups first (their retention), the role usable, and a node pool for its controller.
        opts=pulumi.ResourceOptions(parent=owner, depends_on=[*groups, attachment, *after]),
    )
    return groups[0].name


def _pod_identity_trust_policy() -> str:
    """EKS Pod Identity may assume the role and tag its sessions (EKS User Guide, "Create a Pod Identity
    association")."""
    policy = json.loads(assume_role_policy("pods.eks.amazonaws.com"))
    policy["Statement"][0]["Action"] = ["sts:AssumeRole", "sts:TagSession"]
    return json.dumps(policy)
