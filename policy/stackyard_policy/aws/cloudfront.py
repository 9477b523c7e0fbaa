"""CloudFront, the CDN in front of sites: distributions (S3 origins behind an origin access control, viewer
and origin TLS, security response headers, a web ACL) and their access logs (CloudWatch log delivery
sources). `edge.RULES` lists these rules between the load balancer's and WAF logging's, their place in the
pack's order."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ..model import ADVISORY, MANDATORY, UNKNOWN, Resource, Rule, rule, stack_rule
from .helpers import _items, _join, _mapping, _raw, _show, _strings, _unknown

RULES: list[Rule] = []


DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
LOG_DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"

_CLOUDFRONT_TLS12 = re.compile(r"^TLSv1\.[23]_\d{4}$")
# An S3 REST endpoint as a CloudFront origin: <bucket>.s3.amazonaws.com or <bucket>.s3.<region>.amazonaws.com
# (a website endpoint, <bucket>.s3-website[-.]<region>.amazonaws.com, needs a public bucket).
_S3_REST_ORIGIN = re.compile(r"^(?P<bucket>.+)\.s3(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$")
_S3_WEBSITE_ORIGIN = re.compile(r"^(?P<bucket>.+)\.s3-website[.-][a-z0-9-]+\.amazonaws\.com(\.cn)?$")


@rule(
    "aws-cloudfront-s3-origin-access-control",
    MANDATORY,
    [DISTRIBUTION],
    "A bucket behind the CDN stays private and is read through an origin access control (cdk-nag CFR7, "
    "checkov CKV2_AWS_46, cdk-nag S5).",
    "serve the bucket with stackyard's CdnSite (an OAC plus a bucket policy for it), not a public bucket",
    RULES,
)
def _cloudfront_oac(resource: Resource) -> str | None:
    origins = _raw(resource, "origins")
    if _unknown(origins):
        return None
    problems: list[str] = []
    for origin in _items(origins):
        entry = _mapping(origin)
        domain = entry.get("domainName")
        if not isinstance(domain, str) or _unknown(domain):
            continue
        label = f"origin {entry.get('originId')} ({domain})"
        if _S3_WEBSITE_ORIGIN.match(domain):
            problems.append(f"{label} is an S3 website endpoint, which needs a public bucket")
        elif _S3_REST_ORIGIN.match(domain) and not entry.get("originAccessControlId"):
            problems.append(f"{label} has no origin access control")
    return _join(problems)


@rule(
    "aws-cloudfront-viewer-https",
    MANDATORY,
    [DISTRIBUTION],
    "Viewers reach the CDN over HTTPS only (checkov CKV_AWS_34).",
    "set viewerProtocolPolicy redirect-to-https or https-only on every cache behavior (CdnSite does)",
    RULES,
)
def _cloudfront_https(resource: Resource) -> str | None:
    behaviors = [("default", _raw(resource, "defaultCacheBehavior"))]
    behaviors += [
        (str(_mapping(b).get("pathPattern")), b) for b in _items(_raw(resource, "orderedCacheBehaviors"))
    ]
    problems: list[str] = []
    for label, behavior in behaviors:
        if behavior is None or _unknown(behavior):
            continue
        policy = _mapping(behavior).get("viewerProtocolPolicy")
        if not _unknown(policy) and policy not in ("redirect-to-https", "https-only"):
            problems.append(f"cache behavior {label} has viewerProtocolPolicy {_show(policy)}")
    return _join(problems)


def _default_certificate(resource: Resource) -> bool:
    """Whether a distribution serves viewers with the default *.cloudfront.net certificate, for which
    CloudFront sets the security policy TLSv1 whatever minimumProtocolVersion says (CloudFront API
    Reference, ViewerCertificate MinimumProtocolVersion)."""
    return _mapping(_raw(resource, "viewerCertificate")).get("cloudfrontDefaultCertificate") is True


def _known_not_prod(resource: Resource) -> bool:
    """Whether a resource carries a stackyard environment other than prod (one without any is not known
    not to be prod)."""
    return resource.environment is not None and not resource.is_prod


@rule(
    "aws-cloudfront-viewer-tls12",
    MANDATORY,
    [DISTRIBUTION],
    "Viewers negotiate TLS 1.2 or newer, which needs a custom certificate (checkov CKV_AWS_174, cdk-nag "
    "CFR4; CRP wants exactly TLSv1.2_2021, which CdnSite uses); a staging distribution without a domain may "
    "keep the default certificate (aws-cloudfront-default-certificate advises against it).",
    "give the site a domain (an ACM certificate) and minimumProtocolVersion TLSv1.2_2021 (CdnSite does)",
    RULES,
)
def _cloudfront_tls(resource: Resource) -> str | None:
    certificate = _raw(resource, "viewerCertificate")
    if _unknown(certificate):
        return None
    entry = _mapping(certificate)
    if entry.get("cloudfrontDefaultCertificate") is True:
        return None if _known_not_prod(resource) else "the default *.cloudfront.net certificate allows TLSv1"
    version = entry.get("minimumProtocolVersion")
    if _unknown(version):
        return None
    if not isinstance(version, str) or not _CLOUDFRONT_TLS12.match(version):
        return f"minimumProtocolVersion is {_show(version)}" + (" (default TLSv1)" if version is None else "")
    return None


@rule(
    "aws-cloudfront-default-certificate",
    ADVISORY,
    [DISTRIBUTION],
    "A staging distribution without a domain serves viewers with the default *.cloudfront.net certificate, "
    "for which CloudFront sets the security policy TLSv1 whatever minimumProtocolVersion says (checkov "
    "CKV_AWS_174, cdk-nag CFR4); production needs a domain, and aws-cloudfront-viewer-tls12 refuses it "
    "there.",
    "give the stack app.domain, so the distribution gets an ACM certificate and TLSv1.2_2021",
    RULES,
)
def _cloudfront_default_certificate(resource: Resource) -> str | None:
    if _default_certificate(resource) and _known_not_prod(resource):
        return (
            "the default *.cloudfront.net certificate lets viewers negotiate TLSv1; give the stack "
            "app.domain for TLS 1.2+"
        )
    return None


@rule(
    "aws-cloudfront-origin-tls",
    MANDATORY,
    [DISTRIBUTION],
    "The CDN reaches custom origins over HTTPS with TLS 1.2 only (cdk-nag CFR5).",
    "set originProtocolPolicy https-only and originSslProtocols [TLSv1.2] (CdnSite's API origin does)",
    RULES,
)
def _cloudfront_origin_tls(resource: Resource) -> str | None:
    problems: list[str] = []
    for origin in _items(_raw(resource, "origins")):
        entry = _mapping(origin)
        custom = entry.get("customOriginConfig")
        if not isinstance(custom, Mapping):
            continue
        label = f"origin {entry.get('originId')}"
        policy = custom.get("originProtocolPolicy")
        if not _unknown(policy) and policy != "https-only":
            problems.append(f"{label} has originProtocolPolicy {_show(policy)}")
        old = [p for p in _strings(custom.get("originSslProtocols")) if p in ("SSLv3", "TLSv1", "TLSv1.1")]
        if old:
            problems.append(f"{label} allows {', '.join(old)}")
    return _join(problems)


def _behaviors(resource: Resource) -> list[tuple[str, object]]:
    """A distribution's cache behaviors: ("default", …) and (path pattern, …) for each ordered one."""
    behaviors: list[tuple[str, object]] = [("default", _raw(resource, "defaultCacheBehavior"))]
    behaviors += [
        (str(_mapping(b).get("pathPattern")), b) for b in _items(_raw(resource, "orderedCacheBehaviors"))
    ]
    return behaviors


@rule(
    "aws-cloudfront-response-headers",
    MANDATORY,
    [DISTRIBUTION],
    "Every cache behavior, the ordered ones included, adds the security headers (HSTS, nosniff, frame "
    "options, referrer policy) through a response headers policy, so no path of the site is served "
    "without them (checkov CKV2_AWS_32, issue #18).",
    "give every cache behavior a responseHeadersPolicyId (CdnSite's security headers policy does)",
    RULES,
)
def _cloudfront_response_headers(resource: Resource) -> str | None:
    problems: list[str] = []
    for label, behavior in _behaviors(resource):
        if behavior is None or _unknown(behavior):
            continue
        policy = _mapping(behavior).get("responseHeadersPolicyId")
        if not policy and not _unknown(policy):
            problems.append(f"cache behavior {label} has no responseHeadersPolicyId")
    return _join(problems)


@rule(
    "aws-cloudfront-waf",
    ADVISORY,
    [DISTRIBUTION],
    "A web application firewall filters common attacks and floods before they reach the site (checkov "
    "CKV_AWS_68, cdk-nag CFR2 (warning)).",
    "set app.site.waf: true (managed rules and a per-IP rate limit)",
    RULES,
)
def _cloudfront_waf(resource: Resource) -> str | None:
    acl = _raw(resource, "webAclId")
    return None if acl or _unknown(acl) else "no web ACL"


@stack_rule(
    "aws-cloudfront-access-logs",
    ADVISORY,
    (DISTRIBUTION, LOG_DELIVERY_SOURCE),
    "CDN access logs record every request (cdk-nag CFR3, checkov CKV_AWS_86).",
    "keep CdnSite's access logs on (CloudWatch log delivery), or set loggingConfig",
    RULES,
)
def _cloudfront_logs(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # A distribution logs either through its legacy `loggingConfig` or through a CloudWatch log delivery
    # source pointing at its ARN; the ARN is not among the distribution's inputs, so sources are counted.
    unlogged = [r for r in resources if r.type == DISTRIBUTION and not _raw(r, "loggingConfig.bucket")]
    sources = [
        r
        for r in resources
        if r.type == LOG_DELIVERY_SOURCE
        and _raw(r, "logType") in ("ACCESS_LOGS", UNKNOWN)
        and (_unknown(_raw(r, "resourceArn")) or ":cloudfront::" in str(_raw(r, "resourceArn")))
    ]
    if len(sources) < len(unlogged):
        for distribution in unlogged:
            yield distribution, "no loggingConfig and no CloudWatch access-log delivery for it"
