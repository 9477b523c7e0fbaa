"""DNS-validated ACM certificates, shared by the load balancer and the CDN."""

from typing import Any

import pulumi
import pulumi_aws as aws

# Second-level suffixes under which registries sell names (example.co.uk is registrable, co.uk is not): the
# hosted zone looked up for "shop.example.co.uk" is "example.co.uk". Pass `hosted_zone_id` for any other case.
_PUBLIC_SECOND_LEVELS = frozenset(
    {
        "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "ac.uk", "gov.uk",
        "com.au", "net.au", "org.au", "co.nz", "org.nz", "net.nz",
        "co.jp", "ne.jp", "or.jp", "co.kr", "co.in", "com.sg", "com.hk", "com.cn", "com.tw",
        "com.br", "com.mx", "com.ar", "co.za", "com.tr", "co.il",
    }
)  # fmt: skip


def zone_name(domain: str) -> str:
    """The public hosted zone looked up for `domain` when none is given: its registrable parent
    ("example.com" for "shop.example.com", "example.co.uk" for "shop.example.co.uk"), or `domain` itself.
    The load balancer, the CDN and the Kubernetes ingress all use it, so one zone serves a stack; a delegated
    sub-zone is passed as `hosted_zone_id`."""
    labels = domain.split(".")
    keep = 3 if ".".join(labels[-2:]) in _PUBLIC_SECOND_LEVELS else 2
    return ".".join(labels[-keep:])


def dns_validated_certificate(
    parent: pulumi.Resource,
    name: str,
    domain: str,
    zone_id: pulumi.Input[str],
    tags: dict[str, str],
    hostnames: list[str] | None = None,
    region: str | None = None,
) -> pulumi.Output[str]:
    """An ACM certificate for `domain` plus `hostnames` (in `region`, default the stack's), one Route 53
    validation record per name in `zone_id`, each created now from the certificate's validation options for
    that name, and a validation that waits for all of them. Returns the certificate's ARN once issued."""
    child = pulumi.ResourceOptions(parent=parent)
    names = [domain, *(host for host in hostnames or [] if host != domain)]
    certificate = aws.acm.Certificate(
        f"{name}-cert",
        domain_name=domain,
        subject_alternative_names=names[1:],
        validation_method="DNS",
        key_algorithm="RSA_2048",
        options={"certificate_transparency_logging_preference": "ENABLED"},
        region=region,
        tags={**tags, "Name": f"{name}-cert"},
        opts=child,
    )
    records = []
    for host in names:
        option = certificate.domain_validation_options.apply(
            lambda options, host=host: _validation_option(options, host)
        )
        records.append(
            aws.route53.Record(
                f"{name}-validation-{host}",
                zone_id=zone_id,
                name=option.apply(lambda o: o[0]),
                type=option.apply(lambda o: o[1]),
                records=[option.apply(lambda o: o[2])],
                ttl=60,
                # ACM uses the same record for a name in every certificate of the account: a renewed or
                # replaced certificate finds it already there.
                allow_overwrite=True,
                opts=child,
            )
        )
    validation = aws.acm.CertificateValidation(
        f"{name}-cert",
        certificate_arn=certificate.arn,
        validation_record_fqdns=[record.fqdn for record in records],
        region=region,
        opts=child,
    )
    return validation.certificate_arn


def _validation_option(options: Any, host: str) -> tuple[str, str, str]:
    """(record name, record type, record value) of the DNS validation record ACM asks for `host`."""
    for option in options or []:
        if option.domain_name == host:
            return (
                option.resource_record_name or "",
                option.resource_record_type or "",
                option.resource_record_value or "",
            )
    raise ValueError(f"ACM returned no DNS validation record for {host}")
