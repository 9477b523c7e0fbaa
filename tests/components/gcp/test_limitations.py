"""components.gcp.limitations: each documented Google Cloud limitation refuses what the cloud refuses and
accepts what it takes, and a component that reaches a rule raises before it registers anything."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from components.gcp.limitations import (
    RULES,
    cloud_sql_docker_bridge,
    direct_vpc_egress_addresses,
    require,
)
from components.gcp.vpc import Vpc, VpcArgs
from stacks.mocks import RecordingMonitor
from tests.conftest import of_type

SUBNET = "gcp:compute/subnetwork:Subnetwork"
ADDRESS = "gcp:compute/globalAddress:GlobalAddress"


def test_every_rule_is_listed_and_cites_its_source() -> None:
    assert (cloud_sql_docker_bridge, direct_vpc_egress_addresses) == RULES
    for rule in RULES:
        assert rule.__doc__ and "Source:" in rule.__doc__, rule.__name__


def test_require_raises_the_components_error_only_for_a_reason() -> None:
    require("Vpc", "cidr_block", None)
    with pytest.raises(ValueError, match=r"^Vpc cidr_block is not allowed: because$"):
        require("Vpc", "cidr_block", "because")


# -- Cloud SQL and the Docker bridge network ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cidr", "subject"),
    [
        ("172.17.0.0/16", "172.17.0.0/16 is"),
        ("172.17.64.0/20", "172.17.64.0/20 lies in 172.17.0.0/16,"),
        ("172.17.192.0/18", "172.17.192.0/18 lies in 172.17.0.0/16,"),
        (
            "172.16.0.0/12",
            "172.16.0.0/12 overlaps 172.17.0.0/16,",
        ),  # a private_service_cidr may be this large
    ],
)
def test_docker_bridge_range_is_refused(cidr: str, subject: str) -> None:
    reason = cloud_sql_docker_bridge(cidr)
    assert reason is not None
    assert reason.startswith(f"{subject} the range Cloud SQL reserves for the Docker bridge network")
    assert reason.endswith("use a range outside 172.17.0.0/16, e.g. 10.0.0.0/16")


@pytest.mark.parametrize("cidr", ["10.0.0.0/16", "172.16.0.0/16", "172.18.0.0/16", "192.168.0.0/20", "ten"])
def test_ranges_outside_the_docker_bridge_are_accepted(cidr: str) -> None:
    assert cloud_sql_docker_bridge(cidr) is None  # "ten": not a CIDR, left to the argument's own check


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ({"cidr_block": "172.17.0.0/16"}, "cidr_block"),
        ({"cidr_block": "172.17.32.0/20"}, "cidr_block"),
        ({"cidr_block": "10.0.0.0/16", "private_service_cidr": "172.17.0.0/24"}, "private_service_cidr"),
    ],
)
def test_vpc_refuses_the_docker_bridge_range_before_registering(
    monitor: RecordingMonitor, args: VpcArgs, argument: str
) -> None:
    with pytest.raises(ValueError, match=f"^Vpc {argument} is not allowed: .* the range Cloud SQL reserves"):
        Vpc("bad", args)
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_vpc_takes_a_neighbouring_range(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        Vpc("net", {"cidr_block": "172.18.0.0/16"})

    program()
    assert {s.inputs["ipCidrRange"] for s in of_type(monitor, SUBNET)} == {"172.18.0.0/20", "172.18.16.0/20"}
    (psa,) = of_type(monitor, ADDRESS)
    assert (psa.inputs["address"], psa.inputs["prefixLength"]) == ("172.18.192.0", 18)


# -- Cloud Run Direct VPC egress addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("subnet", "instances", "needed"),
    [
        ("10.0.16.0/24", [40, 40, 40, 40], 320),  # 2 per instance: 320 of 252
        ("10.0.16.0/24", [1] * 16, 256),  # a block of 16 each, however small
        ("10.0.16.0/20", [1000, 1000, 100], 4208),  # 2000 + 2000 + 208 of 4092
    ],
)
def test_more_instances_than_the_egress_subnet_holds_are_refused(
    subnet: str, instances: list[int], needed: int
) -> None:
    reason = direct_vpc_egress_addresses(subnet, instances)
    assert reason is not None
    free = 252 if subnet.endswith("/24") else 4092
    assert reason.startswith(
        f"{sum(instances)} instances need about {needed} addresses of the Direct VPC egress subnet {subnet}, "
        f"which has {free} (Cloud Run takes about 2 per instance, in blocks of 16)"
    )
    assert reason.endswith("use fewer instances, or a larger network so that the subnet grows")


@pytest.mark.parametrize(
    ("subnet", "instances"),
    [
        ("10.0.16.0/24", [10, 10, 10]),  # 3 x 32 of 252
        ("10.0.16.0/24", [1] * 15),  # 15 blocks of 16 = 240
        ("10.0.16.0/24", [0] * 20 + [1] * 15),  # a worker pool scaled to 0 holds no address
        ("10.0.16.0/24", [63, 1]),  # 128 + 16 = 144
        ("10.0.16.0/20", [1000, 1000]),  # 4000 of 4092
        ("10.0.16.0/20", []),
        ("not-a-cidr", [1000]),
    ],
)
def test_instances_that_fit_the_egress_subnet_are_accepted(subnet: str, instances: list[Any]) -> None:
    assert direct_vpc_egress_addresses(subnet, instances) is None
