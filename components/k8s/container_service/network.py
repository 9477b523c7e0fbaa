"""The service's NetworkPolicy, both directions closed but for what it needs: ingress to the container port
from where its traffic comes (a web service only), egress to cluster DNS, `egress` and, with
`internet_egress`, HTTPS to public addresses."""

import pulumi
import pulumi_kubernetes as k8s

from .names import NAMESPACE_NAME_LABEL
from .settings import ContainerSettings, MetadataFor
from .traffic import OWN

# kube-dns / CoreDNS: the Service's pods carry k8s-app=kube-dns in kubeadm, EKS, GKE and AKS clusters.
DNS_NAMESPACE = "kube-system"
DNS_POD_LABELS = {"k8s-app": "kube-dns"}
# internet_egress reaches any address on 443 except private ranges (RFC 1918) and link-local addresses,
# which hold the clouds' instance metadata endpoints (169.254.169.254).
NOT_INTERNET = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]


def network_policy(
    owner: pulumi.Resource, name: str, s: ContainerSettings, metadata: MetadataFor, selector: dict[str, str]
) -> k8s.networking.v1.NetworkPolicy:
    """The NetworkPolicy of the service's pods (`selector`), which they wait for."""
    child = pulumi.ResourceOptions(parent=owner)
    return k8s.networking.v1.NetworkPolicy(
        f"{name}-network", metadata=metadata(s.name), spec=_network_policy(s, selector), opts=child
    )


def _ip_blocks(cidrs: list[str]) -> list[k8s.networking.v1.NetworkPolicyPeerArgsDict]:
    return [{"ip_block": {"cidr": cidr}} for cidr in cidrs]


def _network_policy(
    s: ContainerSettings, selector: dict[str, str]
) -> k8s.networking.v1.NetworkPolicySpecArgsDict:
    """Both directions closed except: ingress to the container port from the load balancer's networks or
    your controller's namespace (public) or this namespace (internal); egress to cluster DNS, `egress` and
    optionally HTTPS out."""
    egress: list[k8s.networking.v1.NetworkPolicyEgressRuleArgsDict] = [
        {
            "to": [
                {
                    "namespace_selector": {"match_labels": {NAMESPACE_NAME_LABEL: DNS_NAMESPACE}},
                    "pod_selector": {"match_labels": DNS_POD_LABELS},
                }
            ],
            "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
        }
    ]
    for cidr, ports, protocol in s.egress:
        egress.append(
            {
                "to": [{"ip_block": {"cidr": cidr}}],
                "ports": [{"protocol": protocol, "port": p} for p in ports],
            }
        )
    if s.internet_egress:
        egress.append(
            {
                "to": [{"ip_block": {"cidr": "0.0.0.0/0", "except_": NOT_INTERNET}}],
                "ports": [{"protocol": "TCP", "port": 443}],
            }
        )
    spec: k8s.networking.v1.NetworkPolicySpecArgsDict = {
        "pod_selector": {"match_labels": selector},
        "policy_types": ["Ingress", "Egress"],
        "egress": egress,
    }
    if s.kind == "web":
        sources: pulumi.Input[list[k8s.networking.v1.NetworkPolicyPeerArgsDict]]
        if not s.public:
            sources = [{"pod_selector": {}}]  # any pod of this namespace
        elif s.ingress_controller == OWN:
            sources = [{"namespace_selector": {"match_labels": {NAMESPACE_NAME_LABEL: s.ingress_namespace}}}]
        else:
            # The load balancer connects to the pod IPs (ALB target type ip, GKE NEGs) from these networks.
            sources = pulumi.Output.from_input(s.ingress_sources).apply(_ip_blocks)
        spec["ingress"] = [{"from_": sources, "ports": [{"protocol": "TCP", "port": s.port}]}]
    return spec
