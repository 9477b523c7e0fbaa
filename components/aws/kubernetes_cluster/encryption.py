"""The KMS keys: the one that envelope-encrypts Kubernetes secrets (`kms_key_arn`, or a new one) with the
cluster role's grant on it, and the one of the cluster's log groups (`encrypt_logs`)."""

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..kms import encryption_key, log_encryption_key
from .settings import KubernetesClusterArgs, _Settings

# What the cluster role needs on the secrets key (EKS "Encrypt Kubernetes secrets with KMS"; the same set as
# terraform-aws-modules/eks's cluster encryption policy).
SECRETS_KEY_ACTIONS = ("kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey")


@dataclass(frozen=True)
class SecretsKey:
    """The key of Kubernetes secrets and the cluster role's grant on it (which the cluster waits for)."""

    key_arn: pulumi.Input[str]
    grant: aws.iam.RolePolicy


def secrets_key(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    args: KubernetesClusterArgs,
    cluster_role: aws.iam.Role,
) -> SecretsKey:
    """`kms_key_arn`, or a new customer-managed key, and the cluster role's policy on it."""
    given_key = args.get("kms_key_arn")
    key_arn: pulumi.Input[str] = (
        given_key
        if given_key is not None
        else encryption_key(
            f"{name}-eks",
            f"Kubernetes secrets of the EKS cluster {name}",
            owner,
            settings.tags,
            settings.protect,
            alias=f"{settings.base}-eks",
        ).arn
    )
    key_grant = aws.iam.RolePolicy(
        f"{name}-cluster-secrets-key",
        role=cluster_role.id,
        policy=pulumi.Output.from_input(key_arn).apply(_secrets_key_policy),
        opts=pulumi.ResourceOptions(parent=owner),
    )
    return SecretsKey(key_arn, key_grant)


def logs_key(owner: pulumi.Resource, name: str, settings: _Settings) -> pulumi.Output[str] | None:
    """With `encrypt_logs`, the key of the control plane's and Container Insights' log groups (those the
    arguments turn on); None without it or without any of those groups."""
    groups = ([f"/aws/eks/{settings.cluster_name}/cluster"] if settings.log_types else []) + (
        [f"/aws/containerinsights/{settings.cluster_name}/*"] if settings.container_logs else []
    )
    if settings.encrypt_logs and groups:
        return log_encryption_key(
            f"{name}-eks-logs",
            f"Logs of the EKS cluster {name}",
            owner,
            settings.tags,
            groups,
            alias=f"{settings.base}-eks-logs",
        ).arn
    return None


def _secrets_key_policy(key_arn: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "EncryptKubernetesSecrets",
                    "Effect": "Allow",
                    "Action": list(SECRETS_KEY_ACTIONS),
                    "Resource": key_arn,
                }
            ],
        }
    )
