"""Deterministic subnet planning: every subnet's CIDR depends only on the network CIDR, its tier and its
zone's position, never on how many zones or tiers exist. Adding a zone or a tier therefore never
renumbers (and so never replaces) an existing subnet, the upgrade trap awsx users hit (#1152, #910).

The network (prefix /P, 16 <= P <= 20) is cut into fixed blocks, each with room for 8 zones:

| block                   | tier       | per-zone subnet | /16 example                       |
|-------------------------|------------|-----------------|-----------------------------------|
| first half              | `private`  | /P+4            | 10.0.0.0/20, 10.0.16.0/20, ...    |
| 5th eighth              | `public`   | /P+6            | 10.0.128.0/22, 10.0.132.0/22, ... |
| 6th eighth              | `isolated` | /P+6            | 10.0.160.0/22, 10.0.164.0/22, ... |
| last quarter            | reserved for future tiers                                           |
"""

from __future__ import annotations

import ipaddress

TIERS = ("private", "public", "isolated")
MAX_ZONES = 8
MIN_PREFIX, MAX_PREFIX = 16, 20

# tier -> (index of its block when the network is cut into eighths, extra prefix bits per subnet)
_LAYOUT = {"private": (0, 4), "public": (4, 6), "isolated": (5, 6)}


def subnet_cidr(network_cidr: str, tier: str, zone_index: int) -> str:
    """The CIDR of `tier`'s subnet in the zone at `zone_index` (0-based)."""
    network = ipaddress.IPv4Network(network_cidr)
    if not MIN_PREFIX <= network.prefixlen <= MAX_PREFIX:
        raise ValueError(f"cidr_block {network_cidr} must have a prefix from /{MIN_PREFIX} to /{MAX_PREFIX}")
    if tier not in _LAYOUT:
        raise ValueError(f"tier {tier!r} is not one of {', '.join(TIERS)}")
    if not 0 <= zone_index < MAX_ZONES:
        raise ValueError(f"zone index {zone_index} is outside 0-{MAX_ZONES - 1}")
    eighth, extra_bits = _LAYOUT[tier]
    block_size = network.num_addresses // 8
    subnet_size = network.num_addresses >> extra_bits
    start = int(network.network_address) + eighth * block_size + zone_index * subnet_size
    return str(ipaddress.IPv4Network((start, network.prefixlen + extra_bits)))


def plan_subnets(
    network_cidr: str, tiers: tuple[str, ...] | list[str], zone_count: int
) -> dict[str, list[str]]:
    """CIDRs per tier for zones 0..zone_count-1."""
    return {tier: [subnet_cidr(network_cidr, tier, i) for i in range(zone_count)] for tier in tiers}
