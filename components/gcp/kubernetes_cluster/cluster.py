"""The GKE Autopilot cluster (private nodes, the control plane's endpoints and authorized networks,
VPC-native pod range, release channel, secrets encryption), and its kubeconfig."""

import json

import pulumi
import pulumi_gcp as gcp

from ..labels import managed_labels
from .encryption import SecretsEncryption
from .settings import _Settings

INSTALL_HINT = (
    "Install gke-gcloud-auth-plugin for use with kubectl by following "
    "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin"
)


def gke_cluster(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    region: pulumi.Input[str],
    encryption: SecretsEncryption,
) -> gcp.container.Cluster:
    """The regional Autopilot cluster; its control plane answers `master_authorized_cidrs` on a public
    endpoint, or only the private endpoint without them."""
    authorized: gcp.container.ClusterMasterAuthorizedNetworksConfigArgsDict = {
        "gcp_public_cidrs_access_enabled": False,
    }
    if settings.master_authorized_cidrs:
        authorized["cidr_blocks"] = [
            {"cidr_block": cidr, "display_name": f"authorized-{n}"}
            for n, cidr in enumerate(settings.master_authorized_cidrs, start=1)
        ]
    return gcp.container.Cluster(
        name,
        name=settings.cluster_name,
        description=f"stackyard Kubernetes runtime of {name} (Autopilot)",
        location=region,
        enable_autopilot=True,
        network=settings.network,
        subnetwork=settings.subnetwork,
        networking_mode="VPC_NATIVE",
        ip_allocation_policy={"stack_type": "IPV4", "cluster_ipv4_cidr_block": settings.pods_cidr},
        private_cluster_config={
            "enable_private_nodes": True,
            "enable_private_endpoint": not settings.master_authorized_cidrs,
        },
        # Always on for a private endpoint (the API requires it); without CIDRs only the cluster's own
        # ranges reach the control plane.
        master_authorized_networks_config=authorized,
        # The DNS-based endpoint would answer any authenticated caller on the internet: no user traffic
        # over it (Google's own services may still use it), so access is exactly the IP endpoints above.
        control_plane_endpoints_config={"dns_endpoint_config": {"allow_external_traffic": False}},
        release_channel={"channel": settings.release_channel},
        min_master_version=settings.kubernetes_version,
        database_encryption=encryption.database_encryption,
        deletion_protection=settings.deletion_protection,
        resource_labels=managed_labels(settings.labels),
        opts=pulumi.ResourceOptions(parent=owner, protect=settings.protect, depends_on=encryption.depends_on),
    )


def kubeconfig(context: str, endpoint: str, ca_certificate: str) -> str:
    """A kubeconfig for one GKE cluster whose user gets a token from `gke-gcloud-auth-plugin` (the context is
    named like gcloud names it: gke_<project>_<location>_<name>)."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {
                    "name": context,
                    "cluster": {
                        "server": f"https://{endpoint}",
                        "certificate-authority-data": ca_certificate,
                    },
                }
            ],
            "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
            "current-context": context,
            "users": [
                {
                    "name": context,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "gke-gcloud-auth-plugin",
                            "installHint": INSTALL_HINT,
                            "provideClusterInfo": True,
                        }
                    },
                }
            ],
        },
        indent=2,
    )
