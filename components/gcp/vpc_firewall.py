"""The firewall baseline of a GCP `Vpc`: an explicit deny-all ingress rule, Google's health checkers to
load-balancer backends, and (on request) SSH through Identity-Aware Proxy.

Nothing is ever allowed in from 0.0.0.0/0: the only ingress ALLOW rules name Google's own source ranges
and a network tag, so they reach only the instances that carry that tag. Egress is left to GCP's implied
allow-egress rule (Cloud NAT, Private Google Access and the Private Service Access peering need it).
"""

import pulumi
import pulumi_gcp as gcp

from ..naming import physical_name

# Google's health-check probers for load balancers and their proxies, from "Health checks overview" /
# "Probe IP ranges and firewall rules" (cloud.google.com/load-balancing/docs/health-check-concepts).
HEALTH_CHECK_RANGES = ("35.191.0.0/16", "130.211.0.0/22")
HEALTH_CHECK_TAG = "lb-backend"
DEFAULT_HEALTH_CHECK_PORTS = (80, 443, 8080)

# The source range of IAP TCP forwarding, from "Using IAP for TCP forwarding" / "Create a firewall rule"
# (cloud.google.com/iap/docs/using-tcp-forwarding).
IAP_RANGE = "35.235.240.0/20"
IAP_SSH_TAG = "iap-ssh"

# GCP's implied deny-ingress rule sits at 65535, the lowest priority; the explicit rule one step above it
# makes the default visible to readers and policy scanners, and leaves every priority < 65534 for allows.
DENY_ALL_PRIORITY = 65534
ALLOW_PRIORITY = 1000
_LOGGED: gcp.compute.FirewallLogConfigArgsDict = {"metadata": "INCLUDE_ALL_METADATA"}


def check_ports(ports: list[int]) -> list[int]:
    """The ports, sorted and without repeats; a ValueError for anything that is not a TCP port."""
    bad = [p for p in ports if isinstance(p, bool) or not isinstance(p, int) or not 1 <= p <= 65535]
    if bad:
        raise ValueError(f"Vpc health_check_ports {bad} is not allowed; use TCP ports from 1 to 65535")
    return sorted(set(ports))


def create(
    parent: pulumi.Resource,
    name: str,
    base: str,
    network: gcp.compute.Network,
    health_check_ports: list[int],
    iap_ssh: bool,
) -> list[gcp.compute.Firewall]:
    """The deny-all ingress rule, the health-check rule (unless `health_check_ports` is empty) and the
    IAP SSH rule (only when `iap_ssh`). `name` is the Vpc's logical name, `base` its physical one."""
    child = pulumi.ResourceOptions(parent=parent)
    rules = [
        gcp.compute.Firewall(
            f"{name}-deny-all-ingress",
            name=physical_name(f"{base}-deny-all-ingress", 63),
            network=network.id,
            description="stackyard: deny all other ingress (explicit form of the implied rule)",
            direction="INGRESS",
            priority=DENY_ALL_PRIORITY,
            # A DENY rule: 0.0.0.0/0 here closes the network, it opens nothing. Not logged: it would log
            # every scan of the network, and the allow rules' logs show what does get in.
            source_ranges=["0.0.0.0/0"],
            denies=[{"protocol": "all"}],
            opts=child,
        )
    ]
    if health_check_ports:
        rules.append(
            gcp.compute.Firewall(
                f"{name}-allow-health-checks",
                name=physical_name(f"{base}-allow-health-checks", 63),
                network=network.id,
                description=f"stackyard: Google health checks to instances tagged {HEALTH_CHECK_TAG}",
                direction="INGRESS",
                priority=ALLOW_PRIORITY,
                source_ranges=list(HEALTH_CHECK_RANGES),
                target_tags=[HEALTH_CHECK_TAG],
                allows=[{"protocol": "tcp", "ports": [str(p) for p in health_check_ports]}],
                log_config=_LOGGED,
                opts=child,
            )
        )
    if iap_ssh:
        rules.append(
            gcp.compute.Firewall(
                f"{name}-allow-iap-ssh",
                name=physical_name(f"{base}-allow-iap-ssh", 63),
                network=network.id,
                description=f"stackyard: SSH through IAP TCP forwarding to instances tagged {IAP_SSH_TAG}",
                direction="INGRESS",
                priority=ALLOW_PRIORITY,
                source_ranges=[IAP_RANGE],
                target_tags=[IAP_SSH_TAG],
                allows=[{"protocol": "tcp", "ports": ["22"]}],
                log_config=_LOGGED,
                opts=child,
            )
        )
    return rules
