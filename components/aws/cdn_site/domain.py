"""The site's custom `domain`: its hosted zone (given or looked up), an ACM certificate in us-east-1
validated through Route 53 and served with SNI and the chosen TLS security policy, and the alias A and AAAA
records to the distribution; without a domain, CloudFront's default *.cloudfront.net certificate."""

import pulumi
import pulumi_aws as aws

from ..certificate import dns_validated_certificate, zone_name
from .args import CLOUDFRONT_REGION, CLOUDFRONT_ZONE_ID, DEFAULT_MINIMUM_PROTOCOL_VERSION, CdnSiteArgs


def viewer_certificate(
    owner: pulumi.Resource, name: str, args: CdnSiteArgs, tags: dict[str, str]
) -> tuple[aws.cloudfront.DistributionViewerCertificateArgsDict, pulumi.Input[str] | None]:
    """The distribution's viewer certificate, and the hosted zone of `domain` (None without one)."""
    domain = args.get("domain")
    viewer_certificate: aws.cloudfront.DistributionViewerCertificateArgsDict = {
        "cloudfront_default_certificate": True
    }
    zone_id: pulumi.Input[str] | None = None
    if domain is not None:
        zone_id = args.get("hosted_zone_id")
        if zone_id is None:
            zone_id = aws.route53.get_zone_output(
                name=zone_name(domain), private_zone=False, opts=pulumi.InvokeOptions(parent=owner)
            ).zone_id
        viewer_certificate = {
            "acm_certificate_arn": dns_validated_certificate(
                owner, name, domain, zone_id, tags, region=CLOUDFRONT_REGION
            ),
            "ssl_support_method": "sni-only",
            "minimum_protocol_version": args.get(
                "minimum_protocol_version", DEFAULT_MINIMUM_PROTOCOL_VERSION
            ),
        }
    return viewer_certificate, zone_id


def alias_records(
    owner: pulumi.Resource,
    name: str,
    domain: str,
    zone_id: pulumi.Input[str],
    distribution: aws.cloudfront.Distribution,
) -> None:
    """The Route 53 alias records `<name>-a` and `<name>-aaaa` of `domain` to the distribution."""
    for record_type in ("A", "AAAA"):
        aws.route53.Record(
            f"{name}-{record_type.lower()}",
            zone_id=zone_id,
            name=domain,
            type=record_type,
            aliases=[
                {
                    "name": distribution.domain_name,
                    "zone_id": CLOUDFRONT_ZONE_ID,
                    "evaluate_target_health": False,
                }
            ],
            opts=pulumi.ResourceOptions(parent=owner),
        )
