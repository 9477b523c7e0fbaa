"""The HTTPS listener's certificate: a DNS-validated ACM certificate for `hostnames` (or `domain`), its
validation records in the hosted zone; or the `certificate_arn` given; none with `internal`."""

import pulumi

from ..certificate import dns_validated_certificate
from .settings import LoadBalancerArgs, _Settings


def listener_certificate(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    args: LoadBalancerArgs,
    zone_id: pulumi.Output[str] | None,
) -> pulumi.Output[str]:
    """The certificate's ARN, resolved once it is validated (or `certificate_arn`); "" with `internal`."""
    given_certificate = args.get("certificate_arn")
    if settings.internal:
        return pulumi.Output.from_input("")
    if settings.create_certificate:
        assert settings.domain is not None and zone_id is not None  # checked by _check_args
        first, *others = settings.hostnames or [settings.domain]
        return dns_validated_certificate(owner, name, first, zone_id, settings.tags, hostnames=others)
    assert given_certificate is not None
    return pulumi.Output.from_input(given_certificate)
