"""The pods' identity: a ServiceAccount of the service's own, without an API token."""

import pulumi
import pulumi_kubernetes as k8s

from .settings import ContainerSettings, MetadataFor


def service_account(
    owner: pulumi.Resource, name: str, s: ContainerSettings, metadata: MetadataFor
) -> k8s.core.v1.ServiceAccount:
    """The ServiceAccount the pods run as (`automountServiceAccountToken: false`)."""
    child = pulumi.ResourceOptions(parent=owner)
    return k8s.core.v1.ServiceAccount(
        f"{name}-sa", metadata=metadata(s.name), automount_service_account_token=False, opts=child
    )
