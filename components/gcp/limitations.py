"""Documented limitations of Google Cloud services that Pulumi mocks accept and the cloud refuses at
`pulumi up`.

Each rule is a small function of plain argument values that returns why the combination is refused (a
sentence saying what to do instead) or None. Its docstring cites the source: the user guide's title and
section, or an issue URL. Components call the rules at construction (`require`), and the stack config
layer (`stacks/gcp_limitations.py`) reports the same rules against the stack file's keys, so one rule
serves both. `RULES` lists every rule for the docs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

# The Docker bridge network's range, which Cloud SQL reserves.
DOCKER_BRIDGE = ipaddress.IPv4Network("172.17.0.0/16")
# Addresses Google Cloud keeps in every IPv4 subnet range: the network, the gateway, the second-to-last
# and the broadcast address (VPC documentation, "Subnets", "Reserved IP addresses in IPv4 subnets").
SUBNET_RESERVED_ADDRESSES = 4
# Cloud Run's Direct VPC egress takes addresses in blocks of 16 (a /28) and about two per instance.
DIRECT_VPC_BLOCK = 16
DIRECT_VPC_ADDRESSES_PER_INSTANCE = 2


def cloud_sql_docker_bridge(cidr: str) -> str | None:
    """Cloud SQL reserves 172.17.0.0/16 for the Docker bridge network: an instance given a private IP in
    that range is unreachable, and connections from any address in that range to an instance's private IP
    fail. So neither the Private Service Access range the instances take their addresses from nor the
    subnets of the clients (workloads, Cloud Run's Direct VPC egress) may overlap it.

    Source: Google's gcpdiag rule cloudsql/WARN/2022_001, "Cloud SQL is not using Docker bridge network"
    (github.com/GoogleCloudPlatform/gcpdiag, website/content/en/rules/cloudsql/WARN/2022_001.md), which
    quotes Cloud SQL's "Configure private IP" (cloud.google.com/sql/docs/mysql/configure-private-ip); Cloud
    Composer, "Configure private IP environments": "The 172.17.0.0/16 range is reserved in Cloud SQL"."""
    try:
        network = ipaddress.IPv4Network(cidr, strict=False)
    except ValueError:
        return None  # not a CIDR: the argument's own check says so
    if not network.overlaps(DOCKER_BRIDGE):
        return None
    where = "lies in" if network.subnet_of(DOCKER_BRIDGE) else "overlaps"
    subject = f"{cidr} is" if network == DOCKER_BRIDGE else f"{cidr} {where} {DOCKER_BRIDGE},"
    return (
        f"{subject} the range Cloud SQL reserves for the Docker bridge network (an instance with an address "
        "there is unreachable, and connections from there to its private IP fail); use a range outside "
        f"{DOCKER_BRIDGE}, e.g. 10.0.0.0/16"
    )


def direct_vpc_egress_addresses(subnet_cidr: str, instances: Sequence[int]) -> str | None:
    """Cloud Run's Direct VPC egress gives every instance addresses of the subnet: about two per instance,
    reserved in blocks of 16 (a /28) at a time. When the subnet has no free address, Cloud Run cannot start
    another instance of any service, worker pool or job on it ("Instance failed to start because of
    insufficient free IP addresses in the subnetwork"). `instances` holds the most instances each workload
    on the subnet runs (a service's max instances, a worker pool's instance count, 1 for a one-task job);
    each needs 2 x instances addresses, rounded up to whole blocks of 16, out of the subnet's size less the
    4 addresses Google Cloud reserves in every subnet.

    Source: Cloud Run, "Direct VPC egress with a VPC network", section "IP address allocation" ("Cloud Run
    reserves IP addresses in blocks of 16 (28 subnet mask) at a time"); "Best practices for Cloud Run
    networking", section "Monitor IP address usage" ("Multiply the instance count ... by 2 to get an
    estimate of the number of IP addresses in use"); the error as reported in
    github.com/GoogleCloudPlatform/enterprise-knowledge-solution/pull/172."""
    try:
        subnet = ipaddress.IPv4Network(subnet_cidr, strict=False)
    except ValueError:
        return None
    free = subnet.num_addresses - SUBNET_RESERVED_ADDRESSES
    blocks = sum(-(-DIRECT_VPC_ADDRESSES_PER_INSTANCE * n // DIRECT_VPC_BLOCK) for n in instances)
    needed = blocks * DIRECT_VPC_BLOCK
    if needed <= free:
        return None
    return (
        f"{sum(instances)} instances need about {needed} addresses of the Direct VPC egress subnet "
        f"{subnet}, which has {free} (Cloud Run takes about 2 per instance, in blocks of 16); use fewer "
        "instances, or a larger network so that the subnet grows"
    )


RULES: tuple[Callable[..., str | None], ...] = (cloud_sql_docker_bridge, direct_vpc_egress_addresses)


def require(component: str, argument: str, reason: str | None) -> None:
    """Raise the component's ValueError for `argument` when a rule gave a `reason`."""
    if reason is not None:
        raise ValueError(f"{component} {argument} is not allowed: {reason}")
