"""NetworkPolicies enforced (`network_policies`): the network policy controller switched on, and a NodeClass
with `networkPolicy` set and a NodePool on it in place of the built-in general-purpose pool."""

import pulumi
import pulumi_kubernetes as k8s

from .in_cluster import _labels
from .settings import EKS_API_GROUP, _Settings

# NetworkPolicies on EKS Auto Mode (EKS User Guide, "Use Network Policies with EKS Auto Mode"): the API server
# accepts them, but nothing enforces them until (1) the ConfigMap amazon-vpc-cni in kube-system says
# enable-network-policy-controller: "true" and (2) the pods run on nodes of a NodeClass with `networkPolicy`
# set. The built-in pools use the built-in "default" NodeClass, which stackyard cannot change (Auto Mode
# reconciles its built-in objects back), so the component brings its own NodeClass and a NodePool with the
# built-in general-purpose pool's requirements on it, and turns the general-purpose pool off: every workload
# that does not tolerate the system pool's CriticalAddonsOnly taint then lands on nodes that enforce
# policies. (A NodePool `weight` would only steer new nodes: the scheduler still puts pods on any existing
# general-purpose node.) The system pool stays for CoreDNS and the other add-ons.
NETWORK_POLICY_CONFIG_MAP = ("kube-system", "amazon-vpc-cni")
NODE_CLASS = "stackyard-network-policy"
NODE_POOL = "stackyard-general-purpose"
# The built-in general-purpose pool's spec (`kubectl get nodepool general-purpose -o yaml` on Auto Mode;
# EKS User Guide, "Enable or Disable Built-in NodePools": on-demand, C/M/R families, generation 5 or newer,
# amd64; Auto Mode runs Linux only): the same instances, the same consolidation and expiry.
NODE_POOL_REQUIREMENTS = (
    ("karpenter.sh/capacity-type", "In", ("on-demand",)),
    ("eks.amazonaws.com/instance-category", "In", ("c", "m", "r")),
    ("eks.amazonaws.com/instance-generation", "Gt", ("4",)),
    ("kubernetes.io/arch", "In", ("amd64",)),
)


def network_policy_nodes(
    name: str,
    settings: _Settings,
    node_role: pulumi.Output[str],
    security_group_id: pulumi.Output[str],
    opts: pulumi.ResourceOptions,
) -> pulumi.Resource:
    """The network policy controller switched on, and the NodeClass and NodePool whose nodes enforce.
    Returns the NodePool."""
    namespace, config_map = NETWORK_POLICY_CONFIG_MAP
    k8s.core.v1.ConfigMap(
        f"{name}-network-policy-controller",
        metadata={"name": config_map, "namespace": namespace, "labels": _labels(name, "network-policy")},
        data={"enable-network-policy-controller": "true"},
        opts=opts,
    )
    node_class = k8s.apiextensions.CustomResource(
        f"{name}-node-class",
        api_version=f"{EKS_API_GROUP}/v1",
        kind="NodeClass",
        metadata={"name": NODE_CLASS, "labels": _labels(name, "node-class")},
        spec={
            "role": node_role,  # the node role's name; EKS gave it an access entry with the cluster
            "subnetSelectorTerms": pulumi.Output.from_input(settings.subnet_ids).apply(
                lambda ids: [{"id": subnet} for subnet in ids]
            ),
            "securityGroupSelectorTerms": [{"id": security_group_id}],
            "networkPolicy": "DefaultAllow",
            "networkPolicyEventLogs": "Disabled",
        },
        opts=opts,
    )
    return k8s.apiextensions.CustomResource(
        f"{name}-node-pool",
        api_version="karpenter.sh/v1",
        kind="NodePool",
        metadata={"name": NODE_POOL, "labels": _labels(name, "node-pool")},
        spec={
            "template": {
                "spec": {
                    "nodeClassRef": {"group": EKS_API_GROUP, "kind": "NodeClass", "name": NODE_CLASS},
                    "requirements": [
                        {"key": key, "operator": operator, "values": list(values)}
                        for key, operator, values in NODE_POOL_REQUIREMENTS
                    ],
                    "expireAfter": "336h",
                    "terminationGracePeriod": "24h0m0s",
                }
            },
            "disruption": {
                "consolidationPolicy": "WhenEmptyOrUnderutilized",
                "consolidateAfter": "30s",
                "budgets": [{"nodes": "10%"}],
            },
        },
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[node_class])),
    )
