"""The IAM roles Auto Mode needs: the cluster role (trusting eks.amazonaws.com) with the five Auto Mode
managed policies, and the node role (trusting ec2.amazonaws.com) with the worker node's two."""

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..iam import assume_role_policy
from ..naming import physical_name
from .settings import CLUSTER_POLICIES, NODE_POLICIES, ROLE_PREFIX, _named, _Settings


@dataclass(frozen=True)
class AutoModeRoles:
    """The cluster role and the node role, and their managed policy attachments (the cluster's first)."""

    cluster_role: aws.iam.Role
    node_role: aws.iam.Role
    attachments: list[aws.iam.RolePolicyAttachment]
    """What the cluster waits for: EKS needs the roles' permissions while it creates and deletes it."""


def managed_policy(partition: pulumi.Output[str], policy: str) -> pulumi.Output[str]:
    """The ARN of the AWS managed policy `policy` in the stack's partition."""
    return partition.apply(lambda p: f"arn:{p}:iam::aws:policy/{policy}")


def auto_mode_roles(
    owner: pulumi.Resource, name: str, settings: _Settings, partition: pulumi.Output[str]
) -> AutoModeRoles:
    """The cluster role and the node role, each with its managed policies attached."""
    child = pulumi.ResourceOptions(parent=owner)
    tags = settings.tags
    cluster_role = aws.iam.Role(
        f"{name}-cluster",
        name_prefix=physical_name(f"{settings.base}-eks-cluster", ROLE_PREFIX) + "-",
        description=f"EKS Auto Mode cluster role of {name}, managed by stackyard",
        assume_role_policy=_cluster_trust_policy(),
        tags=_named(tags, name, "cluster"),
        opts=child,
    )
    cluster_attachments = [
        aws.iam.RolePolicyAttachment(
            f"{name}-cluster-{policy}",
            role=cluster_role.name,
            policy_arn=managed_policy(partition, policy),
            opts=child,
        )
        for policy in CLUSTER_POLICIES
    ]
    node_role = aws.iam.Role(
        f"{name}-node",
        name_prefix=physical_name(f"{settings.base}-eks-node", ROLE_PREFIX) + "-",
        description=f"EKS Auto Mode node role of {name}, managed by stackyard",
        assume_role_policy=assume_role_policy("ec2.amazonaws.com"),
        tags=_named(tags, name, "node"),
        opts=child,
    )
    node_attachments = [
        aws.iam.RolePolicyAttachment(
            f"{name}-node-{policy}",
            role=node_role.name,
            policy_arn=managed_policy(partition, policy),
            opts=child,
        )
        for policy in NODE_POLICIES
    ]
    return AutoModeRoles(cluster_role, node_role, [*cluster_attachments, *node_attachments])


def _cluster_trust_policy() -> str:
    """eks.amazonaws.com may assume the cluster role and tag its sessions (Auto Mode needs both)."""
    policy = json.loads(assume_role_policy("eks.amazonaws.com"))
    policy["Statement"][0]["Action"] = ["sts:AssumeRole", "sts:TagSession"]
    return json.dumps(policy)
