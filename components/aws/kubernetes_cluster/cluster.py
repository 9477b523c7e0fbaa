"""The EKS cluster in Auto Mode, with the log group of its control-plane logs created first, and what the
cluster's outputs are read with: its kubeconfig and its OIDC issuer."""

import json
from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from .encryption import SecretsKey
from .roles import AutoModeRoles
from .settings import NODE_POOLS, _named, _Settings


def control_plane_log_group(
    owner: pulumi.Resource, name: str, settings: _Settings, log_key: pulumi.Output[str] | None
) -> aws.cloudwatch.LogGroup | None:
    """`/aws/eks/<cluster_name>/cluster` with `log_retention_days`; None without `log_types`."""
    if not settings.log_types:
        return None
    return aws.cloudwatch.LogGroup(
        f"{name}-control-plane",
        name=f"/aws/eks/{settings.cluster_name}/cluster",
        retention_in_days=settings.log_retention_days,
        kms_key_id=log_key,
        tags=_named(settings.tags, name, "control-plane"),
        opts=pulumi.ResourceOptions(parent=owner),
    )


def eks_cluster(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    roles: AutoModeRoles,
    secrets: SecretsKey,
    log_group: aws.cloudwatch.LogGroup | None,
) -> aws.eks.Cluster:
    """The cluster: Auto Mode's compute, load balancing and block storage on, authentication through access
    entries, secrets encrypted, the private endpoint (and the public one for `api_access_cidrs`)."""
    vpc_config: aws.eks.ClusterVpcConfigArgsDict = {
        "subnet_ids": settings.subnet_ids,
        "endpoint_private_access": True,
        "endpoint_public_access": bool(settings.api_access_cidrs),
    }
    if settings.api_access_cidrs:
        vpc_config["public_access_cidrs"] = settings.api_access_cidrs
    return aws.eks.Cluster(
        name,
        name=settings.cluster_name,
        version=settings.kubernetes_version,
        role_arn=roles.cluster_role.arn,
        vpc_config=vpc_config,
        access_config={
            "authentication_mode": "API",
            "bootstrap_cluster_creator_admin_permissions": True,
        },
        bootstrap_self_managed_addons=False,
        compute_config={
            "enabled": True,
            "node_pools": ["system"] if settings.network_policies else list(NODE_POOLS),
            "node_role_arn": roles.node_role.arn,
        },
        kubernetes_network_config={"elastic_load_balancing": {"enabled": True}},
        storage_config={"block_storage": {"enabled": True}},
        encryption_config={"provider": {"key_arn": secrets.key_arn}, "resources": ["secrets"]},
        enabled_cluster_log_types=list(settings.log_types),
        deletion_protection=settings.deletion_protection,
        tags=_named(settings.tags, name, ""),
        # EKS needs the roles' permissions while it creates and deletes the cluster (provider docs), and
        # the log group first so it keeps our retention.
        opts=pulumi.ResourceOptions(
            parent=owner,
            protect=settings.protect,
            depends_on=[
                *roles.attachments,
                secrets.grant,
                *([log_group] if log_group else []),
            ],
        ),
    )


def kubeconfig(cluster_name: str, endpoint: str, certificate_authority: str, region: str) -> str:
    """A kubeconfig for one EKS cluster whose user gets a token from `aws eks get-token`."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {
                    "name": cluster_name,
                    "cluster": {"server": endpoint, "certificate-authority-data": certificate_authority},
                }
            ],
            "contexts": [{"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}],
            "current-context": cluster_name,
            "users": [
                {
                    "name": cluster_name,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "aws",
                            "args": [
                                "eks",
                                "get-token",
                                "--cluster-name",
                                cluster_name,
                                "--region",
                                region,
                                "--output",
                                "json",
                            ],
                        }
                    },
                }
            ],
        },
        indent=2,
    )


def _oidc_issuer(identities: Sequence[Any] | None) -> str:
    for identity in identities or []:
        for oidc in identity.oidcs or []:
            if oidc.issuer:
                return oidc.issuer
    return ""
