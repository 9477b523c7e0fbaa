"""AWS edge and traffic: load balancers, ACM certificates, WAF web ACLs, Route 53 (zones, records,
health checks) and Cloud Map namespaces, CloudFront distributions."""

from __future__ import annotations

from ..context import Context, Outcome, Resource, Rule, not_priced
from ..model import Line
from .common import H, registrar

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "aws:lb/listener:Listener",
            "aws:lb/listenerRule:ListenerRule",
            "aws:lb/targetGroup:TargetGroup",
        ),
        "part of the load balancer, which is priced (hours and LCUs)",
    ),
    **dict.fromkeys(
        (
            "aws:acm/certificate:Certificate",
            "aws:acm/certificateValidation:CertificateValidation",
        ),
        "public ACM certificates have no charge",
    ),
    "aws:wafv2/webAclAssociation:WebAclAssociation": "configuration of the web ACL, which is priced",
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": (
        "configuration of the web ACL; its logs are priced as the log group's ingestion and storage"
    ),
    "aws:cloudfront/originAccessControl:OriginAccessControl": "CloudFront configuration: no charge",
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": "CloudFront configuration: no charge",
    "aws:cloudfront/vpcOrigin:VpcOrigin": (
        "CloudFront VPC origins have no charge of their own; the distribution's requests and data are priced"
    ),
    "aws:route53/record:Record": (
        "queries to alias records of AWS resources are free; other queries ($0.40 per million) are "
        "negligible here and not modelled"
    ),
}

NOT_PRICED: dict[str, str] = {
    "aws:cloudfront/function:Function": (
        "usage-billed per million invocations (one per viewer request); no price in the table"
    ),
}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
def load_balancer(r: Resource, ctx: Context) -> Outcome:
    kind = str(r.get("loadBalancerType", "application"))
    if kind not in ("application", "network"):
        return not_priced(f"a {kind} load balancer; not in the table")
    zones = len(r.get("subnets", [])) or len(r.get("subnetMappings", [])) or 2
    return Outcome(load_balancer_lines(r, ctx, kind, zones, public=not r.get("internal", False)))


def load_balancer_lines(r: Resource, ctx: Context, kind: str, zones: int, public: bool) -> list[Line]:
    usage = ctx.usage_of(r, "load_balancer")
    lines = [ctx.fixed(f"{kind.capitalize()} load balancer", H, "hours", f"elb.{kind}.hour")]
    if public:
        lines.append(
            ctx.fixed(
                f"Public IPv4 addresses ({zones}, one per zone)",
                zones * H,
                "hours",
                "ec2.public_ipv4.hour",
                note="at least one per zone; a busy load balancer adds nodes",
            )
        )
    lines.append(
        ctx.use(
            "Load balancer capacity units",
            usage["lcu"] * H,
            "LCU-hours",
            f"elb.{kind}.lcu_hour",
            "load_balancer.lcu",
        )
    )
    return lines


@rule("aws:wafv2/webAcl:WebAcl")
def web_acl(r: Resource, ctx: Context) -> Outcome:
    rules = len(r.get("rules", []))
    usage = ctx.usage_of(r, "waf")
    return Outcome(
        [
            ctx.fixed("Web ACL", 1, "web ACL-months", "wafv2.web_acl.month"),
            ctx.fixed(f"Rules and managed rule groups ({rules})", rules, "rule-months", "wafv2.rule.month"),
            ctx.use(
                "Requests",
                usage["requests_million"],
                "1M requests",
                "wafv2.requests.million",
                "waf.requests_million",
            ),
        ]
    )


@rule("aws:route53/healthCheck:HealthCheck")
def health_check(r: Resource, ctx: Context) -> Outcome:
    kind = str(r.get("type", "HTTP"))
    features = []
    if kind.startswith("HTTPS"):
        features.append("HTTPS")
    if kind.endswith("STR_MATCH"):
        features.append("string matching")
    if int(r.get("requestInterval", 30)) < 30:
        features.append("fast interval")
    if r.get("measureLatency"):
        features.append("latency measurement")
    lines = [
        ctx.fixed("Health check (AWS endpoint)", 1, "health check-months", "route53.health_check.aws.month")
    ]
    if features:
        lines.append(
            ctx.fixed(
                f"Optional features ({', '.join(features)})",
                len(features),
                "feature-months",
                "route53.health_check.aws_feature.month",
            )
        )
    return Outcome(lines, note="priced as a check of an AWS endpoint (the stack's own load balancer or CDN)")


@rule("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")
def private_namespace(r: Resource, ctx: Context) -> Outcome:
    return Outcome(
        [ctx.fixed("Private hosted zone of the namespace", 1, "zone-months", "route53.hosted_zone.month")],
        note="Cloud Map creates a Route 53 private hosted zone for the namespace",
    )


@rule("aws:route53/zone:Zone")
def hosted_zone(r: Resource, ctx: Context) -> Outcome:
    return Outcome([ctx.fixed("Hosted zone", 1, "zone-months", "route53.hosted_zone.month")])


@rule("aws:cloudfront/distribution:Distribution")
def distribution(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "cdn")
    india = (ctx.region or "").startswith("ap-south")
    area = "india" if india else "us_eu"
    label = "India" if india else "US, Canada, Europe"
    return Outcome(
        [
            ctx.use(
                f"Data out to viewers ({label}, first 10 TB)",
                usage["data_out_gb"],
                "GB",
                f"cloudfront.data_out.{area}.gb",
                "cdn.data_out_gb",
            ),
            ctx.use(
                f"HTTPS requests ({label})",
                usage["https_requests_10k"],
                "10k requests",
                f"cloudfront.https_requests.{area}.10k",
                "cdn.https_requests_10k",
            ),
        ],
        note="viewers assumed near the stack's region; CloudFront bills by the edge location serving them",
    )
