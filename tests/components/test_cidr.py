"""Subnet planning: deterministic, non-overlapping, and stable when zones or tiers are added."""

from __future__ import annotations

import ipaddress
import itertools

import pytest

from components.cidr import MAX_ZONES, TIERS, plan_subnets, subnet_cidr


@pytest.mark.parametrize("cidr", ["10.0.0.0/16", "172.16.0.0/17", "192.168.0.0/20", "10.64.0.0/18"])
def test_all_subnets_fit_and_never_overlap(cidr: str) -> None:
    network = ipaddress.IPv4Network(cidr)
    subnets = [ipaddress.IPv4Network(c) for cs in plan_subnets(cidr, TIERS, MAX_ZONES).values() for c in cs]
    assert all(s.subnet_of(network) for s in subnets)
    for a, b in itertools.combinations(subnets, 2):
        assert not a.overlaps(b), (a, b)


def test_sizes_for_a_16() -> None:
    plan = plan_subnets("10.0.0.0/16", TIERS, 3)
    assert plan["private"] == ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"]
    assert plan["public"] == ["10.0.128.0/22", "10.0.132.0/22", "10.0.136.0/22"]
    assert plan["isolated"] == ["10.0.160.0/22", "10.0.164.0/22", "10.0.168.0/22"]


def test_adding_zones_or_tiers_never_renumbers() -> None:
    two = plan_subnets("10.0.0.0/16", ("public", "private"), 2)
    six = plan_subnets("10.0.0.0/16", TIERS, 6)
    for tier, cidrs in two.items():
        assert six[tier][:2] == cidrs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("10.0.0.0/8", "public", 0), "prefix from /16 to /20"),
        (("10.0.0.0/16", "dmz", 0), "tier 'dmz' is not one of private, public, isolated"),
        (("10.0.0.0/16", "public", 8), "zone index 8 is outside 0-7"),
    ],
)
def test_bad_arguments_are_named(args: tuple[str, str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        subnet_cidr(*args)
