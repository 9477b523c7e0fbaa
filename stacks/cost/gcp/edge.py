"""Google Cloud edge and traffic: load balancers (priced through their forwarding rules), backends
with Cloud CDN and Cloud Armor."""

from __future__ import annotations

from ..context import Context, Outcome, Resource, Rule, free
from .common import H, registrar

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "gcp:compute/targetHttpProxy:TargetHttpProxy",
            "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
            "gcp:compute/uRLMap:URLMap",
            "gcp:compute/sSLPolicy:SSLPolicy",
            "gcp:compute/managedSslCertificate:ManagedSslCertificate",
            "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
        ),
        "part of the load balancer, which is priced through its forwarding rules",
    ),
}

NOT_PRICED: dict[str, str] = {
    "gcp:compute/securityPolicy:SecurityPolicy": (
        "Cloud Armor Standard bills each policy, each rule and each million requests; the stored copies of "
        "Google's Cloud Armor pricing page do not reach its table, and third-party figures disagree on the "
        "request rate, so the table has no price"
    ),
}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("gcp:compute/globalForwardingRule:GlobalForwardingRule", "gcp:compute/forwardingRule:ForwardingRule")
def forwarding_rule(r: Resource, ctx: Context) -> Outcome:
    lines = [ctx.fixed("Forwarding rule", H, "hours", "lb.forwarding_rule.hour")]
    if "443" in str(r.get("portRange", "443")):
        usage = ctx.usage_of(r, "load_balancer")
        lines.append(
            ctx.use(
                "Data processed",
                usage["data_processed_gb"],
                "GB",
                "lb.data_processed.gb",
                "load_balancer.data_processed_gb",
            )
        )
    return Outcome(lines)


_CDN_AREAS = (
    (("us-", "northamerica-"), "north_america", "North America"),
    (("europe-",), "europe", "Europe"),
    (("asia-",), "asia_pacific", "Asia Pacific"),
)


def _cdn_area(region: str | None) -> tuple[str, str]:
    """The Cloud CDN destination area of viewers near `region` (item key, label)."""
    for prefixes, key, label in _CDN_AREAS:
        if (region or "").startswith(prefixes):
            return key, label
    return "other", "outside North America, Europe and Asia Pacific"


@rule("gcp:compute/backendBucket:BackendBucket", "gcp:compute/backendService:BackendService")
def backend(r: Resource, ctx: Context) -> Outcome:
    if not r.get("enableCdn"):
        return free("part of the load balancer, which is priced through its forwarding rules")
    usage = ctx.usage_of(r, "cdn")
    area, label = _cdn_area(ctx.region)
    return Outcome(
        [
            ctx.use(
                f"Cloud CDN cache data transfer out ({label}, first 10 TiB)",
                usage["data_out_gb"],
                "GiB",
                f"cdn.cache_egress.{area}.gib",
                "cdn.data_out_gb",
            ),
            ctx.use(
                "Cloud CDN cache lookups",
                usage["https_requests_10k"],
                "10k requests",
                "cdn.cache_lookup.10k",
                "cdn.https_requests_10k",
            ),
        ],
        note=(
            "viewers assumed near the stack's region; Cloud CDN bills by their destination area. Cache fill "
            "(misses copied from the origin) is inter-region data transfer, which is not modelled"
        ),
    )
