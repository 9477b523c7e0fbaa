"""components.gcp.LoadBalancer: HTTPS only (TLS >= 1.2 SSL policy, a managed certificate per host, QUIC),
443 and 80 on one address with EXTERNAL_MANAGED, port 80 only redirecting, host and path routing to the
right backend services, DNS records only with a zone, name limits and argument checks."""

from __future__ import annotations

import re
from typing import Any, cast

import pulumi
import pytest

from components.gcp.load_balancer import LoadBalancer, LoadBalancerArgs, LoadBalancerRoute
from components.naming import physical_name
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-gcp:index:LoadBalancer"
ADDRESS = "gcp:compute/globalAddress:GlobalAddress"
CERTIFICATE = "gcp:compute/managedSslCertificate:ManagedSslCertificate"
SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy"
HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
HTTP_PROXY = "gcp:compute/targetHttpProxy:TargetHttpProxy"
RULE = "gcp:compute/globalForwardingRule:GlobalForwardingRule"
URL_MAP = "gcp:compute/uRLMap:URLMap"
RECORD = "gcp:dns/recordSet:RecordSet"
COMPUTE_TYPES = (ADDRESS, CERTIFICATE, SSL_POLICY, HTTPS_PROXY, HTTP_PROXY, RULE, URL_MAP)

API = "projects/shop-prod/global/backendServices/shop-api"
WEB = "projects/shop-prod/global/backendServices/shop-web"
SEARCH = "projects/shop-prod/global/backendServices/shop-search"
ROUTES: list[LoadBalancerRoute] = [
    {"host": "api.shop.example.com", "backend_service_id": API, "paths": ["/*"]},
    {"host": "www.shop.example.com", "backend_service_id": WEB, "paths": ["/*"]},
]
RFC1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
OUTPUTS = ("ip_address", "url_map_id", "certificate_names", "hosts")


def build(args: dict[str, Any], name: str = "shop") -> dict[str, Any]:
    """Create a LoadBalancer under mocks (`args` over {"routes": ROUTES}) and return its resolved outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        lb = LoadBalancer(name, cast(LoadBalancerArgs, {"routes": ROUTES, **args}))
        return pulumi.Output.all(**{key: getattr(lb, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the LoadBalancer outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def by_name(monitor: RecordingMonitor, type_: str) -> dict[str, Registration]:
    return {r.name: r for r in of_type(monitor, type_)}


def main_map(monitor: RecordingMonitor) -> dict[str, Any]:
    return by_name(monitor, URL_MAP)["shop"].inputs


def matchers(monitor: RecordingMonitor) -> dict[str, dict[str, Any]]:
    """Each host's path matcher, by host (through the host rules)."""
    url_map = main_map(monitor)
    by_matcher = {m["name"]: m for m in url_map["pathMatchers"]}
    result = {}
    for rule in url_map["hostRules"]:
        (host,) = rule["hosts"]
        result[host] = by_matcher[rule["pathMatcher"]]
    return result


def test_https_front_end_with_a_tls_1_2_modern_policy_and_quic(monitor: RecordingMonitor) -> None:
    out = build({})
    policy = one(monitor, SSL_POLICY)
    assert policy.inputs["profile"] == "MODERN" and policy.inputs["minTlsVersion"] == "TLS_1_2"
    assert policy.inputs["name"] == "shop-lb-tls"
    proxy = one(monitor, HTTPS_PROXY)
    assert proxy.inputs["sslPolicy"] == policy.id
    assert proxy.inputs["urlMap"] == by_name(monitor, URL_MAP)["shop"].id
    assert proxy.inputs["quicOverride"] == "ENABLE"
    assert proxy.inputs["name"] == "shop-lb-https-proxy"
    address = one(monitor, ADDRESS)
    assert address.inputs["ipVersion"] == "IPV4" and address.inputs["addressType"] == "EXTERNAL"
    assert address.inputs["labels"] == {"managed-by": "stackyard"}
    assert out["ip_address"] == address.state["address"]
    assert out["url_map_id"] == by_name(monitor, URL_MAP)["shop"].id
    assert out["hosts"] == ["api.shop.example.com", "www.shop.example.com"]
    assert out["certificate_names"] == ["shop-lb-api-shop-example-com", "shop-lb-www-shop-example-com"]
    component = one(monitor, COMPONENT)
    assert all(r.parent == component.urn for r in monitor.registrations.values() if r.custom)


def test_one_managed_certificate_per_host_named_after_the_host(monitor: RecordingMonitor) -> None:
    build(
        {
            "routes": [
                *ROUTES,
                {"host": "api.shop.example.com", "backend_service_id": SEARCH, "paths": ["/search/*"]},
            ]
        }
    )
    certificates = by_name(monitor, CERTIFICATE)
    # Logical and physical names come from the host alone: adding or removing another host never touches
    # this certificate (a managed certificate's domains cannot change in place).
    assert {n: c.inputs["name"] for n, c in certificates.items()} == {
        "shop-api.shop.example.com": "shop-lb-api-shop-example-com",
        "shop-www.shop.example.com": "shop-lb-www-shop-example-com",
    }
    for certificate in certificates.values():
        assert certificate.inputs["type"] == "MANAGED"
        assert len(certificate.inputs["managed"]["domains"]) == 1
    assert certificates["shop-api.shop.example.com"].inputs["managed"]["domains"] == ["api.shop.example.com"]
    assert one(monitor, HTTPS_PROXY).inputs["sslCertificates"] == [
        certificates["shop-api.shop.example.com"].id,
        certificates["shop-www.shop.example.com"].id,
    ]


def test_443_and_80_share_one_address_and_port_80_only_redirects(monitor: RecordingMonitor) -> None:
    build({})
    address = one(monitor, ADDRESS).state["address"]
    rules = by_name(monitor, RULE)
    assert set(rules) == {"shop-https", "shop-http"}
    https, http = rules["shop-https"].inputs, rules["shop-http"].inputs
    assert https["portRange"] == "443" and http["portRange"] == "80"
    assert https["ipAddress"] == address and http["ipAddress"] == address
    for rule in (https, http):
        assert rule["loadBalancingScheme"] == "EXTERNAL_MANAGED"
        assert rule["ipProtocol"] == "TCP"
        assert rule["labels"] == {"managed-by": "stackyard"}
    assert https["target"] == one(monitor, HTTPS_PROXY).id
    http_proxy = one(monitor, HTTP_PROXY)
    assert http["target"] == http_proxy.id
    redirect = by_name(monitor, URL_MAP)["shop-redirect"]
    assert http_proxy.inputs["urlMap"] == redirect.id
    # The redirect map answers everything with a 301 to HTTPS and has no backend at all.
    assert redirect.inputs == {
        "name": "shop-lb-redirect",
        "description": "HTTP -> HTTPS redirect",
        "defaultUrlRedirect": {
            "httpsRedirect": True,
            "redirectResponseCode": "MOVED_PERMANENTLY_DEFAULT",
            "stripQuery": False,
        },
    }


def test_hosts_and_paths_route_to_the_right_backend_services(monitor: RecordingMonitor) -> None:
    build(
        {
            "routes": [
                {"host": "api.shop.example.com", "backend_service_id": SEARCH, "paths": ["/search/*"]},
                {"host": "api.shop.example.com", "backend_service_id": API, "paths": ["/*", "/v1/*"]},
                {"host": "www.shop.example.com", "backend_service_id": WEB, "paths": ["/*"]},
                {
                    "host": "admin.shop.example.com",
                    "backend_service_id": WEB,
                    "paths": ["/admin/*", "/health"],
                },
            ]
        }
    )
    url_map = main_map(monitor)
    assert len(url_map["hostRules"]) == 3
    routed = matchers(monitor)
    api = routed["api.shop.example.com"]
    # The route listing /* takes the host's other paths; path rules send the rest to their backends.
    assert api["defaultService"] == API
    assert api["pathRules"] == [
        {"paths": ["/search/*"], "service": SEARCH},
        {"paths": ["/v1/*"], "service": API},
    ]
    www = routed["www.shop.example.com"]
    assert www["defaultService"] == WEB and "pathRules" not in www  # only "/*": no path rules
    admin = routed["admin.shop.example.com"]
    assert admin["defaultService"] == WEB  # no "/*" route: the host's first route
    assert admin["pathRules"] == [{"paths": ["/admin/*", "/health"], "service": WEB}]
    for matcher in url_map["pathMatchers"]:
        assert RFC1035.match(matcher["name"]) and len(matcher["name"]) <= 63
    # A host no route names is redirected to the first host, never sent to a backend.
    assert url_map["defaultUrlRedirect"] == {
        "hostRedirect": "api.shop.example.com",
        "redirectResponseCode": "FOUND",
        "stripQuery": False,
    }
    assert "defaultService" not in url_map
    assert url_map["name"] == "shop-lb"


def test_paths_default_to_everything(monitor: RecordingMonitor) -> None:
    out = build({"routes": [{"host": "shop.example.com", "backend_service_id": API}]})
    (matcher,) = main_map(monitor)["pathMatchers"]
    assert matcher["defaultService"] == API and "pathRules" not in matcher
    assert out["hosts"] == ["shop.example.com"]


def test_dns_records_only_with_a_zone(monitor: RecordingMonitor) -> None:
    build({})
    assert of_type(monitor, RECORD) == []


def test_dns_zone_gets_an_a_record_per_host(monitor: RecordingMonitor) -> None:
    build({"dns_zone": "shop-example-com"})
    address = one(monitor, ADDRESS).state["address"]
    records = {r.inputs["name"]: r.inputs for r in of_type(monitor, RECORD)}
    assert set(records) == {"api.shop.example.com.", "www.shop.example.com."}
    for record in records.values():
        assert record["type"] == "A" and record["ttl"] == 300
        assert record["managedZone"] == "shop-example-com"
        assert record["rrdatas"] == [address]


def test_knobs_reach_the_front_end(monitor: RecordingMonitor) -> None:
    build({"ssl_profile": "RESTRICTED", "min_tls_version": "TLS_1_3", "labels": {"env": "prod"}})
    policy = one(monitor, SSL_POLICY).inputs
    assert policy["profile"] == "RESTRICTED" and policy["minTlsVersion"] == "TLS_1_3"
    assert one(monitor, ADDRESS).inputs["labels"] == {"env": "prod", "managed-by": "stackyard"}
    for rule in of_type(monitor, RULE):
        assert rule.inputs["labels"] == {"env": "prod", "managed-by": "stackyard"}


def test_names_fit_google_limits_for_a_long_name(monitor: RecordingMonitor) -> None:
    name = "checkout-service-production-europe-west-edge-balancer"
    host = "storefront-api-gateway-for-customers.checkout.production.example.com"
    build({"routes": [{"host": host, "backend_service_id": API}]}, name=name)
    names = [r.inputs["name"] for t in COMPUTE_TYPES for r in of_type(monitor, t)]
    assert len(names) == 9
    for physical in names:
        assert len(physical) <= 63 and RFC1035.match(physical), physical
    assert len(set(names)) == 9
    assert one(monitor, CERTIFICATE).inputs["name"] == physical_name(f"{name}-lb-{host}", 63)
    (matcher,) = by_name(monitor, URL_MAP)[name].inputs["pathMatchers"]
    assert len(matcher["name"]) <= 63 and RFC1035.match(matcher["name"])


def test_hosts_that_clean_to_the_same_name_get_distinct_matchers(monitor: RecordingMonitor) -> None:
    build(
        {
            "routes": [
                {"host": "a-b.example.com", "backend_service_id": API},
                {"host": "a.b-example.com", "backend_service_id": WEB},
            ]
        }
    )
    names = [m["name"] for m in main_map(monitor)["pathMatchers"]]
    assert len(set(names)) == 2


BAD: list[tuple[dict[str, Any], str]] = [
    ({"routes": []}, "routes"),
    ({"routes": "api.example.com"}, "routes"),
    ({"routes": [{"host": "API.example.com", "backend_service_id": API}]}, r"routes\[0\]\.host"),
    ({"routes": [{"host": "*.example.com", "backend_service_id": API}]}, r"routes\[0\]\.host"),
    ({"routes": [{"host": "https://example.com", "backend_service_id": API}]}, r"routes\[0\]\.host"),
    ({"routes": [{"host": "example.com."}]}, r"routes\[0\]\.host"),
    ({"routes": [{"host": "example.com"}]}, r"routes\[0\]\.backend_service_id"),
    ({"routes": [{"host": "example.com", "backend_service_id": ""}]}, r"routes\[0\]\.backend_service_id"),
    ({"routes": [{"host": "example.com", "backend_service_id": 7}]}, r"routes\[0\]\.backend_service_id"),
    ({"routes": [{"host": "example.com", "backend_service_id": API, "paths": []}]}, r"routes\[0\]\.paths"),
    (
        {"routes": [{"host": "example.com", "backend_service_id": API, "paths": ["api/*"]}]},
        r"routes\[0\]\.paths",
    ),
    (
        {"routes": [{"host": "example.com", "backend_service_id": API, "paths": ["/api*"]}]},
        r"routes\[0\]\.paths",
    ),
    (
        {"routes": [{"host": "example.com", "backend_service_id": API, "paths": ["/a/*/b"]}]},
        r"routes\[0\]\.paths",
    ),
    (
        {"routes": [{"host": "example.com", "backend_service_id": API, "paths": ["/a?b"]}]},
        r"routes\[0\]\.paths",
    ),
    (
        {"routes": [{"host": "example.com", "backend_service_id": API, "port": 80}]},
        r"`routes\[0\].port` is not an argument of LoadBalancer; use one of backend_service_id, host, paths",
    ),
    (
        {
            "routes": [
                {"host": "example.com", "backend_service_id": API},
                {"host": "example.com", "backend_service_id": WEB},
            ]
        },
        r"routes\[1\]\.paths",
    ),
    (
        {"routes": [{"host": f"h{n}.example.com", "backend_service_id": API} for n in range(16)]},
        "routes name 16 hosts",
    ),
    ({"ssl_profile": "COMPATIBLE"}, "ssl_profile"),
    ({"min_tls_version": "TLS_1_1"}, "min_tls_version"),
    ({"min_tls_version": "TLS_1_3"}, "min_tls_version"),  # needs RESTRICTED
    ({"dns_zone": "Example.com"}, "dns_zone"),
    ({"labels": {"Env": "prod"}}, "labels"),
    ({"labels": {"env": "Prod"}}, "labels"),
    ({"labels": {"Team": "web"}}, "labels"),
]


@pytest.mark.parametrize(("args", "argument"), BAD, ids=[f"{i}-{a}" for i, (_, a) in enumerate(BAD)])
def test_bad_arguments_raise_and_create_nothing(
    args: dict[str, Any], argument: str, monitor: RecordingMonitor
) -> None:
    with pytest.raises(ValueError, match=f"^LoadBalancer:? {argument}"):
        LoadBalancer("shop", cast(LoadBalancerArgs, {"routes": ROUTES, **args}))
    assert monitor.registrations == {}


def test_fifteen_hosts_are_allowed(monitor: RecordingMonitor) -> None:
    build({"routes": [{"host": f"h{n}.example.com", "backend_service_id": API} for n in range(15)]})
    assert len(of_type(monitor, CERTIFICATE)) == 15
    assert len(one(monitor, HTTPS_PROXY).inputs["sslCertificates"]) == 15


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(LoadBalancer)
    assert len(of_type(monitor, CERTIFICATE)) == 1
    assert len(of_type(monitor, RECORD)) == 1
