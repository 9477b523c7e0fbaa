"""Google Cloud networking: the VPC network and its configuration, Private Service Access, IP
addresses and Cloud NAT."""

from __future__ import annotations

from ..context import Context, Outcome, Resource, Rule, free, not_priced
from .common import H, registrar

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "gcp:compute/network:Network",
            "gcp:compute/subnetwork:Subnetwork",
            "gcp:compute/firewall:Firewall",
            "gcp:compute/router:Router",
            "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig",
            "gcp:servicenetworking/connection:Connection",
        ),
        "network configuration: no charge of its own",
    ),
}

NOT_PRICED: dict[str, str] = {}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("gcp:compute/globalAddress:GlobalAddress", "gcp:compute/address:Address")
def address(r: Resource, ctx: Context) -> Outcome:
    if r.get("addressType", "EXTERNAL") == "INTERNAL" or r.get("purpose") == "VPC_PEERING":
        return free("an internal range (Private Service Access): no charge")
    return not_priced(
        "an external address held by a forwarding rule; whether Google bills it beside the rule is not "
        "settled in the table"
    )


@rule("gcp:compute/routerNat:RouterNat")
def router_nat(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "cloud_nat")
    lines = [
        ctx.use(
            "VMs using the gateway",
            usage["vm_count"] * H,
            "VM-hours",
            "cloudnat.vm_hour",
            "cloud_nat.vm_count",
        ),
        ctx.use(
            "Data processed",
            usage["data_processed_gb"],
            "GiB",
            "cloudnat.data_processed.gb",
            "cloud_nat.data_processed_gb",
        ),
    ]
    if r.get("natIpAllocateOption", "AUTO_ONLY") == "AUTO_ONLY":
        lines.append(
            ctx.use(
                "NAT IP addresses", usage["nat_ips"] * H, "hours", "cloudnat.ip.hour", "cloud_nat.nat_ips"
            )
        )
    return Outcome(
        lines, note="the gateway itself has no fixed charge: it bills the VMs and traffic that use it"
    )
