"""GKE clusters and node pools: private nodes and a control plane not open to the internet."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import ADVISORY, MANDATORY, WORLD, Resource, Rule, rule
from .helpers import UNDECIDED, _input, _mappings

RULES: list[Rule] = []


GKE_CLUSTER = "gcp:container/cluster:Cluster"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"


@rule(
    "gcp-gke-private-nodes",
    MANDATORY,
    [GKE_CLUSTER, GKE_NODE_POOL],
    "checkov CKV_GCP_25 and CKV_GCP_64: nodes have internal addresses only, so no node is reachable from "
    "the internet (egress goes through Cloud NAT).",
    "KubernetesCluster creates a private cluster; on a raw cluster set private_cluster_config "
    "{enable_private_nodes: True} and do not turn it off in a node pool's network_config.",
    into=RULES,
)
def _gke_private_nodes(resource: Resource) -> str | None:
    if resource.type == GKE_NODE_POOL:
        if _input(resource, "networkConfig.enablePrivateNodes") is False:
            return "networkConfig.enablePrivateNodes is false: the pool's nodes get public addresses"
        return None
    private = _input(resource, "privateClusterConfig.enablePrivateNodes", False)
    if private is False:
        return "privateClusterConfig.enablePrivateNodes is not true: nodes get public addresses"
    for pool in _mappings(_input(resource, "nodePools")):
        if _input(pool, "networkConfig.enablePrivateNodes") is False:
            return f"node pool {pool.get('name', '')!r} turns private nodes off"
    return None


@rule(
    "gcp-gke-control-plane-not-open",
    MANDATORY,
    [GKE_CLUSTER],
    "checkov CKV_GCP_18: no master authorized network 0.0.0.0/0, and not every Google Cloud public address "
    "(gcpPublicCidrsAccessEnabled), may reach the Kubernetes API.",
    "KubernetesCluster keeps the endpoint private; otherwise list only your own ranges in "
    "master_authorized_networks_config and set gcp_public_cidrs_access_enabled: False.",
    into=RULES,
)
def _gke_control_plane(resource: Resource) -> str | None:
    config = _input(resource, "masterAuthorizedNetworksConfig")
    if not isinstance(config, Mapping):
        return None
    world = [b.get("cidrBlock") for b in _mappings(config.get("cidrBlocks")) if b.get("cidrBlock") in WORLD]
    if world:
        return f"master authorized network {world[0]}: the API server is open to the internet"
    if config.get("gcpPublicCidrsAccessEnabled") is True:
        return "gcpPublicCidrsAccessEnabled: any Google Cloud public address may reach the API server"
    return None


@rule(
    "gcp-gke-master-authorized-networks",
    ADVISORY,
    [GKE_CLUSTER],
    "checkov CKV_GCP_20: a cluster with a public control-plane endpoint limits it to master authorized "
    "networks.",
    "Keep the endpoint private (KubernetesCluster does), or set master_authorized_networks_config with your "
    "ranges.",
    into=RULES,
)
def _gke_authorized_networks(resource: Resource) -> str | None:
    private_endpoint = _input(resource, "privateClusterConfig.enablePrivateEndpoint", False)
    ip_endpoints = _input(resource, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled", True)
    config = _input(resource, "masterAuthorizedNetworksConfig")
    if private_endpoint is not False or ip_endpoints is not True or config is UNDECIDED:
        return None
    if isinstance(config, Mapping):
        return None
    return "public control-plane endpoint without masterAuthorizedNetworksConfig"
