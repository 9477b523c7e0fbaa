"""The AWS edge, where requests come in: load balancers (listeners, listener rules, target groups) and WAF
web ACLs (rules, association, logging). CloudFront distributions are in `cloudfront`; `RULES` holds its
rules too, between the load balancer's and WAF logging's, and the names other modules import from here
(`DISTRIBUTION`, `LOG_DELIVERY_SOURCE`, the S3 origin patterns) stay importable from here."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ..model import ADVISORY, MANDATORY, Resource, Rule, rule, stack_rule
from . import cloudfront
from .cloudfront import (  # noqa: F401 - what the single module exported stays importable from here
    _CLOUDFRONT_TLS12,
    _S3_REST_ORIGIN,
    _S3_WEBSITE_ORIGIN,
    DISTRIBUTION,
    LOG_DELIVERY_SOURCE,
)
from .helpers import _items, _join, _mapping, _must_be_true, _name_length, _raw, _show, _strings, _unknown
from .observability import LOG_GROUP

RULES: list[Rule] = []


# pulumi-aws publishes every load balancer resource under both `lb` and `alb`.
LOAD_BALANCERS = ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
LISTENERS = ("aws:lb/listener:Listener", "aws:alb/listener:Listener")
TARGET_GROUPS = ("aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup")
LISTENER_RULES = ("aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule")
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
# AWS WAF writes only to destinations so named (AWS WAF API Reference, "LoggingConfiguration").
WAF_LOG_PREFIX = "aws-waf-logs-"
# Headers a WAF log must not hold: credentials and session cookies.
WAF_REDACTED_HEADERS = ("authorization", "cookie")
# The AWS managed rule groups every web ACL runs (issue #18; checkov CKV2_AWS_28/CKV_AWS_192 and the AWS WAF
# Developer Guide's "Baseline rule groups"): the core rule set, known bad inputs (Log4j) and IP reputation.
WAF_MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
)

# Load balancer and target group names: at most 32 characters; `namePrefix` at most 6 (pulumi-aws docs of
# aws.lb.TargetGroup; the provider validates aws.lb.LoadBalancer's the same way: 6 + 26 = 32).
LB_NAME_LIMIT = 32
LB_PREFIX_LIMIT = 6
_LB_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$")
# Listener policies whose minimum is TLS 1.2 (checkov CKV_AWS_103's prefixes; the TLS13-1-2/1-3 family is
# what stackyard's LoadBalancer offers). TLS13-1-0/1-1, 2016-08 (the provider's default) and FS-2018-06
# still accept TLS 1.0/1.1.
TLS12_LISTENER_POLICIES = (
    "ELBSecurityPolicy-TLS13-1-2-",
    "ELBSecurityPolicy-TLS13-1-3-",
    "ELBSecurityPolicy-TLS-1-2-",
    "ELBSecurityPolicy-FS-1-2-",
)


# -- load balancers ------------------------------------------------------------------------------------------


def _is_application(resource: Resource) -> bool:
    return _raw(resource, "loadBalancerType") in (None, "application")


def _balancers_of(listener: Resource, balancers: Mapping[str, Resource]) -> list[Resource]:
    """The load balancers of the stack a listener sits on: its `loadBalancerArn` flows from the load balancer,
    so the listener depends on it."""
    return [balancers[urn] for urn in listener.dependencies if urn in balancers]


def _on_internal_balancer(listener: Resource, balancers: Mapping[str, Resource]) -> bool:
    """Whether a listener is known to sit on an internal load balancer (input `internal: true`): one reached
    only from inside the VPC, e.g. by CloudFront through a VPC origin, where viewers' TLS ends at CloudFront.
    False when its load balancer is outside the stack or its `internal` is not known."""
    found = _balancers_of(listener, balancers)
    return bool(found) and all(_raw(b, "internal") is True for b in found)


@stack_rule(
    "aws-lb-http-redirects-to-https",
    MANDATORY,
    (*LISTENERS, *LOAD_BALANCERS),
    "Plain HTTP only redirects to HTTPS, so nothing is served unencrypted (checkov CKV_AWS_2, CKV2_AWS_20, "
    "AWSGuard alb-http-to-https-redirection); an internal load balancer's HTTP listener may serve, as its "
    "traffic never leaves the VPC (viewers' TLS ends at CloudFront, which reaches it through a VPC origin).",
    "make the HTTP listener's only default action a redirect to HTTPS (LoadBalancer's port 80 does)",
    RULES,
)
def _http_redirects(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    balancers = {r.urn: r for r in resources if r.type in LOAD_BALANCERS}
    for listener in resources:
        if listener.type not in LISTENERS or _on_internal_balancer(listener, balancers):
            continue
        problem = _http_redirect_problem(listener)
        if problem:
            yield listener, problem


def _http_redirect_problem(resource: Resource) -> str | None:
    """Why an HTTP listener's default actions are not only redirects to HTTPS; None when they are (or it is
    not an HTTP listener, or they are not known)."""
    if _raw(resource, "protocol") != "HTTP":
        return None
    actions = _raw(resource, "defaultActions")
    if _unknown(actions):
        return None
    for action in _items(actions):
        entry = _mapping(action)
        kind = entry.get("type")
        target = _mapping(entry.get("redirect")).get("protocol")
        if _unknown(kind) or _unknown(target):
            continue
        if kind != "redirect" or target != "HTTPS":
            return f"the HTTP listener's default action is {_show(kind)}, not a redirect to HTTPS"
    return None


@rule(
    "aws-lb-tls12-policy",
    MANDATORY,
    LISTENERS,
    "HTTPS/TLS listeners accept TLS 1.2 or newer only (checkov CKV_AWS_103, CRP "
    "aws-lb-listener-configure-secure-tls).",
    "set LoadBalancer ssl_policy to a TLS13-1-2/1-3 policy (default ELBSecurityPolicy-TLS13-1-2-2021-06)",
    RULES,
)
def _listener_tls(resource: Resource) -> str | None:
    if _raw(resource, "protocol") not in ("HTTPS", "TLS"):
        return None
    policy = _raw(resource, "sslPolicy")
    if _unknown(policy):
        return None
    if policy is None:
        return "sslPolicy is not set (the default ELBSecurityPolicy-2016-08 accepts TLS 1.0)"
    if not isinstance(policy, str) or not policy.startswith(TLS12_LISTENER_POLICIES):
        return f"sslPolicy {_show(policy)} accepts TLS versions older than 1.2"
    return None


@rule(
    "aws-lb-drop-invalid-headers",
    MANDATORY,
    LOAD_BALANCERS,
    "An Application Load Balancer drops malformed HTTP headers instead of passing them to targets (checkov "
    "CKV_AWS_131).",
    "set dropInvalidHeaderFields: true (stackyard's LoadBalancer does)",
    RULES,
)
def _drop_invalid_headers(resource: Resource) -> str | None:
    return _must_be_true(resource, "dropInvalidHeaderFields") if _is_application(resource) else None


@rule(
    "aws-lb-desync-mitigation",
    MANDATORY,
    LOAD_BALANCERS,
    "HTTP desync (request smuggling) mitigation stays 'defensive' or 'strictest' (checkov CKV_AWS_328).",
    "set desyncMitigationMode to defensive (the default) or strictest",
    RULES,
)
def _desync(resource: Resource) -> str | None:
    mode = _raw(resource, "desyncMitigationMode")
    return "desyncMitigationMode is monitor" if _is_application(resource) and mode == "monitor" else None


@rule(
    "aws-lb-access-logs",
    ADVISORY,
    LOAD_BALANCERS,
    "Access logs record every request, for debugging and incident response (cdk-nag ELB2, checkov "
    "CKV_AWS_91, AWSGuard elb-logging-enabled).",
    "keep LoadBalancer access_logs: true (the default)",
    RULES,
)
def _lb_access_logs(resource: Resource) -> str | None:
    enabled = _raw(resource, "accessLogs.enabled")
    if enabled is True or _unknown(enabled) or _unknown(_raw(resource, "accessLogs")):
        return None
    return "access logs are off"


@rule(
    "aws-lb-deletion-protection-prod",
    ADVISORY,
    LOAD_BALANCERS,
    "A production load balancer (and the DNS names pointing at it) should not be deletable by one call "
    "(checkov CKV_AWS_150, AWSGuard elb-deletion-protection-enabled).",
    "set LoadBalancer deletion_protection: true (the prod profile does)",
    RULES,
)
def _lb_deletion_protection(resource: Resource) -> str | None:
    return _must_be_true(resource, "enableDeletionProtection") if resource.is_prod else None


def _is_public_application(resource: Resource) -> bool:
    return _is_application(resource) and _raw(resource, "internal") in (None, False)


@stack_rule(
    "aws-lb-waf-prod",
    MANDATORY,
    (*LOAD_BALANCERS, WEB_ACL_ASSOCIATION),
    "A production load balancer open to the internet is behind a regional WAF web ACL, not only the CDN in "
    "front of some of its hosts: requests to its own names reach it directly (checkov CKV2_AWS_28, issue "
    "#18).",
    "keep LoadBalancer web_acl: true (the prod profile does): a web ACL with AWS managed rules and a rate "
    "limit, associated with the load balancer",
    RULES,
)
def _lb_waf(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # An association names the load balancer by ARN, which is not among the load balancer's inputs: the
    # association depends on it.
    protected = {urn for r in resources if r.type == WEB_ACL_ASSOCIATION for urn in r.dependencies}
    for balancer in resources:
        if (
            balancer.type in LOAD_BALANCERS
            and balancer.is_prod
            and _is_public_application(balancer)
            and balancer.urn not in protected
        ):
            yield balancer, "no WAF web ACL is associated with this internet-facing load balancer"


def _forwards(rule_: Resource) -> bool:
    """Whether a listener rule sends requests on to targets (a forward action, weighted or not)."""
    for action in _items(_raw(rule_, "actions")):
        entry = _mapping(action)
        if entry.get("type") == "forward" or entry.get("targetGroupArn") or entry.get("forward"):
            return True
    return False


@stack_rule(
    "aws-lb-forward-rules-on-https",
    MANDATORY,
    (*LISTENERS, *LISTENER_RULES, *LOAD_BALANCERS),
    "Traffic reaches targets only over HTTPS: the HTTP listener only redirects, and a listener rule that "
    "forwards to a target group sits on the HTTPS listener, never on port 80, where it would serve the "
    "service unencrypted (checkov CKV_AWS_2 and CKV2_AWS_20 judge only the listener's default action); "
    "an internal load balancer's HTTP listener may forward, as its traffic never leaves the VPC.",
    "give listener rules the HTTPS listener (LoadBalancer https_listener_arn), never http_listener_arn",
    RULES,
)
def _forward_on_https(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # A listener rule names its listener by ARN, which is not among the listener's inputs: the rule depends on
    # it. A rule whose listener is outside the stack cannot be judged here.
    listeners = {r.urn: r for r in resources if r.type in LISTENERS}
    balancers = {r.urn: r for r in resources if r.type in LOAD_BALANCERS}
    for rule_ in resources:
        if rule_.type not in LISTENER_RULES or not _forwards(rule_):
            continue
        for urn in rule_.dependencies:
            listener = listeners.get(urn)
            if listener is None:
                continue
            protocol = _raw(listener, "protocol")
            if protocol == "HTTPS" or _unknown(protocol) or _on_internal_balancer(listener, balancers):
                continue
            yield (
                rule_,
                (
                    f"this rule forwards to targets from the {_show(protocol)} listener on port "
                    f"{_show(_raw(listener, 'port'))}; forward only from the HTTPS listener"
                ),
            )


# -- WAF -----------------------------------------------------------------------------------------------------


@rule(
    "aws-waf-managed-rules",
    MANDATORY,
    [WEB_ACL],
    "A web ACL runs the AWS managed core rule set, known bad inputs (Log4j) and IP reputation rule groups, "
    "each with its own actions, and a rate-based rule, so it blocks common attacks and floods rather than "
    "only counting them (checkov CKV_AWS_192 asks for the Log4j rules; issue #18; AWS WAF Developer Guide, "
    '"Baseline rule groups").',
    "use stackyard's web ACL (CdnSite web_acl, LoadBalancer web_acl): the three managed rule groups and a "
    "per-IP rate limit",
    RULES,
)
def _waf_managed_rules(resource: Resource) -> str | None:
    rules = _raw(resource, "rules")
    if _unknown(rules):
        return None
    groups: dict[str, Mapping[str, object]] = {}
    rate_limited = False
    for entry in map(_mapping, _items(rules)):
        statement = _mapping(entry.get("statement"))
        managed = _mapping(statement.get("managedRuleGroupStatement"))
        if managed.get("vendorName") == "AWS" and isinstance(managed.get("name"), str):
            groups[str(managed["name"])] = entry
        if statement.get("rateBasedStatement") and "block" in _mapping(entry.get("action")):
            rate_limited = True
    problems = [f"no {group} rule group" for group in WAF_MANAGED_RULE_GROUPS if group not in groups]
    problems += [
        f"the {group} rule group only counts (overrideAction count)"
        for group in WAF_MANAGED_RULE_GROUPS
        if "count" in _mapping(_mapping(groups.get(group)).get("overrideAction"))
    ]
    if not rate_limited:
        problems.append("no rate-based rule that blocks")
    return _join(problems)


@rule(
    "aws-lb-name-length",
    MANDATORY,
    (*LOAD_BALANCERS, *TARGET_GROUPS),
    "Load balancer and target group names are at most 32 characters (namePrefix at most 6), Pulumi's "
    "8-character suffix included, a limit the mocks do not check.",
    "shorten app.name (LoadBalancer passes an explicit name, ContainerService a 6-character namePrefix)",
    RULES,
)
def _lb_name(resource: Resource) -> str | None:
    problem = _name_length(resource, "name", LB_NAME_LIMIT, "namePrefix", LB_PREFIX_LIMIT)
    if problem:
        return problem
    name = _raw(resource, "name")
    if isinstance(name, str) and not _unknown(name) and not _LB_NAME.match(name):
        return f"name {name!r} must be letters, digits and inner hyphens"
    return None


# CloudFront's rules (module `cloudfront`) keep their place in the pack's order, before WAF logging's.
RULES.extend(cloudfront.RULES)


def _destination_name(arn: str) -> str:
    """The name of a WAF log destination from its ARN: a log group's, a bucket's or a delivery stream's."""
    if ":log-group:" in arn:
        return arn.split(":log-group:", 1)[1].removesuffix(":*")
    return arn.rsplit(":", 1)[-1].rsplit("/", 1)[-1]


@stack_rule(
    "aws-waf-logging",
    MANDATORY,
    (WEB_ACL, WEB_ACL_LOGGING, LOG_GROUP),
    "Every web ACL, CloudFront's and the load balancer's, logs the requests it inspects, to a destination "
    "named aws-waf-logs-..., the only name AWS WAF writes to, so a block can be explained and an attack "
    "traced (checkov CKV2_AWS_31, issue #18).",
    "keep CdnSite/LoadBalancer web_acl's logging (a WebAclLoggingConfiguration into the log group "
    "aws-waf-logs-<physical_name>-cdn/-alb)",
    RULES,
)
def _waf_logging(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # A logging configuration names its web ACL and log group by ARN: it depends on both.
    groups = {r.urn: r for r in resources if r.type == LOG_GROUP}
    logged: set[str] = set()
    for logging in resources:
        if logging.type != WEB_ACL_LOGGING:
            continue
        logged.update(logging.dependencies)
        names = [
            _destination_name(arn)
            for arn in _strings(_raw(logging, "logDestinationConfigs"))
            if not _unknown(arn)
        ]
        names += [
            name
            for urn in logging.dependencies
            if urn in groups
            for name in (_raw(groups[urn], "name"), _raw(groups[urn], "namePrefix"))
            if isinstance(name, str) and not _unknown(name)
        ]
        wrong = sorted({n for n in names if not n.startswith(WAF_LOG_PREFIX)})
        if wrong:
            yield logging, f"AWS WAF writes only to destinations named {WAF_LOG_PREFIX}..., not {wrong[0]!r}"
    for acl in resources:
        if acl.type == WEB_ACL and acl.urn not in logged:
            yield acl, "no logging configuration for this web ACL"


@rule(
    "aws-waf-logs-redact-credentials",
    MANDATORY,
    [WEB_ACL_LOGGING],
    "WAF logs hold every request's headers; the Authorization header and the Cookie header carry "
    "credentials and session tokens and are redacted, so the logs are not a second place to steal them "
    "from (checkov CKV2_AWS_31 asks for logging, issue #18 for the redaction).",
    "redact the authorization and cookie headers (redactedFields singleHeader; stackyard's web ACLs do)",
    RULES,
)
def _waf_redacted(resource: Resource) -> str | None:
    fields = _raw(resource, "redactedFields")
    if _unknown(fields):
        return None
    redacted = set()
    for entry in map(_mapping, _items(fields)):
        name = _mapping(entry.get("singleHeader")).get("name")
        if isinstance(name, str):
            redacted.add(name.lower())
    missing = [h for h in WAF_REDACTED_HEADERS if h not in redacted]
    return (
        f"the {' and '.join(missing)} header{'s are' if len(missing) > 1 else ' is'} not redacted"
        if missing
        else None
    )
