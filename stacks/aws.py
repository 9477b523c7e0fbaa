"""The AWS stack: compose the components from the validated config and return the stack outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from components.aws import Secrets, Vpc, VpcArgs

from .config import StackConfig

if TYPE_CHECKING:
    from .program import SecretValues


def build(config: StackConfig, secrets: SecretValues) -> dict[str, Any]:
    """Create the stack's resources; return its outputs (camelCase names)."""
    app = config.app
    tags = {"app": app.name, "environment": config.environment, "managed-by": "stackyard"}
    network_args: VpcArgs = {
        "cidr_block": app.network.cidr,
        "zone_count": app.network.zones,
        "nat": app.network.nat,
        "tags": tags,
    }
    if app.network.availability_zones:
        network_args["availability_zones"] = app.network.availability_zones
    network = Vpc(app.name, network_args)
    outputs: dict[str, Any] = {
        "vpcId": network.vpc_id,
        "vpcCidr": network.cidr_block,
        "availabilityZones": network.availability_zones,
        "publicSubnetIds": network.public_subnet_ids,
        "privateSubnetIds": network.private_subnet_ids,
        "publicRouteTableId": network.public_route_table_id,
        "privateRouteTableIds": network.private_route_table_ids,
        "natGatewayIds": network.nat_gateway_ids,
    }
    if app.secrets:
        store = Secrets(
            app.name,
            {
                "values": {name: secrets.get(name) for name in app.secrets},
                "path": f"{app.name}/{config.environment}/",
                "recovery_window_in_days": 30 if config.is_prod else 7,
                "tags": tags,
            },
        )
        outputs["secretArns"] = store.arns
    return outputs
