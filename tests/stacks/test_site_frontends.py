"""`app.site` serving a running service (server-rendered frontends), bucket paths through the CDN, the
viewer TLS floor and CloudFront's price class: the config checks, and the blueprints that use them
(Karigar's and CharterFlow's Next.js frontends, CharterFlow's uploads and TLS 1.3, CHOWKAR's users in
India)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from stacks.config import StackConfig, load_stack_config
from stacks.errors import ConfigError
from stacks.plan import Plan
from tests.conftest import plan_of

DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
URL_MAP = "gcp:compute/uRLMap:URLMap"
BACKEND_SERVICE = "gcp:compute/backendService:BackendService"
NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"
LISTENER_RULE = "aws:lb/listenerRule:ListenerRule"
# The AWS managed CloudFront policies (Amazon CloudFront Developer Guide, "Use managed cache policies" and
# "Use managed origin request policies"); the same ids in every account.
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
NEXT_STATIC = ["/_next/static/*", "/favicon.ico"]


@cache
def blueprint(system: str, stack: str) -> Plan:
    return plan_of(f"blueprints/{system}/Pulumi.{stack}.yaml")


def distribution(plan: Plan) -> dict[str, Any]:
    (found,) = plan.of_type(DISTRIBUTION)
    return found.inputs


def origins(inputs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["originId"]: o for o in inputs["origins"]}


def ordered(inputs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["pathPattern"]: b for b in inputs.get("orderedCacheBehaviors", [])}


def assert_served_from_the_running_service(inputs: dict[str, Any], host: str) -> None:
    """The CDN's default route is the service's host on the load balancer, pages uncached with what server
    rendering reads, the framework's static files cached long."""
    service = origins(inputs)["service"]
    assert service["domainName"] == host
    assert service["customOriginConfig"]["originProtocolPolicy"] == "https-only"
    assert service["customOriginConfig"]["originSslProtocols"] == ["TLSv1.2"]
    default = inputs["defaultCacheBehavior"]
    assert default["targetOriginId"] == "service"
    assert default["cachePolicyId"] == CACHING_DISABLED
    assert default["originRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert "POST" in default["allowedMethods"]
    assert [a["eventType"] for a in default["functionAssociations"]] == ["viewer-request"]
    static = ordered(inputs)
    for path in NEXT_STATIC:
        assert static[path]["targetOriginId"] == "service"
        assert static[path]["cachePolicyId"] == CACHING_OPTIMIZED
    assert inputs.get("defaultRootObject") is None and not inputs.get("customErrorResponses")


def load_balancer_hosts(plan: Plan) -> set[str]:
    return {
        host
        for rule in plan.of_type(LISTENER_RULE)
        for condition in rule.inputs["conditions"]
        for host in condition.get("hostHeader", {}).get("values", [])
    }


# -- blueprints ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["prod", "staging"])
def test_karigar_serves_its_nextjs_frontend_through_cloudfront(stack: str) -> None:
    plan = blueprint("karigar", stack)
    frontend_host = "www.karigar.example.com" if stack == "prod" else "www.staging.karigar.example.com"
    inputs = distribution(plan)
    assert_served_from_the_running_service(inputs, _host(plan, "frontend", frontend_host))
    assert ordered(inputs)["/api/*"]["targetOriginId"] == "api"  # the API route stays
    # The frontend keeps its own host on the load balancer: the CDN's origin.
    assert _host(plan, "frontend", frontend_host) in load_balancer_hosts(plan)


@pytest.mark.parametrize("stack", ["gcp-prod", "gcp-staging"])
def test_karigar_on_gcp_serves_its_frontend_through_cloud_cdn(stack: str) -> None:
    plan = blueprint("karigar", stack)
    (site_map,) = [m for m in plan.of_type(URL_MAP) if m.inputs["name"].endswith("-site")]
    backends = {b.id: b for b in plan.of_type(BACKEND_SERVICE)}
    (matcher,) = site_map.inputs["pathMatchers"]
    pages = backends[matcher["defaultService"]].inputs
    assert pages["enableCdn"] is True and pages["cdnPolicy"]["cacheMode"] == "USE_ORIGIN_HEADERS"
    # The site's own serverless NEG of the frontend's Cloud Run service.
    (neg,) = [n for n in plan.of_type(NEG) if n.inputs["name"].endswith("-site-service")]
    assert pages["backends"] == [{"group": neg.id}]
    frontend = plan.outputs["serviceNames"]["frontend"]
    assert neg.inputs["cloudRun"] == {"service": frontend}
    rules = {tuple(r["paths"]): r["service"] for r in matcher["pathRules"]}
    for path in NEXT_STATIC:
        assert backends[rules[(path,)]].inputs["cdnPolicy"]["cacheMode"] == "CACHE_ALL_STATIC"
    assert backends[rules[("/api/*",)]].name.endswith("api-backend")
    if stack == "gcp-prod":  # site.waf: Cloud Armor on the pages too
        assert pages["securityPolicy"] == backends[rules[("/api/*",)]].inputs["securityPolicy"]


def test_charterflow_serves_its_web_app_and_uploads_through_cloudfront_with_tls_1_3() -> None:
    plan = blueprint("charterflow", "prod")
    inputs = distribution(plan)
    assert_served_from_the_running_service(inputs, "web.charterflow.app")
    assert inputs["viewerCertificate"]["minimumProtocolVersion"] == "TLSv1.3_2025"
    assert inputs["aliases"] == ["charterflow.app"]
    # The uploads bucket under /uploads/*, through the site's origin access control.
    uploads = origins(inputs)["bucket-uploads"]
    (bucket,) = [
        b
        for b in plan.of_type("aws:s3/bucket:Bucket")
        if b.name == "charterflow-uploads" and "region" not in b.inputs
    ]
    assert uploads["domainName"] == bucket.state["bucketRegionalDomainName"]
    assert uploads["originAccessControlId"] == origins(inputs)["s3"]["originAccessControlId"]
    assert ordered(inputs)["/uploads/*"]["targetOriginId"] == "bucket-uploads"
    (dist,) = plan.of_type(DISTRIBUTION)
    grant = _statement(plan, "aws:s3/bucketPolicy:BucketPolicy", "charterflow-uploads-policy")
    assert grant["Resource"] == f"{bucket.state['arn']}/uploads/*"
    assert grant["Condition"] == {"StringEquals": {"AWS:SourceArn": dist.state["arn"]}}
    decrypt = _statement(plan, "aws:kms/key:Key", "charterflow-uploads-key")
    assert decrypt["Action"] == "kms:Decrypt" and decrypt["Principal"] == {
        "Service": "cloudfront.amazonaws.com"
    }


def test_chowkar_reaches_india_with_its_price_class() -> None:
    for stack in ("prod", "staging"):
        assert distribution(blueprint("chowkar", stack))["priceClass"] == "PriceClass_200"


def _host(plan: Plan, service: str, expected: str) -> str:
    assert plan.outputs["serviceUrls"][service] == f"https://{expected}"
    return expected


def _statement(plan: Plan, type_: str, name: str) -> dict[str, Any]:
    (resource,) = [r for r in plan.of_type(type_) if r.name == name]
    return json.loads(resource.inputs["policy"])["Statement"][-1]


# -- config --------------------------------------------------------------------------------------------------


def config(cloud: str = "aws", domain: str | None = "shop.example.com", **site: Any) -> dict[str, Any]:
    app: dict[str, Any] = {
        "name": "shop",
        "buckets": {"uploads": {}},
        "services": {
            "web": {"port": 3000, "public": True},
            "api": {"port": 8000, "public": True},
            "inside": {"port": 9000, "public": False},
            "worker": {"command": ["run"]},
        },
        "site": site,
    }
    if domain:
        app["domain"] = domain
    region = {
        "aws": {"aws:region": "us-east-1"},
        "gcp": {"gcp:project": "shop-prod", "gcp:region": "us-east1"},
    }
    return {
        "stackyard:cloud": cloud,
        "stackyard:environment": "staging",
        **region[cloud],
        "stackyard:app": app,
    }


def load(values: dict[str, Any]) -> StackConfig:
    return load_stack_config({k: json.dumps(v) if isinstance(v, dict) else v for k, v in values.items()})


def problems(values: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(values)
    return caught.value.problems


@pytest.mark.parametrize("cloud", ["aws", "gcp"])
def test_a_site_served_by_a_service_is_valid(cloud: str) -> None:
    site = load(
        config(
            cloud,
            service="web",
            static_paths=NEXT_STATIC,
            buckets={"/uploads/*": "uploads"},
            api_service="api",
            min_tls=1.3,  # a YAML number means the version
        )
    ).app.site
    assert site is not None
    assert (site.service, site.static_paths, site.buckets) == ("web", NEXT_STATIC, {"/uploads/*": "uploads"})
    assert site.min_tls == "1.3" and site.price_class is None


def test_the_defaults_leave_a_static_site_unchanged() -> None:
    site = load(config(spa=True)).app.site
    assert site is not None
    assert (site.service, site.static_paths, site.buckets, site.min_tls, site.price_class) == (
        None,
        [],
        {},
        "1.2",
        None,
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            config(service="worker"),
            "stackyard:app.site.service: 'worker' is not a public web service of stackyard:app.services",
        ),
        (config(service="inside"), "stackyard:app.site.service: 'inside' is not a public web service"),
        (config(service="webb"), "did you mean 'web'?"),
        (config(service="web", spa=True), "stackyard:app.site.spa: a site served by site.service"),
        (config(static_paths=NEXT_STATIC), "stackyard:app.site.static_paths: only with site.service"),
        (
            config(service="web", static_paths=["/_next/*.js"]),
            "stackyard:app.site.static_paths[0]: '/_next/*.js' is not a site path pattern",
        ),
        (config(service="web", static_paths=["/*"]), "stackyard:app.site.static_paths[0]: '/*' is not"),
        (config(service="web", static_paths=["_next/static/*"]), "static_paths[0]: '_next/static/*' is not"),
        (
            config(buckets={"/uploads/*": "upload"}),
            "stackyard:app.site.buckets[\"/uploads/*\"]: 'upload' is not a bucket of stackyard:app.buckets; "
            "did you mean 'uploads'?",
        ),
        (
            config(buckets={"/up*": "uploads"}),
            "stackyard:app.site.buckets[\"/up*\"]: '/up*' is not a site path",
        ),
        (
            config(service="web", static_paths=["/uploads/*"], buckets={"/uploads/*": "uploads"}),
            "stackyard:app.site.buckets[\"/uploads/*\"]: '/uploads/*' is also "
            "stackyard:app.site.static_paths[0]",
        ),
        (
            config(service="web", static_paths=["/api/*"], api_service="api"),
            "stackyard:app.site.api_path: '/api/*' is also stackyard:app.site.static_paths[0]",
        ),
        (
            config(domain=None, min_tls="1.3"),
            "stackyard:app.site.min_tls: 1.3 needs stackyard:app.domain on aws",
        ),
        (config(min_tls="1.1"), "stackyard:app.site.min_tls"),
        (config(price_class="PriceClass_50"), "stackyard:app.site.price_class"),
        (config("gcp", price_class="PriceClass_200"), "stackyard:app.site.price_class: CloudFront only"),
    ],
)
def test_invalid_sites_are_refused_with_the_full_key(values: dict[str, Any], expected: str) -> None:
    found = problems(values)
    assert any(expected in p for p in found), found


def test_a_site_service_is_refused_on_kubernetes() -> None:
    values = config(service="web")
    values["stackyard:app"]["runtime"] = "kubernetes"
    assert any(p.startswith("stackyard:app.site.service: the site's origin") for p in problems(values))
