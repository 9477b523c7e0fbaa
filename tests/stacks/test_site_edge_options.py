"""CloudFront's edge options of issue #18: geo restriction and origin failover, as CdnSite arguments and as
the stack file's `site.geo_restriction` and `site.failover_bucket`; on Google Cloud a blocking geo
restriction becomes a Cloud Armor edge policy, and what cannot be done there is refused by key. Every cache
behaviour, the ordered ones included, keeps the security headers policy."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pulumi
import pytest

from components.aws.cdn_site import CdnSite, CdnSiteArgs
from stacks.mocks import RecordingMonitor
from stackyard_policy import RULES, Resource, evaluate
from tests.conftest import of_type
from tests.stacks.test_bad_input import BASES, plan, refused, stack_file
from tests.stacks.test_bad_input import builds as builds  # a fixture of the refused cases

DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
ARMOR = "gcp:compute/securityPolicy:SecurityPolicy"
BACKEND_BUCKET = "gcp:compute/backendBucket:BackendBucket"
REPLICA = {"name": "shop-site-replica", "region": "us-west-2"}
HOST = "shop-site-replica.s3.us-west-2.amazonaws.com"
SITE = "stackyard:app.site"


def distribution_of(monitor: RecordingMonitor, args: CdnSiteArgs) -> dict[str, Any]:
    @pulumi.runtime.test
    def program() -> None:
        CdnSite("shop", args)

    program()
    (found,) = of_type(monitor, DISTRIBUTION)
    return found.inputs


# -- the component --------------------------------------------------------------------------------------


def test_without_the_options_nothing_is_restricted_and_there_is_no_origin_group(
    monitor: RecordingMonitor,
) -> None:
    inputs = distribution_of(monitor, {})
    assert inputs["restrictions"] == {"geoRestriction": {"restrictionType": "none", "locations": []}}
    assert "originGroups" not in inputs
    assert inputs["defaultCacheBehavior"]["targetOriginId"] == "s3"


@pytest.mark.parametrize(("mode", "kind"), [("allow", "whitelist"), ("block", "blacklist")])
def test_geo_restriction_allows_or_blocks_the_countries_given(
    monitor: RecordingMonitor, mode: str, kind: str
) -> None:
    inputs = distribution_of(monitor, {"geo_restriction": {"mode": mode, "countries": ["US", "CA"]}})
    assert inputs["restrictions"]["geoRestriction"] == {"restrictionType": kind, "locations": ["CA", "US"]}


def test_failover_origin_makes_the_site_bucket_and_the_copy_an_origin_group(
    monitor: RecordingMonitor,
) -> None:
    host = "shop-site-replica.s3.us-west-2.amazonaws.com"
    inputs = distribution_of(
        monitor,
        {
            "failover_origin": {"domain_name": host},
            "api_origin": {"domain_name": "api.shop.example.com"},
        },
    )
    origins = {o["originId"]: o for o in inputs["origins"]}
    assert origins["s3-failover"]["domainName"] == host
    assert origins["s3-failover"]["originAccessControlId"] == origins["s3"]["originAccessControlId"]
    (group,) = inputs["originGroups"]
    assert group["members"] == [{"originId": "s3"}, {"originId": "s3-failover"}]
    assert group["failoverCriteria"] == {"statusCodes": [500, 502, 503, 504]}
    assert inputs["defaultCacheBehavior"]["targetOriginId"] == group["originId"]
    assert set(inputs["defaultCacheBehavior"]["allowedMethods"]) <= {"GET", "HEAD", "OPTIONS"}
    (api,) = inputs["orderedCacheBehaviors"]  # other paths keep their own origins
    assert api["targetOriginId"] == "api"


def test_every_behaviour_the_ordered_ones_included_keeps_the_security_headers(
    monitor: RecordingMonitor,
) -> None:
    inputs = distribution_of(
        monitor,
        {
            "failover_origin": {"domain_name": "shop-site-replica.s3.us-west-2.amazonaws.com"},
            "geo_restriction": {"mode": "block", "countries": ["KP"]},
            "api_origin": {"domain_name": "api.shop.example.com"},
        },
    )
    behaviours = [inputs["defaultCacheBehavior"], *inputs["orderedCacheBehaviors"]]
    assert len(behaviours) == 2 and len({b["responseHeadersPolicyId"] for b in behaviours}) == 1
    assert all(b["responseHeadersPolicyId"] for b in behaviours)
    rule = next(r for r in RULES if r.name == "aws-cloudfront-response-headers")
    resource = Resource(urn="urn:x::shop", type=DISTRIBUTION, name="shop", inputs=inputs, dependencies=())
    assert evaluate([resource], [rule]) == []
    stripped = copy.deepcopy(inputs)
    del stripped["orderedCacheBehaviors"][0]["responseHeadersPolicyId"]
    bare = Resource(urn="urn:x::shop", type=DISTRIBUTION, name="shop", inputs=stripped, dependencies=())
    assert [v.message for v in evaluate([bare], [rule])] == [
        "cache behavior /api/* has no responseHeadersPolicyId"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"geo_restriction": {"mode": "deny", "countries": ["US"]}},
            "CdnSite geo_restriction {'mode': 'deny'",
        ),
        ({"geo_restriction": {"mode": "allow", "countries": []}}, "countries [] is not allowed"),
        ({"geo_restriction": {"mode": "allow", "countries": ["UK"]}}, "'UK' is not an ISO 3166-1 alpha-2"),
        ({"geo_restriction": {"mode": "allow", "countries": ["us"]}}, "did you mean 'US'?"),
        ({"geo_restriction": {"mode": "allow", "countries": ["US", "US"]}}, "lists US twice"),
        ({"failover_origin": {"domain_name": "https://x"}}, "failover_origin domain_name 'https://x'"),
        (
            {"failover_origin": {"domain_name": HOST, "status_codes": [418]}},
            "[418]",
        ),
        (
            {
                "failover_origin": {"domain_name": HOST},
                "service_origin": {"domain_name": "www.shop.example.com"},
            },
            "failover_origin is not allowed with service_origin",
        ),
    ],
)
def test_bad_edge_arguments_are_refused_with_the_argument_named(args: Any, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        CdnSite("shop", args)
    assert message in str(raised.value)


# -- the stack file -----------------------------------------------------------------------------------------


def config(base: str, **site: Any) -> dict[str, Any]:
    found = copy.deepcopy(BASES[base])
    found["stackyard:app"]["site"] = site
    return found


def rendered(tmp_path: Path, settings: dict[str, Any], name: str) -> dict[str, Any]:
    """The plan document of a stack file with `settings`, as `stackyard plan --json` prints it."""
    code, out, err = plan("--config-file", str(stack_file(tmp_path, settings, f"Pulumi.{name}.yaml")))
    assert code == 0, err
    return json.loads(out)


def of(document: dict[str, Any], type_: str) -> list[dict[str, Any]]:
    return [r for r in document["resources"] if r["type"] == type_]


def distribution(document: dict[str, Any]) -> dict[str, Any]:
    (found,) = of(document, DISTRIBUTION)
    return found["inputs"]


def test_the_stack_file_options_reach_cloudfront_and_the_replica_policy_is_an_output(tmp_path: Path) -> None:
    geo = {"mode": "allow", "countries": ["DE", "AT", "CH"]}
    plain = rendered(tmp_path, config("aws-prod"), "plain")
    options = rendered(tmp_path, config("aws-prod", geo_restriction=geo, failover_bucket=REPLICA), "options")
    assert distribution(plain)["restrictions"]["geoRestriction"]["restrictionType"] == "none"
    restricted = distribution(options)
    assert restricted["restrictions"]["geoRestriction"] == {
        "restrictionType": "whitelist",
        "locations": ["AT", "CH", "DE"],
    }
    origins = {o["originId"]: o["domainName"] for o in restricted["origins"]}
    assert origins["s3-failover"] == HOST
    assert restricted["originGroups"] and "originGroups" not in distribution(plain)
    assert "siteFailoverReadStatement" not in plain["outputs"]
    statement = json.loads(options["outputs"]["siteFailoverReadStatement"])
    assert statement["Resource"] == "arn:aws:s3:::shop-site-replica/*"
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert statement["Condition"]["StringEquals"]["AWS:SourceArn"].startswith("arn:aws:cloudfront::")


def test_on_gcp_a_blocking_geo_restriction_is_an_edge_policy_on_the_site(tmp_path: Path) -> None:
    plain = rendered(tmp_path, config("gcp"), "plain")
    geo = {"mode": "block", "countries": ["KP", "IR"]}
    blocked = rendered(tmp_path, config("gcp", geo_restriction=geo), "blocked")
    new = {r["urn"] for r in of(blocked, ARMOR)} - {r["urn"] for r in of(plain, ARMOR)}
    (policy,) = [r["inputs"] for r in of(blocked, ARMOR) if r["urn"] in new]
    assert policy["type"] == "CLOUD_ARMOR_EDGE"
    expressions = [r["match"]["expr"]["expression"] for r in policy["rules"] if "expr" in r["match"]]
    assert any("'KP'" in e and "'IR'" in e for e in expressions)
    buckets = of(blocked, BACKEND_BUCKET)
    assert buckets and all(not b["inputs"].get("edgeSecurityPolicy") for b in of(plain, BACKEND_BUCKET))
    assert all(b["inputs"].get("edgeSecurityPolicy") for b in buckets)


@pytest.mark.parametrize(
    ("base", "site", "expected"),
    [
        (
            "aws",
            {"geo_restriction": {"mode": "allow", "countries": ["UK"]}},
            f"{SITE}.geo_restriction.countries",
        ),
        ("aws", {"geo_restriction": {"mode": "allow", "countries": ["UK"]}}, "'UK' is not an ISO 3166-1"),
        ("aws", {"geo_restriction": {"mode": "allow", "countries": [False]}}, "quote it"),
        ("aws", {"geo_restriction": {"mode": "deny", "countries": ["US"]}}, f"{SITE}.geo_restriction.mode"),
        ("aws", {"geo_restriction": {"mode": "block", "countries": []}}, f"{SITE}.geo_restriction.countries"),
        ("aws", {"failover_bucket": {"name": "Shop Replica", "region": "us-west-2"}}, "failover_bucket.name"),
        ("aws", {"failover_bucket": {"name": "shop-replica", "region": "mars"}}, "failover_bucket.region"),
        ("aws", {"failover_bucket": REPLICA, "service": "api"}, f"{SITE}.failover_bucket: only for a static"),
        (
            "gcp",
            {"geo_restriction": {"mode": "allow", "countries": ["US"]}},
            f"{SITE}.geo_restriction.mode: allow",
        ),
        ("gcp", {"failover_bucket": REPLICA}, f"{SITE}.failover_bucket: aws only"),
        ("aws", {"waf_verbose_logging": True}, f"{SITE}.waf_verbose_logging: gcp only"),
    ],
)
def test_bad_edge_options_are_refused_with_the_key_path(
    base: str, site: dict[str, Any], expected: str, tmp_path: Path, builds: list[str]
) -> None:
    path = stack_file(tmp_path, config(base, **site))
    refused(plan("--config-file", str(path)), expected, built=builds)
