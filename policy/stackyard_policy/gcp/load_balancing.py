"""The external Application Load Balancer: SSL policies (TLS 1.2 or later) and the proxies that use them,
plain HTTP only to redirect, request logging and Cloud Armor on the backend services (in production with
the Log4j rule and a rate limit)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..model import ADVISORY, MANDATORY, Resource, Rule, rule, stack_rule
from .helpers import EMPTY, UNDECIDED, _find, _input, _last_segment, _mappings

RULES: list[Rule] = []


SSL_POLICIES = ("gcp:compute/sSLPolicy:SSLPolicy", "gcp:compute/regionSslPolicy:RegionSslPolicy")
HTTPS_PROXIES = (
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    "gcp:compute/regionTargetHttpsProxy:RegionTargetHttpsProxy",
    "gcp:compute/targetSSLProxy:TargetSSLProxy",
)
HTTP_PROXIES = (
    "gcp:compute/targetHttpProxy:TargetHttpProxy",
    "gcp:compute/regionTargetHttpProxy:RegionTargetHttpProxy",
)
URL_MAPS = ("gcp:compute/uRLMap:URLMap", "gcp:compute/regionUrlMap:RegionUrlMap")
BACKEND_SERVICES = (
    "gcp:compute/backendService:BackendService",
    "gcp:compute/regionBackendService:RegionBackendService",
)
TLS_1_2_OR_LATER = ("TLS_1_2", "TLS_1_3")


@rule(
    "gcp-lb-ssl-policy-tls12",
    MANDATORY,
    [*SSL_POLICIES],
    "checkov CKV_GCP_4 and CRP aws-lb-listener-configure-secure-tls on AWS: TLS 1.0 and 1.1 are deprecated "
    "(the default minTlsVersion is TLS_1_0); the baseline asks for TLS 1.2 or later.",
    "Set min_tls_version TLS_1_2 (LoadBalancer and CdnSite do, with the MODERN profile) or TLS_1_3.",
    into=RULES,
)
def _ssl_policy(resource: Resource) -> str | None:
    version = _input(resource, "minTlsVersion", "TLS_1_0")
    if version is UNDECIDED or version in TLS_1_2_OR_LATER:
        return None
    return f"minTlsVersion is {version}: clients may negotiate TLS below 1.2"


@rule(
    "gcp-lb-https-proxy-ssl-policy",
    MANDATORY,
    [*HTTPS_PROXIES],
    "checkov CKV_AWS_103 on AWS: a proxy without an SSL policy uses Google's default (COMPATIBLE, TLS 1.0), "
    "so every HTTPS/SSL proxy names a policy that gcp-lb-ssl-policy-tls12 checks.",
    "LoadBalancer and CdnSite attach their TLS 1.2 policy; on a raw proxy set ssl_policy to a "
    "gcp.compute.SSLPolicy with min_tls_version TLS_1_2.",
    into=RULES,
)
def _https_proxy_ssl_policy(resource: Resource) -> str | None:
    policy = _input(resource, "sslPolicy")
    if policy is UNDECIDED or policy:
        return None
    return "no sslPolicy: Google's default policy accepts TLS 1.0"


def _serves_only_redirect(url_map: Resource) -> str | None:
    """Why a URL map does more than redirect everything to HTTPS (None when it only redirects)."""
    if _input(url_map, "defaultUrlRedirect.httpsRedirect", False) is not True:
        return "has no defaultUrlRedirect with httpsRedirect true"
    for key in ("defaultService", "defaultRouteAction", "hostRules", "pathMatchers"):
        value = _input(url_map, key)
        if value is not UNDECIDED and value not in EMPTY:
            return f"also routes requests ({key})"
    return None


@stack_rule(
    "gcp-lb-http-redirects-only",
    MANDATORY,
    [*HTTP_PROXIES, *URL_MAPS],
    "checkov CKV_AWS_2 and CKV2_AWS_20, AWSGuard alb-http-to-https-redirection on AWS: a plain-HTTP proxy "
    "only redirects to HTTPS, so nothing is ever served unencrypted.",
    "Point the HTTP proxy at a URL map with only default_url_redirect {https_redirect: True} (LoadBalancer "
    "and CdnSite create one); serve content only through the HTTPS proxy.",
    into=RULES,
)
def _http_redirect_only(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    url_maps = [r for r in resources if r.type in URL_MAPS]
    for proxy in resources:
        if proxy.type not in HTTP_PROXIES:
            continue
        reference = _input(proxy, "urlMap")
        url_map, decided = _find(url_maps, reference)
        if url_map is None:
            if decided:
                yield proxy, f"its URL map {reference!r} is not in this stack: the redirect cannot be checked"
            continue
        problem = _serves_only_redirect(url_map)
        if problem:
            yield proxy, f"plain-HTTP proxy whose URL map {_last_segment(str(reference))!r} {problem}"


@rule(
    "gcp-lb-backend-logging",
    ADVISORY,
    [*BACKEND_SERVICES],
    "cdk-nag ELB2, checkov CKV_AWS_91 and AWSGuard elb-logging-enabled on AWS: request logs of the load "
    "balancer are the record of who called what.",
    "LoadBalancer enables logging on its backend services; on a raw one set log_config {enable: True}.",
    into=RULES,
)
def _backend_logging(resource: Resource) -> str | None:
    enabled = _input(resource, "logConfig.enable", False)
    if enabled is UNDECIDED or enabled is True:
        return None
    return "logConfig.enable is not true: the load balancer does not log requests"


def _is_public_http_backend(resource: Resource) -> bool:
    default = "EXTERNAL_MANAGED" if resource.type == BACKEND_SERVICES[0] else "INTERNAL"
    scheme = _input(resource, "loadBalancingScheme", default)
    protocol = _input(resource, "protocol", "HTTP")
    return scheme in ("EXTERNAL", "EXTERNAL_MANAGED") and protocol in ("HTTP", "HTTPS", "HTTP2", "H2C")


@rule(
    "gcp-lb-cloud-armor",
    ADVISORY,
    [*BACKEND_SERVICES],
    "checkov CKV2_AWS_28 (WAF on internet-facing ALBs) and cdk-nag CFR2 on AWS: a Cloud Armor policy puts "
    "the OWASP rules and a per-client rate limit in front of a public backend.",
    "Set app.site.waf: true (a SecurityPolicy on every public service's backend), or pass security_policy to "
    "ContainerService.",
    into=RULES,
)
def _cloud_armor(resource: Resource) -> str | None:
    if not _is_public_http_backend(resource):
        return None
    policy = _input(resource, "securityPolicy")
    return None if policy is UNDECIDED or policy else "public backend service without a Cloud Armor policy"


SECURITY_POLICY = "gcp:compute/securityPolicy:SecurityPolicy"
# Backend services and security policies carry no environment label: a stack is a production one when its
# Cloud Run services (the backends' serverless NEGs serve them) are labelled environment prod.
LABELLED_BACKENDS = ("gcp:cloudrunv2/service:Service",)
RATE_ACTIONS = ("throttle", "rate_based_ban")
LOG4J_RULE = "'cve-canary'"


def _enforced(rules: list[Mapping[str, Any]], wanted: Callable[[Mapping[str, Any]], bool]) -> bool:
    """Whether an enforced (not preview) rule of the policy is `wanted`."""
    return any(r.get("preview") is not True and wanted(r) for r in rules)


def _is_log4j(entry: Mapping[str, Any]) -> bool:
    expression = _input(entry, "match.expr.expression")
    denies = str(entry.get("action")).startswith("deny")
    return denies and isinstance(expression, str) and LOG4J_RULE in expression


@stack_rule(
    "gcp-cloud-armor-prod",
    MANDATORY,
    [*BACKEND_SERVICES, SECURITY_POLICY, *LABELLED_BACKENDS],
    "checkov CKV_GCP_73 (Cloud Armor Log4j rule) and the twin of the AWS prod WAF rules (checkov "
    "CKV2_AWS_28, CKV_AWS_192): in a production stack every public backend service has a Cloud Armor "
    "policy, and every backend policy enforces the Log4j rule (cve-canary) and a per-client rate limit "
    "(Cloud Armor docs, waf-rules and rate-limiting-overview; issue #18).",
    "keep the prod profile's SecurityPolicy on the public services (Hardening.load_balancer_waf; "
    "log4j_rule and the rate limit stay on, preview off)",
    into=RULES,
)
def _cloud_armor_prod(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    if not any(r.is_prod for r in resources):  # the security policy's or the Cloud Run services' labels
        return
    for backend in resources:
        if backend.type in BACKEND_SERVICES and _is_public_http_backend(backend):
            policy = _input(backend, "securityPolicy")
            if policy is not UNDECIDED and not policy:
                yield backend, "production public backend service without a Cloud Armor policy"
    for policy in resources:
        if policy.type != SECURITY_POLICY or _input(policy, "type", "CLOUD_ARMOR") != "CLOUD_ARMOR":
            continue
        rules = _mappings(_input(policy, "rules"))
        if _input(policy, "rules") is UNDECIDED:
            continue
        if not _enforced(rules, _is_log4j):
            yield policy, "no enforced Log4j rule (evaluatePreconfiguredWaf('cve-canary', …), deny)"
        if not _enforced(rules, lambda r: r.get("action") in RATE_ACTIONS):
            yield policy, "no enforced rate-based rule (action throttle or rate_based_ban)"
