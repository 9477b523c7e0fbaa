"""`SecurityPolicy`: a Cloud Armor security policy for the public load balancer: OWASP Core Rule Set WAF
rules, a per-IP rate limit, IP and region block lists and Adaptive Protection on backend services; or, with
`edge`, an edge policy (IP and region block lists only) for Cloud CDN backend buckets."""

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import pulumi
import pulumi_gcp as gcp

from ..bounds import Between, OneOf, bounds
from ..checks import check_bounds, refuse_unknown_keys
from ..naming import physical_base, physical_name
from .https_frontend import NAME_LIMIT, checked_managed_labels, is_cidr

COMPONENT = "SecurityPolicy"
# Preconfigured WAF rules from the OWASP Core Rule Set 3.3 (cloud.google.com/armor/docs/waf-rules, "CRS
# 3.3"): the short name here -> `<name>-v33-stable`, each with a fixed rule priority (3000 + position),
# so adding or removing one never renumbers another.
WAF_RULE_SETS = (
    "sqli",
    "xss",
    "lfi",
    "rfi",
    "rce",
    "methodenforcement",
    "scannerdetection",
    "protocolattack",
    "php",
    "sessionfixation",
    "java",
    "nodejs",
)
# methodenforcement (only GET, HEAD, POST, OPTIONS) would refuse an API's PUT, PATCH and DELETE; php, java
# and nodejs are for those stacks. Opt in through `waf_rules`.
DEFAULT_WAF_RULES = (
    "sqli",
    "xss",
    "lfi",
    "rfi",
    "rce",
    "scannerdetection",
    "protocolattack",
    "sessionfixation",
)
# "You can select a sensitivity between 0 and 4, though sensitivity level 0 means that no rules are enabled"
# (cloud.google.com/armor/docs/rule-tuning); 1 enables only the highest-confidence signatures.
MIN_SENSITIVITY, MAX_SENSITIVITY = 1, 4
# Throttle rules: "The minimum value is 1 and the maximum value is 1,000,000" requests per interval, and
# the interval is one of 10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700 or 3600 seconds
# (cloud.google.com/armor/docs/rate-limiting-overview).
MIN_RATE_LIMIT, MAX_RATE_LIMIT = 1, 1_000_000
RATE_INTERVAL_SECONDS = 300
DEFAULT_RATE_LIMIT = 2000
JSON_PARSING = ("STANDARD", "STANDARD_WITH_GRAPHQL", "DISABLED")
# A basic match condition takes at most 10 source IP ranges (provider `src_ip_ranges`); an advanced one at
# most five subexpressions (cloud.google.com/armor/docs/create-security-policy-rules).
IP_RANGES_PER_RULE = 10
REGIONS_PER_RULE = 5
BLOCKED_IPS_PRIORITY = 1000
BLOCKED_REGIONS_PRIORITY = 2000
WAF_PRIORITY = 3000
RATE_LIMIT_PRIORITY = 4000
# The Log4j rule (CVE-2021-44228, CVE-2021-45046): the preconfigured rule `cve-canary`, with exactly its four
# Log4j signatures opted in at sensitivity 0, so no other CVE signature of that fast-moving rule set can
# block a request by surprise (cloud.google.com/armor/docs/waf-rules, "CVEs and other vulnerabilities";
# cloud.google.com/armor/docs/rule-tuning, "Opt in rule signatures"). Checkov CKV_GCP_73 asks for it.
LOG4J_PRIORITY = 3100
LOG4J_SIGNATURES = tuple(f"owasp-crs-v030001-id{n}44228-cve" for n in range(4))
LOG4J_EXPRESSION = (
    "evaluatePreconfiguredWaf('cve-canary', {'sensitivity': 0, 'opt_in_rule_ids': ["
    + ", ".join(f"'{rule_id}'" for rule_id in LOG4J_SIGNATURES)
    + "]})"
)
DEFAULT_RULE_PRIORITY = 2147483647
DENY = "deny(403)"
_REGION = re.compile(r"^[A-Z]{2}$")
# Arguments an edge policy cannot use: it matches only IP ranges and regions.
EDGE_REFUSED = (
    "waf_rules",
    "waf_sensitivity",
    "adaptive_protection",
    "json_parsing",
    "verbose_logging",
    "preview",
    "log4j_rule",
)


class SecurityPolicyArgs(TypedDict, total=False):
    rate_limit: int
    """Requests one client IP may make in 5 minutes (a `throttle` rule, interval 300 s); requests beyond it
    get 429 until the rate falls back. 1 to 1,000,000. Default 2000. Not applied with `edge` (edge policies
    cannot rate-limit): it is accepted and ignored there, so one setting can serve both kinds."""
    waf_rules: list[str]
    """Preconfigured OWASP CRS 3.3 WAF rule sets, each a rule answering 403 on a match: any of "sqli",
    "xss", "lfi", "rfi", "rce", "methodenforcement", "scannerdetection", "protocolattack", "php",
    "sessionfixation", "java", "nodejs" (used as `<name>-v33-stable`). Default ["sqli", "xss", "lfi", "rfi",
    "rce", "scannerdetection", "protocolattack", "sessionfixation"]; [] for none. Refused with `edge`."""
    waf_sensitivity: int
    """WAF sensitivity (OWASP paranoia level), 1 to 4: higher catches more and blocks more legitimate
    requests by mistake. Default 1 (the highest-confidence signatures only). Refused with `edge`."""
    blocked_ip_ranges: list[str]
    """IPv4/IPv6 addresses or CIDR ranges refused with 403, e.g. ["203.0.113.0/24"]. Default []."""
    blocked_regions: list[str]
    """Client regions refused with 403, as upper-case ISO 3166-1 alpha-2 codes, e.g. ["KP", "IR"]. Default
    []."""
    adaptive_protection: bool
    """Adaptive Protection's layer-7 DDoS defense (alerts with suggested rules for volumetric attacks).
    Default True. Refused with `edge`."""
    json_parsing: str
    """How WAF rules inspect request bodies: "STANDARD" (parse JSON, fewer false positives on JSON APIs),
    "STANDARD_WITH_GRAPHQL" or "DISABLED". Default "STANDARD". Refused with `edge`."""
    log4j_rule: bool
    """The Log4j rule: `cve-canary`'s Log4j signatures (CVE-2021-44228 and CVE-2021-45046), answering 403,
    at priority 3100 (`LOG4J_EXPRESSION`). Default True. Refused with `edge`."""
    verbose_logging: bool
    """Verbose request logging (which part of a request matched a WAF rule; may log request content).
    Default False. Refused with `edge`."""
    preview: bool
    """Put the WAF and rate-limit rules in preview: their matches are logged, not enforced (for tuning
    before enforcing). Block lists are always enforced. Default False. Refused with `edge`."""
    edge: bool
    """Make an edge security policy (CLOUD_ARMOR_EDGE) for Cloud CDN backend buckets (e.g. a CdnSite's
    `edge_security_policy`) instead of a backend policy: it filters every request, cached ones included,
    but supports only IP and region matching, so it has the block lists and the default allow rule only;
    `rate_limit` is ignored and the WAF arguments are refused. Default False."""
    labels: dict[str, str]
    """Labels on the policy, plus managed-by: stackyard. Default {}."""
    physical_name: str
    """The base of the policy's name. Default: the component's name. Give each stack its own (e.g.
    "shop-staging-api") so that two stacks in one project never collide, while the logical names, and so the
    URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter."""


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type.
BOUNDS = bounds(
    SecurityPolicyArgs,
    rate_limit=Between(
        MIN_RATE_LIMIT,
        MAX_RATE_LIMIT,
        what=f"a whole number of requests per IP in 5 minutes from {MIN_RATE_LIMIT} to {MAX_RATE_LIMIT:,}",
    ),
    waf_sensitivity=Between(MIN_SENSITIVITY, MAX_SENSITIVITY),
    json_parsing=OneOf(*JSON_PARSING),
)


@dataclass(frozen=True)
class _Settings:
    edge: bool
    rate_limit: int
    waf_rules: tuple[str, ...]
    waf_sensitivity: int
    blocked_ip_ranges: list[str]
    blocked_regions: list[str]
    adaptive_protection: bool
    json_parsing: str
    verbose_logging: bool
    preview: bool
    log4j_rule: bool
    labels: dict[str, str]


class SecurityPolicy(pulumi.ComponentResource):
    """A Cloud Armor security policy for the public load balancer's backend services (or, with `edge`, for
    Cloud CDN backend buckets).

    A backend policy (type CLOUD_ARMOR), evaluated in priority order:

    - 1000+: `blocked_ip_ranges`, 10 ranges per rule, and 2000+: `blocked_regions`, 5 per rule: 403.
    - 3000+: preconfigured WAF rules from the OWASP Core Rule Set 3.3 (`sqli-v33-stable`, …) at
      `waf_sensitivity`: 403. Each rule set has a fixed priority, so changing the list renumbers nothing.
    - 3100: the Log4j signatures of `cve-canary` (`log4j_rule`): 403.
    - 4000: a per-IP rate limit: more than `rate_limit` requests in 5 minutes from one IP get 429 until the
      rate falls back (a `throttle` rule; requests that pass are allowed).
    - the default rule (priority 2147483647): allow.

    Adaptive Protection's layer-7 DDoS defense is on, JSON request bodies are parsed for the WAF, and
    logging stays at NORMAL (verbose logging would record request content). Attach `policy_id` to backend
    services (a ContainerService's `security_policy`). Cloud Armor evaluates backend policies only for
    requests that reach the backend: responses served from the CDN cache bypass them, which is what `edge`
    policies are for.

    An edge policy (`edge`: type CLOUD_ARMOR_EDGE) filters every request before the CDN cache, cached
    content included, but Google Cloud supports only IP and region matching there: it gets the block lists
    and the default allow rule, never WAF rules or a rate limit (`rate_limit` is ignored; the WAF arguments
    raise an error). The policy name is explicit: `physical_name` (default: the component name), shortened
    with a hash beyond 63 characters.

    Example:

        armor = SecurityPolicy(
            "shop-api",
            {"rate_limit": 1000, "blocked_regions": ["KP"], "waf_rules": ["sqli", "xss", "rce", "nodejs"]},
        )
        site_armor = SecurityPolicy("shop-site", {"edge": True, "blocked_ip_ranges": ["203.0.113.0/24"]})
        pulumi.export("apiPolicy", armor.policy_id)
    """

    policy_id: pulumi.Output[str]
    """The policy's id, `projects/<project>/global/securityPolicies/<name>`: a backend service's
    `security_policy`, or (edge) a backend bucket's `edge_security_policy`."""
    policy_name: pulumi.Output[str]
    """The policy's name."""

    def __init__(
        self, name: str, args: SecurityPolicyArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(SecurityPolicy, SecurityPolicyArgs, name, args, opts)
        settings = _check_args(args)
        base = physical_base(COMPONENT, name, args.get("physical_name"))
        super().__init__("stackyard-gcp:index:SecurityPolicy", name, None, opts)

        rules = _block_rules(settings)
        if not settings.edge:
            rules += _waf_rules(settings)
            if settings.log4j_rule:
                rules.append(_log4j_rule(settings))
            rules.append(_rate_limit_rule(settings))
        rules.append(
            {
                "priority": DEFAULT_RULE_PRIORITY,
                "action": "allow",
                "description": "default: allow",
                "match": {"versioned_expr": "SRC_IPS_V1", "config": {"src_ip_ranges": ["*"]}},
            }
        )
        policy = gcp.compute.SecurityPolicy(
            name,
            name=physical_name(base, NAME_LIMIT),
            description=(
                "stackyard edge policy: IP and region block lists"
                if settings.edge
                else "stackyard backend policy: OWASP CRS 3.3 WAF, per-IP rate limit, block lists"
            ),
            type="CLOUD_ARMOR_EDGE" if settings.edge else "CLOUD_ARMOR",
            rules=rules,
            adaptive_protection_config=(
                None
                if settings.edge
                else {"layer7_ddos_defense_config": {"enable": settings.adaptive_protection}}
            ),
            advanced_options_config=(
                None
                if settings.edge
                else {
                    "json_parsing": settings.json_parsing,
                    "log_level": "VERBOSE" if settings.verbose_logging else "NORMAL",
                }
            ),
            labels=settings.labels,
            opts=pulumi.ResourceOptions(parent=self),
        )

        self.policy_id = policy.id
        self.policy_name = policy.name
        self.register_outputs({"policy_id": self.policy_id, "policy_name": self.policy_name})


def _block_rules(settings: _Settings) -> list[gcp.compute.SecurityPolicyRuleArgsDict]:
    rules: list[gcp.compute.SecurityPolicyRuleArgsDict] = []
    ranges = settings.blocked_ip_ranges
    for n, start in enumerate(range(0, len(ranges), IP_RANGES_PER_RULE)):
        rules.append(
            {
                "priority": BLOCKED_IPS_PRIORITY + n,
                "action": DENY,
                "description": f"blocked IP ranges ({n + 1})",
                "match": {
                    "versioned_expr": "SRC_IPS_V1",
                    "config": {"src_ip_ranges": ranges[start : start + IP_RANGES_PER_RULE]},
                },
            }
        )
    regions = settings.blocked_regions
    for n, start in enumerate(range(0, len(regions), REGIONS_PER_RULE)):
        expression = " || ".join(
            f"origin.region_code == '{r}'" for r in regions[start : start + REGIONS_PER_RULE]
        )
        rules.append(
            {
                "priority": BLOCKED_REGIONS_PRIORITY + n,
                "action": DENY,
                "description": f"blocked regions ({n + 1})",
                "match": {"expr": {"expression": expression}},
            }
        )
    return rules


def _waf_rules(settings: _Settings) -> list[gcp.compute.SecurityPolicyRuleArgsDict]:
    return [
        {
            "priority": WAF_PRIORITY + WAF_RULE_SETS.index(rule_set),
            "action": DENY,
            "preview": settings.preview,
            "description": f"OWASP CRS 3.3 {rule_set}",
            "match": {
                "expr": {
                    "expression": f"evaluatePreconfiguredWaf('{rule_set}-v33-stable', "
                    f"{{'sensitivity': {settings.waf_sensitivity}}})"
                }
            },
        }
        for rule_set in settings.waf_rules
    ]


def _log4j_rule(settings: _Settings) -> gcp.compute.SecurityPolicyRuleArgsDict:
    return {
        "priority": LOG4J_PRIORITY,
        "action": DENY,
        "preview": settings.preview,
        "description": "Log4j (CVE-2021-44228, CVE-2021-45046): cve-canary",
        "match": {"expr": {"expression": LOG4J_EXPRESSION}},
    }


def _rate_limit_rule(settings: _Settings) -> gcp.compute.SecurityPolicyRuleArgsDict:
    return {
        "priority": RATE_LIMIT_PRIORITY,
        "action": "throttle",
        "preview": settings.preview,
        "description": f"at most {settings.rate_limit} requests per IP in 5 minutes",
        "match": {"versioned_expr": "SRC_IPS_V1", "config": {"src_ip_ranges": ["*"]}},
        "rate_limit_options": {
            "conform_action": "allow",
            "exceed_action": "deny(429)",
            "enforce_on_key": "IP",
            "rate_limit_threshold": {"count": settings.rate_limit, "interval_sec": RATE_INTERVAL_SECONDS},
        },
    }


def _check_args(args: Mapping[str, Any]) -> _Settings:
    check_bounds(COMPONENT, SecurityPolicyArgs, args)
    edge = args.get("edge", False)
    if edge:
        refused = [key for key in EDGE_REFUSED if key in args]
        if refused:
            raise ValueError(
                f"{COMPONENT} {', '.join(refused)} is not allowed with edge True: edge security policies "
                "match only IP ranges and regions (no WAF rules, rate limits or Adaptive Protection); "
                "use blocked_ip_ranges and blocked_regions"
            )

    waf_rules = args.get("waf_rules", list(DEFAULT_WAF_RULES))
    if not isinstance(waf_rules, list) or any(rule not in WAF_RULE_SETS for rule in waf_rules):
        raise ValueError(
            f"{COMPONENT} waf_rules {waf_rules!r} is not allowed; use a list of {', '.join(WAF_RULE_SETS)}"
        )

    ranges = args.get("blocked_ip_ranges", [])
    if not isinstance(ranges, list) or not all(is_cidr(r) for r in ranges):
        raise ValueError(
            f"{COMPONENT} blocked_ip_ranges {ranges!r} is not allowed; use a list of IPv4 or IPv6 addresses "
            'or CIDR ranges, e.g. ["203.0.113.0/24"]'
        )
    regions = args.get("blocked_regions", [])
    if not isinstance(regions, list) or not all(isinstance(r, str) and _REGION.match(r) for r in regions):
        raise ValueError(
            f"{COMPONENT} blocked_regions {regions!r} is not allowed; use a list of upper-case ISO 3166-1 "
            'alpha-2 codes, e.g. ["KP", "IR"]'
        )

    return _Settings(
        edge=edge,
        rate_limit=args.get("rate_limit", DEFAULT_RATE_LIMIT),
        waf_rules=tuple(dict.fromkeys(waf_rules)),
        waf_sensitivity=args.get("waf_sensitivity", MIN_SENSITIVITY),
        blocked_ip_ranges=list(dict.fromkeys(str(ipaddress.ip_network(r, strict=False)) for r in ranges)),
        blocked_regions=list(dict.fromkeys(regions)),
        adaptive_protection=args.get("adaptive_protection", True),
        json_parsing=args.get("json_parsing", "STANDARD"),
        verbose_logging=args.get("verbose_logging", False),
        preview=args.get("preview", False),
        log4j_rule=args.get("log4j_rule", True),
        labels=checked_managed_labels(COMPONENT, args.get("labels")),
    )
