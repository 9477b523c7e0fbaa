"""The Route 53 side: the hosted zone (given, or looked up from `domain`) that the certificate's validation
records and the alias records use, and the alias A and AAAA records of every name in `hostnames`."""

import pulumi
import pulumi_aws as aws

from .settings import LoadBalancerArgs, _Settings


def hosted_zone(
    owner: pulumi.Resource, settings: _Settings, args: LoadBalancerArgs
) -> pulumi.Output[str] | None:
    """The id of `hosted_zone_id`, or of the public zone named `settings.lookup_zone`; None without either."""
    given_zone = args.get("hosted_zone_id")
    zone_id: pulumi.Output[str] | None = None
    if given_zone is not None:
        zone_id = pulumi.Output.from_input(given_zone)
    elif settings.lookup_zone is not None:
        zone_id = aws.route53.get_zone_output(
            name=settings.lookup_zone, private_zone=False, opts=pulumi.InvokeOutputOptions(parent=owner)
        ).zone_id
    return zone_id


def alias_records(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    zone_id: pulumi.Output[str] | None,
    balancer: aws.lb.LoadBalancer,
) -> None:
    """Alias A and AAAA records to the load balancer for each of `hostnames` (none for `domain` itself)."""
    child = pulumi.ResourceOptions(parent=owner)
    for host in settings.hostnames:
        assert zone_id is not None  # checked by _check_args
        for record_type in ("A", "AAAA"):
            aws.route53.Record(
                f"{name}-{host}-{record_type.lower()}",
                zone_id=zone_id,
                name=host,
                type=record_type,
                aliases=[
                    {
                        "name": balancer.dns_name,
                        "zone_id": balancer.zone_id,
                        "evaluate_target_health": True,
                    }
                ],
                opts=child,
            )
