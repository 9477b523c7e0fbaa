"""components.aws.ServiceDistribution: one service behind its own CloudFront distribution (the default
*.cloudfront.net certificate), reaching an internal load balancer through its CloudFront VPC origin over
HTTP, nothing cached, every viewer header (Host included) forwarded, security headers, optional access logs
to a bucket (standard logging v2), and argument checks."""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pytest

from components.aws.service_distribution import ServiceDistribution, ServiceDistributionArgs
from stacks.mocks import MOCK_ACCOUNT_ID, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:ServiceDistribution"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
HEADERS = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"
VPC_ORIGIN = "aws:cloudfront/vpcOrigin:VpcOrigin"
LOG_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
LOG_DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"
LOG_DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery"
CERTIFICATE = "aws:acm/certificate:Certificate"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
# The AWS managed policies' ids (the same in every account): Amazon CloudFront Developer Guide.
CACHING_DISABLED_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_ID = "216adef6-5c7f-47e4-b989-5492eafa07d3"
ALL_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}
ORIGIN_ID = "vo_0123456789abcdefghijkl"
ALB_DNS = "internal-shop-1234567890.us-east-1.elb.amazonaws.com"
BASE: dict[str, Any] = {"vpc_origin_id": ORIGIN_ID, "origin_domain_name": ALB_DNS}


def build(monitor: RecordingMonitor, args: dict[str, Any] | None = None, name: str = "api") -> dict[str, Any]:
    """Create a ServiceDistribution (BASE plus `args`) under mocks; return its resolved outputs."""
    resolved: dict[str, Any] = {}
    full: ServiceDistributionArgs = {**BASE, **(args or {})}  # type: ignore[typeddict-item]

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        service = ServiceDistribution(name, full)
        outputs = {key: getattr(service, key) for key in ("domain_name", "url", "distribution_id", "arn")}
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the ServiceDistribution's outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def test_the_distribution_serves_https_at_its_own_name(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    distribution = one(monitor, DISTRIBUTION)
    inputs = distribution.inputs
    assert inputs["viewerCertificate"] == {"cloudfrontDefaultCertificate": True}
    assert "aliases" not in inputs or inputs["aliases"] == []
    assert inputs["enabled"] is True and inputs["isIpv6Enabled"] is True
    assert inputs["httpVersion"] == "http2and3"
    assert inputs["priceClass"] == "PriceClass_100"
    assert inputs["restrictions"] == {"geoRestriction": {"restrictionType": "none", "locations": []}}
    assert "webAclId" not in inputs  # the load balancer's regional web ACL filters
    assert of_type(monitor, CERTIFICATE) == [] and of_type(monitor, WEB_ACL) == []
    assert distribution.id and out["distribution_id"] == distribution.id
    assert out["domain_name"] == f"{distribution.id.lower()}.cloudfront.net"
    assert out["url"] == f"https://{out['domain_name']}"
    assert out["arn"] == f"arn:aws:cloudfront::{MOCK_ACCOUNT_ID}:distribution/{distribution.id}"


def test_the_one_origin_is_the_load_balancers_vpc_origin(monitor: RecordingMonitor) -> None:
    build(monitor)
    (origin,) = one(monitor, DISTRIBUTION).inputs["origins"]
    assert origin["domainName"] == ALB_DNS
    assert origin["vpcOriginConfig"] == {"vpcOriginId": ORIGIN_ID}
    assert "customOriginConfig" not in origin and "s3OriginConfig" not in origin
    assert of_type(monitor, VPC_ORIGIN) == []  # the load balancer's, not one per distribution


def test_every_method_reaches_the_service_uncached_with_the_viewers_host(monitor: RecordingMonitor) -> None:
    build(monitor)
    inputs = one(monitor, DISTRIBUTION).inputs
    default = inputs["defaultCacheBehavior"]
    (origin,) = inputs["origins"]
    assert default["targetOriginId"] == origin["originId"]
    assert default["viewerProtocolPolicy"] == "redirect-to-https"
    assert set(default["allowedMethods"]) == ALL_METHODS
    assert set(default["cachedMethods"]) == {"GET", "HEAD"}
    assert default["cachePolicyId"] == CACHING_DISABLED_ID
    assert default["originRequestPolicyId"] == ALL_VIEWER_ID
    assert "orderedCacheBehaviors" not in inputs or inputs["orderedCacheBehaviors"] == []


def test_responses_carry_the_security_headers(monitor: RecordingMonitor) -> None:
    build(monitor, {"physical_name": "shop-staging-api"})
    policy = one(monitor, HEADERS)
    assert policy.name == "api-security-headers"
    assert policy.inputs["name"] == "shop-staging-api-security-headers"
    assert policy.inputs["comment"] == "Security headers of the api service, managed by stackyard"
    config = policy.inputs["securityHeadersConfig"]
    assert config["strictTransportSecurity"] == {
        "accessControlMaxAgeSec": 63072000,
        "includeSubdomains": True,
        "preload": True,
        "override": True,
    }
    assert config["frameOptions"] == {"frameOption": "DENY", "override": True}
    assert one(monitor, DISTRIBUTION).inputs["defaultCacheBehavior"]["responseHeadersPolicyId"] == policy.id


@pytest.mark.parametrize("price_class", ["PriceClass_200", "PriceClass_All"])
def test_price_class_knob(monitor: RecordingMonitor, price_class: str) -> None:
    build(monitor, {"price_class": price_class})
    assert one(monitor, DISTRIBUTION).inputs["priceClass"] == price_class


def test_no_access_logs_without_a_bucket(monitor: RecordingMonitor) -> None:
    build(monitor)
    assert of_type(monitor, LOG_SOURCE) == of_type(monitor, LOG_DESTINATION) == of_type(monitor, LOG_DELIVERY)
    assert of_type(monitor, LOG_DELIVERY) == []
    assert "loggingConfig" not in one(monitor, DISTRIBUTION).inputs


def test_access_logs_are_delivered_to_the_given_bucket(monitor: RecordingMonitor) -> None:
    build(monitor, {"access_log_bucket": "shop-logs", "tags": {"team": "web"}})
    distribution = one(monitor, DISTRIBUTION)
    source, destination, delivery = (
        one(monitor, LOG_SOURCE),
        one(monitor, LOG_DESTINATION),
        one(monitor, LOG_DELIVERY),
    )
    assert source.inputs["logType"] == "ACCESS_LOGS"
    assert source.inputs["resourceArn"] == distribution.state["arn"]
    assert destination.inputs["deliveryDestinationConfiguration"] == {
        "destinationResourceArn": "arn:aws:s3:::shop-logs"
    }
    assert destination.inputs["outputFormat"] == "json"
    assert delivery.inputs["deliverySourceName"] == source.inputs["name"] == "api-cdn-access-logs"
    assert delivery.inputs["deliveryDestinationArn"] == destination.state["arn"]
    for resource in (source, destination, delivery):
        assert resource.inputs["region"] == "us-east-1"
        assert resource.inputs["tags"] == {"team": "web", "Name": "api-access-logs"}
    assert "loggingConfig" not in distribution.inputs  # no legacy logging: it needs bucket ACLs


def test_tags_reach_the_distribution(monitor: RecordingMonitor) -> None:
    build(monitor, {"tags": {"team": "web"}})
    assert one(monitor, DISTRIBUTION).inputs["tags"] == {"team": "web", "Name": "api-cdn"}


def test_every_resource_belongs_to_the_component(monitor: RecordingMonitor) -> None:
    build(monitor, {"access_log_bucket": "shop-logs"})
    component = one(monitor, COMPONENT)
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:ServiceDistribution::api"
    custom = [r for r in monitor.registrations.values() if r.custom]
    assert len(custom) == 5
    assert all(r.parent == component.urn for r in custom)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"vpc_origin_id": None}, "ServiceDistribution vpc_origin_id is required"),
        ({"origin_domain_name": None}, "ServiceDistribution origin_domain_name is required"),
        ({"vpc_origin_id": ""}, "ServiceDistribution vpc_origin_id '' is not allowed; use the id"),
        (
            {"price_class": "PriceClass_300"},
            "ServiceDistribution price_class 'PriceClass_300' is not allowed; use one of PriceClass_100, "
            "PriceClass_200, PriceClass_All",
        ),
        ({"tags": ["team"]}, r"ServiceDistribution tags \['team'\] is not allowed; use a dict"),
        (
            {"physical_name": "Shop_Staging"},
            "ServiceDistribution physical_name 'Shop_Staging' is not allowed",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ServiceDistribution("bad", {**BASE, **args})  # type: ignore[arg-type]
    assert monitor.registrations == {}


def test_an_unknown_key_is_refused_with_the_closest_one(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError) as raised:
        ServiceDistribution("bad", {**BASE, "priceclass": "PriceClass_100"})  # type: ignore[typeddict-unknown-key]
    assert str(raised.value) == (
        "ServiceDistribution: `priceclass` is not an argument of ServiceDistribution; did you mean "
        "`price_class`?"
    )
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(ServiceDistribution)
    distribution = one(monitor, DISTRIBUTION)
    (origin,) = distribution.inputs["origins"]
    vpc_origin = one(monitor, VPC_ORIGIN)
    assert origin["vpcOriginConfig"] == {"vpcOriginId": vpc_origin.id}
    assert re.fullmatch(r".+\.elb\.amazonaws\.com", origin["domainName"])
    assert one(monitor, COMPONENT).name == "shop-api"
