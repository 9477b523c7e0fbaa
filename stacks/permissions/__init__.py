"""`stackyard permissions`: what the identity that runs `pulumi up` needs on the cloud, from a stack's plan.

The resource types the plan creates, the provider functions the components call (hosted-zone lookup,
availability zones, caller identity, CloudFront managed policies, GCP project …) and the migration command
`pulumi up` runs (components/migrate.sh: `ecs:RunTask` / `run.jobs.run`) each map to permissions in a table
that ships with stackyard (`stacks/permissions/aws.json`, `gcp.json`, with the source of every row):

- AWS: IAM policy documents (Version 2012-10-17, one statement per service; roles, buckets, secrets and
  repositories scoped to the stack's names, `iam:PassRole` limited by `iam:PassedToService`): `aws.py`;
- GCP: predefined roles on the project and the `gcloud projects add-iam-policy-binding` lines: `gcp.py`;
- Kubernetes objects: no cloud permission, but cluster-admin in the cluster (`kubernetes_note`).

    from stacks.permissions import deployer_permissions, recording
    with recording() as invokes:
        plan = render(source, main_path)
    result = deployer_permissions(plan.document(), invokes)

A token without a row is listed in `uncovered` (the command fails on it): a new component adds its rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import aws, gcp
from .record import recording
from .render import to_text
from .tables import covered, table

__all__ = [
    "covered",
    "deployer_permissions",
    "kubernetes_note",
    "recording",
    "table",
    "to_text",
    "with_pending_migrations",
]


def deployer_permissions(
    plan: dict[str, Any],
    invokes: Iterable[str],
    project: str | None = None,
    member: str | None = None,
    migrating: Iterable[str] = (),
) -> dict[str, Any]:
    """The permissions document of `plan` (a `stackyard plan --json` document) whose program called the
    functions `invokes`. `project` and `member` fill the GCP `gcloud` lines (placeholders without).
    `migrating` names the services that declare `migrate`: their migration runs once a real image is
    pushed, so a plan of the bootstrap image has no command for it yet, and the grant is added anyway."""
    plan = with_pending_migrations(plan, migrating)
    cloud = plan.get("cloud")
    result: dict[str, Any] = {"stack": plan.get("stack"), "cloud": cloud}
    if cloud == "aws":
        result["aws"] = aws.policy(plan, invokes)
        uncovered = result["aws"]["uncovered"]
    elif cloud == "gcp":
        result["gcp"] = gcp.roles(plan, invokes, project or "PROJECT", member or gcp.DEFAULT_MEMBER)
        uncovered = result["gcp"]["uncovered"]
    else:
        raise ValueError(f"permissions: stackyard:cloud is {cloud!r}; allowed: aws, gcp")
    result["uncovered"] = uncovered
    result["kubernetes"] = kubernetes_note(plan)
    return result


def with_pending_migrations(plan: dict[str, Any], migrating: Iterable[str]) -> dict[str, Any]:
    """`plan` with a migration command for each service of `migrating` it does not run yet: "ecs" when the
    plan has an ECS cluster, "cloud-run" when it has Cloud Run services (a Kubernetes Job needs no cloud
    permission)."""
    types = {r["type"] for r in plan["resources"]}
    runtime = (
        "ecs"
        if "aws:ecs/cluster:Cluster" in types
        else "cloud-run"
        if "gcp:cloudrunv2/service:Service" in types
        else None
    )
    commands = [r["name"] for r in plan["resources"] if r["type"] == "command:local:Command"]
    pending = [s for s in migrating if not any(c.endswith(f"-{s}-migrate") for c in commands)]
    if runtime is None or not pending:
        return plan
    added = [
        {
            "type": "command:local:Command",
            "name": f"{service} migrate (once its image is pushed)",
            "custom": True,
            "inputs": {"environment": {"MIGRATE_RUNTIME": runtime}},
        }
        for service in pending
    ]
    return {**plan, "resources": [*plan["resources"], *added]}


def kubernetes_note(plan: dict[str, Any]) -> str | None:
    """What the identity needs inside the cluster when the plan creates Kubernetes objects, or None."""
    if not any(r["type"].startswith("kubernetes:") for r in plan["resources"]):
        return None
    clusters = [r for r in plan["resources"] if r["type"] == "aws:eks/cluster:Cluster"]
    if clusters:
        access = (clusters[0].get("inputs") or {}).get("accessConfig") or {}
        bootstrap = access.get("bootstrapClusterCreatorAdminPermissions")
        text = (
            "The Kubernetes objects need cluster-admin in the EKS cluster, which IAM alone does not give. "
            + (
                "The cluster is created with bootstrapClusterCreatorAdminPermissions, so the identity "
                "that creates it gets an access entry with AmazonEKSClusterAdminPolicy; another identity "
                "(a second CI role, a person) needs its own: "
                if bootstrap
                else "Give the deploying identity an access entry: "
            )
            + "`aws eks create-access-entry --cluster-name CLUSTER --principal-arn ROLE_ARN` and `aws eks "
            "associate-access-policy --cluster-name CLUSTER --principal-arn ROLE_ARN --policy-arn "
            "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy --access-scope type=cluster` "
            '(Amazon EKS User Guide, "Grant IAM users access to Kubernetes with EKS access entries": '
            "https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html). Those two calls need "
            "eks:CreateAccessEntry and eks:AssociateAccessPolicy, which the policy above does not grant."
        )
        return text
    if plan.get("cloud") == "gcp":
        return (
            "The Kubernetes objects need cluster-admin in the GKE cluster: roles/container.admin on the "
            "project gives it through IAM (https://cloud.google.com/kubernetes-engine/docs/how-to/iam)."
        )
    return (
        "The Kubernetes objects need cluster-admin in the cluster the Kubernetes provider connects to "
        "(a ClusterRoleBinding to cluster-admin for the deploying identity)."
    )
