"""The identity the container runs as: its own service account, with only the project roles in
`project_roles` and access to exactly the Secret Manager secrets in `secrets`."""

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from ..secret_store import grant_secret_access
from .container import _split_reference
from .names import account_id
from .settings import ContainerSettings


@dataclass(frozen=True)
class ServiceIdentity:
    """The service account and its grants (which the workload waits for)."""

    account: gcp.serviceaccount.Account
    grants: list[pulumi.Resource]


def service_identity(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: ContainerSettings,
    project: pulumi.Input[str],
) -> ServiceIdentity:
    """The service account, its project roles and its access to each secret of `secrets`."""
    child = pulumi.ResourceOptions(parent=owner)
    account = gcp.serviceaccount.Account(
        f"{name}-sa",
        account_id=account_id(base),
        display_name=f"{name} (Cloud Run)",
        description=f"Runs the {settings.kind} {name}, managed by stackyard",
        opts=child,
    )
    grants: list[pulumi.Resource] = [
        gcp.projects.IAMMember(
            f"{name}-{physical_name(role.rsplit('/', 1)[-1], 63)}",
            project=project,
            role=role,
            member=account.member,
            opts=child,
        )
        for role in settings.project_roles
    ]
    for variable, reference in sorted(settings.secrets.items()):
        secret_id = pulumi.Output.from_input(reference).apply(lambda ref: _split_reference(ref)[0])
        grants.append(grant_secret_access(f"{name}-secret-{variable}", secret_id, account.member, owner))
    return ServiceIdentity(account, grants)
