"""`stackyard:app.network` (`Network`): the private network, and the IPv4 ranges it cannot be."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, field_validator

from .common import Model

# IPv4 ranges that cannot be a cloud network: "this network" (0.0.0.0/8), loopback (127.0.0.0/8),
# link-local (169.254.0.0/16, where the clouds serve instance metadata), multicast (224.0.0.0/4) and reserved
# (240.0.0.0/4, with the broadcast address). Sources: RFC 6890 (special-purpose address registry); Google
# Cloud VPC documentation, "Subnets", "Valid IPv4 ranges" (prohibited subnet ranges); Amazon VPC User Guide,
# "VPC CIDR blocks" (a VPC uses a private RFC 1918 range or a publicly routable one).
UNUSABLE_NETWORKS = (
    (ipaddress.IPv4Network("0.0.0.0/8"), "the 'this network' range (RFC 1122)"),
    (ipaddress.IPv4Network("127.0.0.0/8"), "the loopback range"),
    (ipaddress.IPv4Network("169.254.0.0/16"), "the link-local range (instance metadata lives there)"),
    (ipaddress.IPv4Network("224.0.0.0/4"), "the multicast range"),
    (ipaddress.IPv4Network("240.0.0.0/4"), "the reserved range (240.0.0.0/4, with the broadcast address)"),
)


class Network(Model):
    """`stackyard:app.network`: the private network every other resource lives in."""

    cidr: str = Field(
        default="10.0.0.0/16", description="IPv4 range of the network, /16 to /20. Default 10.0.0.0/16."
    )
    zones: int = Field(
        default=2,
        ge=2,
        le=6,
        description="Availability zones to spread over, 2-6 (aws; gcp subnets are regional). Profile: 2 / 3.",
    )
    availability_zones: list[str] | None = Field(
        default=None,
        description="Pin the zones by name (e.g. [us-east-1a, us-east-1b]); default: the region's first.",
    )
    nat: Literal["none", "single", "per-zone", "ec2"] = Field(
        default="single",
        description="Outbound internet for private subnets: none, single (one NAT gateway), per-zone, or ec2 "
        "(one small NAT instance, cheapest). On gcp single and per-zone both mean Cloud NAT, which is "
        "regional. Profile: single / per-zone.",
    )
    endpoints: list[Literal["ecr.api", "ecr.dkr", "secretsmanager", "logs", "ssm", "sts", "kms"]] = Field(
        default=[], description="Interface endpoints, so private tasks reach AWS without NAT. Default none."
    )
    flow_logs: bool = Field(
        default=True,
        description="VPC flow logs (CloudWatch Logs on aws, Cloud Logging on gcp). Default true.",
    )
    flow_log_retention_days: int = Field(
        default=14,
        description="Days flow logs are kept (aws: a CloudWatch retention value). Profile: 14 / 365.",
    )

    DISTINCT = ("endpoints",)

    @field_validator("cidr")
    @classmethod
    def _cidr(cls, value: str) -> str:
        try:
            network = ipaddress.IPv4Network(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 CIDR block such as 10.0.0.0/16") from None
        if not 16 <= network.prefixlen <= 20:
            raise ValueError(f"{value} has prefix /{network.prefixlen}; use /16 to /20")
        for unusable, what in UNUSABLE_NETWORKS:
            if network.overlaps(unusable):
                raise ValueError(
                    f"{value} is in {what}, which cannot be a cloud network; use a private range such as "
                    "10.0.0.0/16, 172.16.0.0/16 or 192.168.0.0/16"
                )
        return str(network)
