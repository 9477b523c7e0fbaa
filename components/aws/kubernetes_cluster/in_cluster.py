"""The Kubernetes provider of the cluster's own objects (the NetworkPolicy nodes, the IngressClass), built
from its kubeconfig, and the labels those objects carry."""

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from ..naming import physical_name


def in_cluster(
    owner: pulumi.Resource, name: str, kubeconfig: pulumi.Output[str], cluster: aws.eks.Cluster
) -> pulumi.ResourceOptions:
    """The options of an object in the cluster: parented to `owner`, through a provider of its own."""
    # The cluster's own objects, applied through the cluster's endpoint (so from where `pulumi up`
    # reaches it); they exist before anything that depends on this component is deployed.
    provider = k8s.Provider(
        f"{name}-kubernetes",
        kubeconfig=kubeconfig,
        opts=pulumi.ResourceOptions(parent=owner, depends_on=[cluster]),
    )
    return pulumi.ResourceOptions(parent=owner, provider=provider)


def _labels(name: str, role: str) -> dict[str, str]:
    """The recommended labels of the cluster's own Kubernetes objects."""
    return {
        "app.kubernetes.io/name": f"stackyard-{role}",
        "app.kubernetes.io/instance": physical_name(name, 63),
        "app.kubernetes.io/part-of": physical_name(name, 63),
        "app.kubernetes.io/component": role,
        "app.kubernetes.io/managed-by": "stackyard",
    }
