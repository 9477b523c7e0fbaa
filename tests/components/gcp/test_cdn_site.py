"""components.gcp.CdnSite: a private bucket readable only by the load balancer's service agent, a Cloud
CDN backend bucket with security headers, the URL map (API path, SPA fallback), the shared HTTPS front
end, grant_deploy, name limits and argument checks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, cast

import pulumi
import pytest

from components.gcp.cdn_site import CdnSite, CdnSiteArgs
from stacks.mocks import MOCK_GCP_PROJECT, MOCK_GCP_PROJECT_NUMBER, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-gcp:index:CdnSite"
BUCKET = "gcp:storage/bucket:Bucket"
MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
BACKEND_BUCKET = "gcp:compute/backendBucket:BackendBucket"
URL_MAP = "gcp:compute/uRLMap:URLMap"
ADDRESS = "gcp:compute/globalAddress:GlobalAddress"
CERTIFICATE = "gcp:compute/managedSslCertificate:ManagedSslCertificate"
SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy"
HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
HTTP_PROXY = "gcp:compute/targetHttpProxy:TargetHttpProxy"
RULE = "gcp:compute/globalForwardingRule:GlobalForwardingRule"
RECORD = "gcp:dns/recordSet:RecordSet"
COMPUTE_TYPES = (BACKEND_BUCKET, URL_MAP, ADDRESS, CERTIFICATE, SSL_POLICY, HTTPS_PROXY, HTTP_PROXY, RULE)

DOMAIN = "shop.example.com"
API = "projects/shop-prod/global/backendServices/shop-api"
EDGE = "projects/shop-prod/global/securityPolicies/shop-site"
LB_AGENT = f"serviceAccount:service-{MOCK_GCP_PROJECT_NUMBER}@https-lb.iam.gserviceaccount.com"
RFC1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
OUTPUTS = ("url", "bucket_name", "ip_address", "url_map_name", "backend_bucket_id", "certificate_names")
HEADERS = [
    "Strict-Transport-Security: max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options: nosniff",
    "X-Frame-Options: DENY",
    "Referrer-Policy: strict-origin-when-cross-origin",
]
SPA_RULE_POLICY = {
    "errorResponseRules": [
        {"matchResponseCodes": ["404"], "path": "/index.html", "overrideResponseCode": 200}
    ],
}


def build(
    args: dict[str, Any], name: str = "shop", then: Callable[[CdnSite], object] | None = None
) -> dict[str, Any]:
    """Create a CdnSite under mocks (`args` over {"domain": DOMAIN}), run `then` on it, return its outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        site = CdnSite(name, cast(CdnSiteArgs, {"domain": DOMAIN, **args}))
        if then is not None:
            then(site)
        return pulumi.Output.all(**{key: getattr(site, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the CdnSite outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def site_map(monitor: RecordingMonitor) -> Registration:
    return {r.name: r for r in of_type(monitor, URL_MAP)}["shop"]


def site_matcher(monitor: RecordingMonitor) -> dict[str, Any]:
    url_map = site_map(monitor).inputs
    assert url_map["hostRules"] == [{"hosts": [DOMAIN], "pathMatcher": "site"}]
    (matcher,) = url_map["pathMatchers"]
    assert matcher["name"] == "site"
    return matcher


def test_bucket_is_private_and_readable_only_by_the_load_balancer(monitor: RecordingMonitor) -> None:
    out = build({})
    bucket = one(monitor, BUCKET)
    inputs = bucket.inputs
    assert inputs["publicAccessPrevention"] == "enforced"
    assert inputs["uniformBucketLevelAccess"] is True
    assert inputs["name"] == f"{MOCK_GCP_PROJECT}-shop-site"
    assert inputs["website"] == {"mainPageSuffix": "index.html"}  # "/" serves index.html, never a listing
    assert inputs["versioning"] == {"enabled": True}
    assert {
        "action": {"type": "Delete"},
        "condition": {"daysSinceNoncurrentTime": 30, "withState": "ARCHIVED"},
    } in inputs["lifecycleRules"]
    assert inputs["location"] == "us-central1" and inputs["forceDestroy"] is False
    assert inputs["labels"] == {"managed-by": "stackyard"}
    # The only member on the bucket: the Cloud Load Balancing service agent, read-only, after the backend
    # bucket exists (the agent appears with the project's first backend bucket).
    (reader,) = of_type(monitor, MEMBER)
    assert reader.inputs == {
        "bucket": inputs["name"],
        "role": "roles/storage.objectViewer",
        "member": LB_AGENT,
    }
    assert one(monitor, BACKEND_BUCKET).urn in reader.dependencies
    everything = json.dumps([r.inputs for r in monitor.registrations.values()])
    assert "allUsers" not in everything and "allAuthenticatedUsers" not in everything
    assert out["bucket_name"] == inputs["name"]
    # The site bucket is a private `Bucket` inside the site; everything else belongs to the site itself.
    component = one(monitor, COMPONENT)
    (site_bucket,) = [r for r in monitor.registrations.values() if r.type == "stackyard-gcp:index:Bucket"]
    assert site_bucket.parent == component.urn
    for resource in monitor.registrations.values():
        if resource.custom:
            expected = site_bucket.urn if resource.type in (BUCKET, MEMBER) else component.urn
            assert resource.parent == expected, resource.name


def test_backend_bucket_has_cdn_and_security_headers(monitor: RecordingMonitor) -> None:
    out = build({})
    backend = one(monitor, BACKEND_BUCKET)
    inputs = backend.inputs
    assert inputs["bucketName"] == one(monitor, BUCKET).inputs["name"]
    assert inputs["enableCdn"] is True
    assert inputs["cdnPolicy"] == {
        "cacheMode": "FORCE_CACHE_ALL",
        "defaultTtl": 3600,
        "clientTtl": 300,
        "negativeCaching": True,
        "negativeCachingPolicies": [{"code": 404, "ttl": 60}, {"code": 410, "ttl": 60}],
        "serveWhileStale": 86400,
        "requestCoalescing": True,
    }
    assert inputs["compressionMode"] == "AUTOMATIC"
    assert inputs["customResponseHeaders"] == HEADERS
    assert "edgeSecurityPolicy" not in inputs
    assert inputs["name"] == "shop-site"
    assert out["backend_bucket_id"] == backend.id


def test_url_map_serves_the_bucket_and_the_https_front_end(monitor: RecordingMonitor) -> None:
    out = build({})
    backend_id = one(monitor, BACKEND_BUCKET).id
    url_map = site_map(monitor)
    assert url_map.inputs["defaultService"] == backend_id
    matcher = site_matcher(monitor)
    assert matcher["defaultService"] == backend_id and "pathRules" not in matcher
    proxy = one(monitor, HTTPS_PROXY).inputs
    assert proxy["urlMap"] == url_map.id
    policy = one(monitor, SSL_POLICY)
    assert proxy["sslPolicy"] == policy.id
    assert policy.inputs["profile"] == "MODERN" and policy.inputs["minTlsVersion"] == "TLS_1_2"
    certificate = one(monitor, CERTIFICATE)
    assert certificate.inputs["managed"] == {"domains": [DOMAIN]}
    assert proxy["sslCertificates"] == [certificate.id]
    address = one(monitor, ADDRESS).state["address"]
    rules = {r.inputs["portRange"]: r.inputs for r in of_type(monitor, RULE)}
    assert set(rules) == {"443", "80"}
    assert all(
        r["ipAddress"] == address and r["loadBalancingScheme"] == "EXTERNAL_MANAGED" for r in rules.values()
    )
    redirect = {r.name: r for r in of_type(monitor, URL_MAP)}["shop-redirect"].inputs
    assert redirect["defaultUrlRedirect"]["httpsRedirect"] is True
    assert (
        one(monitor, HTTP_PROXY).inputs["urlMap"]
        == {r.name: r for r in of_type(monitor, URL_MAP)}["shop-redirect"].id
    )
    assert of_type(monitor, RECORD) == []
    assert out == {
        "url": f"https://{DOMAIN}",
        "bucket_name": one(monitor, BUCKET).inputs["name"],
        "ip_address": address,
        "url_map_name": "shop-site",
        "backend_bucket_id": one(monitor, BACKEND_BUCKET).id,
        "certificate_names": ["shop-site-shop-example-com"],
    }


def test_api_path_goes_to_the_api_backend_service(monitor: RecordingMonitor) -> None:
    build({"api_backend_service_id": API})
    matcher = site_matcher(monitor)
    assert matcher["pathRules"] == [{"paths": ["/api/*"], "service": API}]
    assert matcher["defaultService"] == one(monitor, BACKEND_BUCKET).id


def test_api_path_can_be_changed(monitor: RecordingMonitor) -> None:
    build({"api_backend_service_id": API, "api_path": "/graphql"})
    assert site_matcher(monitor)["pathRules"] == [{"paths": ["/graphql"], "service": API}]


def test_api_path_alone_routes_nothing(monitor: RecordingMonitor) -> None:
    build({"api_path": "/v1/*"})
    assert "pathRules" not in site_matcher(monitor)


def test_spa_serves_index_html_with_200_for_unknown_site_paths(monitor: RecordingMonitor) -> None:
    build({"spa": True, "api_backend_service_id": API})
    backend_id = one(monitor, BACKEND_BUCKET).id
    spa_rule, api_rule = site_matcher(monitor)["pathRules"]
    assert spa_rule == {
        "paths": ["/*"],
        "service": backend_id,
        "customErrorResponsePolicy": {**SPA_RULE_POLICY, "errorService": backend_id},
    }
    # The API's own 404s are not rewritten: the fallback is scoped to the site's path rule.
    assert api_rule == {"paths": ["/api/*"], "service": API}
    url_map = site_map(monitor).inputs
    assert "defaultCustomErrorResponsePolicy" not in url_map
    assert "defaultCustomErrorResponsePolicy" not in site_matcher(monitor)


def test_edge_security_policy_is_attached_to_the_backend_bucket(monitor: RecordingMonitor) -> None:
    build({"edge_security_policy": EDGE})
    assert one(monitor, BACKEND_BUCKET).inputs["edgeSecurityPolicy"] == EDGE


def test_dns_zone_gets_an_a_record(monitor: RecordingMonitor) -> None:
    build({"dns_zone": "example-com"})
    record = one(monitor, RECORD).inputs
    assert record == {
        "name": f"{DOMAIN}.",
        "type": "A",
        "ttl": 300,
        "managedZone": "example-com",
        "rrdatas": [one(monitor, ADDRESS).state["address"]],
    }


def test_every_knob_reaches_its_resource(monitor: RecordingMonitor) -> None:
    build(
        {
            "location": "EU",
            "cache_ttl_seconds": 86400,
            "browser_ttl_seconds": 0,
            "force_destroy": True,
            "labels": {"env": "prod"},
            "ssl_profile": "RESTRICTED",
            "min_tls_version": "TLS_1_3",
        }
    )
    bucket = one(monitor, BUCKET).inputs
    assert bucket["location"] == "EU" and bucket["forceDestroy"] is True
    assert bucket["labels"] == {"env": "prod", "managed-by": "stackyard"}
    cdn = one(monitor, BACKEND_BUCKET).inputs["cdnPolicy"]
    assert cdn["defaultTtl"] == 86400 and cdn["clientTtl"] == 0
    policy = one(monitor, SSL_POLICY).inputs
    assert policy["profile"] == "RESTRICTED" and policy["minTlsVersion"] == "TLS_1_3"
    assert one(monitor, ADDRESS).inputs["labels"] == {"env": "prod", "managed-by": "stackyard"}


def test_grant_deploy_lets_one_identity_write_the_bucket(monitor: RecordingMonitor) -> None:
    deployer = "serviceAccount:deploy@shop-prod.iam.gserviceaccount.com"
    build({}, then=lambda site: site.grant_deploy("ci", deployer))
    members = {r.name: r.inputs for r in of_type(monitor, MEMBER)}
    assert members["shop-site-ci-read-write"] == {
        "bucket": one(monitor, BUCKET).inputs["name"],
        "role": "roles/storage.objectUser",
        "member": deployer,
    }
    readers = [m for m in members.values() if m["role"] == "roles/storage.objectViewer"]
    assert readers == [
        {
            "bucket": one(monitor, BUCKET).inputs["name"],
            "role": "roles/storage.objectViewer",
            "member": LB_AGENT,
        }
    ]


@pytest.mark.parametrize(
    ("grant_name", "member", "argument"),
    [
        ("ci", "allUsers", "member"),
        ("ci", "allAuthenticatedUsers", "member"),
        ("ci", "deploy@shop.iam.gserviceaccount.com", "member"),
        ("c i", "serviceAccount:deploy@shop.iam.gserviceaccount.com", "name"),
    ],
)
def test_grant_deploy_refuses_public_or_malformed_members(
    grant_name: str, member: str, argument: str, monitor: RecordingMonitor
) -> None:
    errors: list[str] = []

    def grant(site: CdnSite) -> None:
        with pytest.raises(ValueError, match=f"^Bucket grant {argument}") as raised:
            site.grant_deploy(grant_name, member)
        errors.append(str(raised.value))

    build({}, then=grant)
    assert errors
    assert [r.inputs["role"] for r in of_type(monitor, MEMBER)] == ["roles/storage.objectViewer"]


def test_names_fit_google_limits_for_a_long_name(monitor: RecordingMonitor) -> None:
    name = "checkout-storefront-production-europe-west-single-page-application"
    domain = "storefront-for-customers-in-europe.checkout.production.example.com"
    build({"domain": domain, "api_backend_service_id": API}, name=name)
    names = [r.inputs["name"] for t in COMPUTE_TYPES for r in of_type(monitor, t)]
    assert len(names) == 10  # backend bucket, 2 URL maps, address, certificate, policy, 2 proxies, 2 rules
    for physical in names:
        assert len(physical) <= 63 and RFC1035.match(physical), physical
    bucket = one(monitor, BUCKET).inputs["name"]
    assert (
        3 <= len(bucket) <= 63
        and re.match(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", bucket)
        and "google" not in bucket
    )
    assert bucket.startswith(MOCK_GCP_PROJECT)


BAD: list[tuple[dict[str, Any], str]] = [
    ({"domain": None}, "domain"),
    ({"domain": "Shop.Example.com"}, "domain"),
    ({"domain": "*.example.com"}, "domain"),
    ({"domain": "https://shop.example.com"}, "domain"),
    ({"spa": "yes"}, "spa"),
    ({"force_destroy": 1}, "force_destroy"),
    ({"api_path": "api/*"}, "api_path"),
    ({"api_path": "/api*"}, "api_path"),
    ({"api_path": "/*"}, "api_path"),
    ({"api_path": "/"}, "api_path"),
    ({"api_backend_service_id": ""}, "api_backend_service_id"),
    ({"edge_security_policy": ""}, "edge_security_policy"),
    ({"edge_security_policy": 42}, "edge_security_policy"),
    ({"location": "Europe West"}, "location"),
    ({"location": ["US"]}, "location"),
    ({"cache_ttl_seconds": -1}, "cache_ttl_seconds"),
    ({"cache_ttl_seconds": 31_622_401}, "cache_ttl_seconds"),
    ({"browser_ttl_seconds": 7200}, "browser_ttl_seconds"),  # more than the cache TTL
    ({"browser_ttl_seconds": 1.5}, "browser_ttl_seconds"),
    ({"ssl_profile": "COMPATIBLE"}, "ssl_profile"),
    ({"min_tls_version": "TLS_1_0"}, "min_tls_version"),
    ({"min_tls_version": "TLS_1_3"}, "min_tls_version"),
    ({"dns_zone": "example.com"}, "dns_zone"),
    ({"labels": {"env": "Prod"}}, "labels"),
]


@pytest.mark.parametrize(("args", "argument"), BAD, ids=[f"{i}-{a}" for i, (_, a) in enumerate(BAD)])
def test_bad_arguments_raise_and_create_nothing(
    args: dict[str, Any], argument: str, monitor: RecordingMonitor
) -> None:
    with pytest.raises(ValueError, match=f"^CdnSite {argument}"):
        CdnSite("shop", cast(CdnSiteArgs, {"domain": DOMAIN, **args}))
    assert monitor.registrations == {}


def test_a_name_gcs_would_refuse_raises(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match=r"^CdnSite name 'google-shop'"):
        CdnSite("google-shop", {"domain": DOMAIN})
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(CdnSite)
    roles = sorted(r.inputs["role"] for r in of_type(monitor, MEMBER))
    assert roles == ["roles/storage.objectUser", "roles/storage.objectViewer", "roles/storage.objectViewer"]
    assert len(of_type(monitor, RECORD)) == 1
    rules = {tuple(r["paths"]): r["service"] for r in site_matcher(monitor)["pathRules"]}
    assert set(rules) == {("/_next/static/*",), ("/favicon.ico",), ("/uploads/*",), ("/api/*",)}
    assert site_matcher(monitor)["defaultService"] == backend_services(monitor)["shop-service"].id


# -- a running service as the site (server-rendered frontends) ---------------------------------------------

NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"
BACKEND_SERVICE = "gcp:compute/backendService:BackendService"
SERVICE = {"service_name": "shop-web", "static_paths": ["/_next/static/*", "/favicon.ico"]}
ARMOR = "projects/shop-prod/global/securityPolicies/shop-api"


def backend_services(monitor: RecordingMonitor) -> dict[str, Registration]:
    return {r.name: r for r in of_type(monitor, BACKEND_SERVICE)}


def test_a_service_origin_serves_the_site_through_a_serverless_neg_with_cloud_cdn(
    monitor: RecordingMonitor,
) -> None:
    build({"service_origin": SERVICE})
    neg = one(monitor, NEG)
    assert neg.inputs["networkEndpointType"] == "SERVERLESS"
    assert neg.inputs["cloudRun"] == {"service": "shop-web"}
    assert neg.inputs["region"] == "us-central1"  # the provider's region by default
    pages = backend_services(monitor)["shop-service"].inputs
    assert pages["loadBalancingScheme"] == "EXTERNAL_MANAGED" and pages["protocol"] == "HTTPS"
    assert pages["backends"] == [{"group": neg.id}]
    assert pages["enableCdn"] is True
    # Only what the service marks cacheable (e.g. a regenerated page with s-maxage); no TTLs of its own.
    assert pages["cdnPolicy"] == {
        "cacheMode": "USE_ORIGIN_HEADERS",
        "cacheKeyPolicy": {"includeHost": True, "includeProtocol": True, "includeQueryString": True},
        "negativeCaching": False,
        "requestCoalescing": True,
    }
    assert pages["customResponseHeaders"] == HEADERS
    assert pages["logConfig"] == {"enable": True, "sampleRate": 1.0}
    assert "securityPolicy" not in pages
    matcher = site_matcher(monitor)
    pages_id = backend_services(monitor)["shop-service"].id
    assert matcher["defaultService"] == pages_id and site_map(monitor).inputs["defaultService"] == pages_id
    # The site bucket stays (its grant too), serving no path.
    assert one(monitor, BACKEND_BUCKET).inputs["bucketName"] == one(monitor, BUCKET).inputs["name"]


def test_static_paths_go_to_a_cached_backend_on_the_same_neg(monitor: RecordingMonitor) -> None:
    build({"service_origin": SERVICE})
    static = backend_services(monitor)["shop-static"]
    assert static.inputs["backends"] == [{"group": one(monitor, NEG).id}]
    assert static.inputs["cdnPolicy"] == {
        "cacheMode": "CACHE_ALL_STATIC",
        "defaultTtl": 86400,
        "maxTtl": 31536000,
        "clientTtl": 31536000,
        "cacheKeyPolicy": {"includeHost": True, "includeProtocol": True, "includeQueryString": False},
        "negativeCaching": False,
        "serveWhileStale": 86400,
        "requestCoalescing": True,
    }
    assert site_matcher(monitor)["pathRules"] == [
        {"paths": ["/_next/static/*"], "service": static.id},
        {"paths": ["/favicon.ico"], "service": static.id},
    ]


def test_a_service_without_static_paths_has_one_backend(monitor: RecordingMonitor) -> None:
    build({"service_origin": {"service_name": "shop-web", "region": "europe-west1"}})
    assert set(backend_services(monitor)) == {"shop-service"}
    assert one(monitor, NEG).inputs["region"] == "europe-west1"
    assert "pathRules" not in site_matcher(monitor)


def test_the_security_policy_guards_the_service_backends(monitor: RecordingMonitor) -> None:
    build({"service_origin": SERVICE, "security_policy": ARMOR, "api_backend_service_id": API})
    for backend in backend_services(monitor).values():
        assert backend.inputs["securityPolicy"] == ARMOR
    rules = site_matcher(monitor)["pathRules"]
    assert {"paths": ["/api/*"], "service": API} in rules


def test_an_uploads_bucket_is_served_under_its_paths_readable_only_there(monitor: RecordingMonitor) -> None:
    origin = {
        "name": "uploads",
        "bucket_name": "shop-prod-uploads",
        "path_patterns": ["/uploads/*", "/logo.png"],
    }
    build({"service_origin": SERVICE, "bucket_origins": [origin]})
    backends = {r.name: r for r in of_type(monitor, BACKEND_BUCKET)}
    uploads = backends["shop-bucket-uploads"]
    assert uploads.inputs["bucketName"] == "shop-prod-uploads"
    assert (
        uploads.inputs["enableCdn"] is True and uploads.inputs["cdnPolicy"]["cacheMode"] == "FORCE_CACHE_ALL"
    )
    assert uploads.inputs["customResponseHeaders"] == HEADERS
    assert uploads.inputs["name"] == "shop-site-uploads"
    rules = site_matcher(monitor)["pathRules"]
    assert {"paths": ["/uploads/*"], "service": uploads.id} in rules
    assert {"paths": ["/logo.png"], "service": uploads.id} in rules
    (reader,) = [m for m in of_type(monitor, MEMBER) if m.inputs["bucket"] == "shop-prod-uploads"]
    objects = "projects/_/buckets/shop-prod-uploads/objects/"
    assert reader.inputs == {
        "bucket": "shop-prod-uploads",
        "role": "roles/storage.objectViewer",
        "member": LB_AGENT,
        "condition": {
            "title": "cdn-uploads-paths",
            "description": "Only the objects the site serves at /uploads/*, /logo.png",
            "expression": f'resource.name.startsWith("{objects}uploads/") '
            f'|| resource.name == "{objects}logo.png"',
        },
    }
    assert backends["shop"].urn in reader.dependencies  # the service agent exists by then


BAD_ORIGINS: list[tuple[dict[str, Any], str]] = [
    ({"service_origin": SERVICE, "spa": True}, "spa True is not allowed with service_origin"),
    ({"service_origin": {"static_paths": []}}, "service_origin .* is not allowed; use None or"),
    ({"service_origin": {"service_name": ""}}, "service_origin service_name '' is not allowed"),
    ({"service_origin": {"service_name": "web", "region": "Europe"}}, "service_origin region 'Europe'"),
    (
        {"service_origin": {"service_name": "web", "static_paths": ["/*"]}},
        "service_origin static_paths '/\\*'",
    ),
    ({"service_origin": {"service_name": "web", "static_paths": ["/_next*"]}}, "service_origin static_paths"),
    ({"security_policy": ARMOR}, "security_policy is not allowed without service_origin"),
    ({"bucket_origins": [{"name": "up", "bucket_name": "b"}]}, "bucket_origins .* is not allowed; use"),
    (
        {"bucket_origins": [{"name": "Up", "bucket_name": "b", "path_patterns": ["/u/*"]}]},
        "bucket_origins name",
    ),
    (
        {"bucket_origins": [{"name": "up", "bucket_name": "b", "path_patterns": []}]},
        "bucket_origins path_patterns",
    ),
    (
        {
            "service_origin": {"service_name": "web", "static_paths": ["/api/*"]},
            "api_backend_service_id": API,
        },
        "path pattern '/api/\\*' is not allowed twice",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD_ORIGINS, ids=[str(i) for i in range(len(BAD_ORIGINS))])
def test_bad_site_origins_raise_and_create_nothing(
    args: dict[str, Any], message: str, monitor: RecordingMonitor
) -> None:
    with pytest.raises(ValueError, match=f"^CdnSite {message}"):
        CdnSite("shop", cast(CdnSiteArgs, {"domain": DOMAIN, **args}))
    assert monitor.registrations == {}
