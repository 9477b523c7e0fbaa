"""VPC: firewall rules (no ingress from the internet, no rule for every port) and subnetworks (flow logs,
Private Google Access)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import ADVISORY, MANDATORY, WORLD, Resource, Rule, is_unknown, rule
from .helpers import UNDECIDED, _input, _items, _mappings

RULES: list[Rule] = []


FIREWALL = "gcp:compute/firewall:Firewall"
SUBNETWORK = "gcp:compute/subnetwork:Subnetwork"
PORT_PROTOCOLS = {"tcp", "udp", "sctp", "6", "17", "132"}  # protocols whose rules take ports


def _ingress_allows(resource: Resource) -> list[Mapping[str, Any]] | None:
    """The allow entries of an enabled INGRESS firewall rule (None when it is not one, or unknown)."""
    direction = _input(resource, "direction", "INGRESS")
    disabled = _input(resource, "disabled", False)
    if direction != "INGRESS" or disabled is not False:
        return None
    return _mappings(_input(resource, "allows"))


@rule(
    "gcp-firewall-no-world-ingress",
    MANDATORY,
    [FIREWALL],
    "checkov CKV_GCP_2/3/106 and CKV2_GCP_12, cdk-nag EC23: no ingress allow rule admits 0.0.0.0/0 or ::/0 "
    "(Google's external Application Load Balancer is a proxy and needs only the health-check ranges; deny "
    "rules such as stackyard's deny-all are fine).",
    "Allow only the sources that need the port (e.g. 35.191.0.0/16 and 130.211.0.0/22 for health checks) "
    "through Vpc's firewall rules; never open a port to the internet.",
    into=RULES,
)
def _firewall_world(resource: Resource) -> str | None:
    if not _ingress_allows(resource):
        return None
    world = [r for r in _items(_input(resource, "sourceRanges")) if r in WORLD]
    return f"ingress allow rule from {', '.join(world)}" if world else None


def _all_ports(allow: Mapping[str, Any]) -> bool:
    protocol = str(allow.get("protocol", "")).lower()
    if protocol == "all":
        return True
    if protocol not in PORT_PROTOCOLS or ("ports" in allow and is_unknown(allow["ports"])):
        return False
    ports = [str(p) for p in _items(allow.get("ports"))]
    return not ports or any(p in ("0-65535", "1-65535") for p in ports)


@rule(
    "gcp-firewall-no-all-ports",
    MANDATORY,
    [FIREWALL],
    "checkov CKV2_GCP_12 and CKV_AWS_277 on AWS: an ingress allow rule names its protocol and ports, so a "
    "new listener is never exposed by accident (least privilege, DESIGN.md).",
    "List the protocol and the ports the target needs in the rule's allows (tcp 5432, tcp 8080 ...); use a "
    "deny rule, not an allow, to cover all protocols.",
    into=RULES,
)
def _firewall_all_ports(resource: Resource) -> str | None:
    for allow in _ingress_allows(resource) or []:
        if _all_ports(allow):
            return f"ingress allow rule for every port of protocol {allow.get('protocol')}"
    return None


def _is_private_subnet(resource: Resource) -> bool:
    # Proxy-only and Private Service Connect subnets take neither flow logs nor Private Google Access.
    return _input(resource, "purpose", "PRIVATE") == "PRIVATE"


@rule(
    "gcp-subnet-flow-logs",
    ADVISORY,
    [SUBNETWORK],
    "checkov CKV_GCP_26 (and CKV2_AWS_11 on AWS): VPC flow logs record who talked to whom, for incident "
    "response.",
    "Vpc enables flow logs on its subnets (app.network.flow_logs); on a raw subnetwork set log_config.",
    into=RULES,
)
def _subnet_flow_logs(resource: Resource) -> str | None:
    if not _is_private_subnet(resource):
        return None
    # A log_config block, even empty, turns flow logs on with default settings.
    config = _input(resource, "logConfig")
    if config is UNDECIDED or isinstance(config, Mapping):
        return None
    return "no logConfig: VPC flow logs are off"


@rule(
    "gcp-subnet-private-google-access",
    ADVISORY,
    [SUBNETWORK],
    "checkov CKV_GCP_74: workloads without public addresses reach Google APIs (Secret Manager, Cloud "
    "Storage, Artifact Registry) through Private Google Access instead of needing NAT.",
    "Vpc sets it on its subnets; on a raw subnetwork set private_ip_google_access: True.",
    into=RULES,
)
def _subnet_private_access(resource: Resource) -> str | None:
    if not _is_private_subnet(resource):
        return None
    if _input(resource, "privateIpGoogleAccess", False) is False:
        return "privateIpGoogleAccess is not true"
    return None
