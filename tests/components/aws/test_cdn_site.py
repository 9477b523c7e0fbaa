"""components.aws.CdnSite: a private S3 bucket behind CloudFront with origin access control, HTTPS only,
security headers, an ACM certificate in us-east-1 and Route 53 records for a domain, SPA fallback, an API
origin, a WAF web ACL and standard logging (v2) to CloudWatch Logs."""

from __future__ import annotations

import json
import re
from typing import Any

import pulumi
import pytest

from components.aws.bucket import Bucket
from components.aws.cdn_site import CdnSite, CdnSiteArgs, ServiceOrigin
from stacks.mocks import MOCK_ACCOUNT_ID, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:CdnSite"
BUCKET_COMPONENT = "stackyard-aws:index:Bucket"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
OAC = "aws:cloudfront/originAccessControl:OriginAccessControl"
OAI = "aws:cloudfront/originAccessIdentity:OriginAccessIdentity"
HEADERS = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"
BUCKET = "aws:s3/bucket:Bucket"
ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
KEY = "aws:kms/key:Key"
CERTIFICATE = "aws:acm/certificate:Certificate"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
RECORD = "aws:route53/record:Record"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
WAF_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
LOG_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
LOG_DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"
LOG_DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery"
PROVIDER = "pulumi:providers:aws"
GET_ZONE = "aws:route53/getZone:getZone"
GET_CACHE_POLICY = "aws:cloudfront/getCachePolicy:getCachePolicy"
GET_ORIGIN_REQUEST_POLICY = "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy"
# The real ids of the AWS managed policies (the same in every account), as the mocks return them.
CACHING_OPTIMIZED_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
ZONE_ID = "Z0123456789ABCDEFGHIJ"
ALL_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}
MANAGED_GROUPS = {
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
}
NAME_40 = "storefront-marketing-site-2024-eu-launch"
S3_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
LOG_DELIVERY_NAME = re.compile(r"^[\w-]{1,60}$")
CLOUDFRONT_POLICY_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
WAF_NAME = re.compile(r"^[\w-]{1,128}$")
WAF_METRIC = re.compile(r"^[\w#:.\-/]{1,255}$")


def build(monitor: RecordingMonitor, args: CdnSiteArgs | None = None, name: str = "shop") -> dict[str, Any]:
    """Create a CdnSite under mocks; return its resolved outputs and deploy grant."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        site = CdnSite(name, args or {})
        outputs = {
            "bucket_name": site.bucket_name,
            "bucket_arn": site.bucket_arn,
            "distribution_id": site.distribution_id,
            "distribution_arn": site.distribution_arn,
            "domain_name": site.domain_name,
            "url": site.url,
            "grant_deploy": site.grant_deploy(),
        }
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the CdnSite's outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str, name: str | None = None) -> Registration:
    (found,) = [r for r in of_type(monitor, type_) if name is None or r.name == name]
    return found


def calls(monitor: RecordingMonitor, token: str) -> list[dict[str, Any]]:
    return [args for called, args in monitor.mocks.calls if called == token]  # type: ignore[attr-defined]


def behaviours(distribution: Registration) -> list[dict[str, Any]]:
    return [
        distribution.inputs["defaultCacheBehavior"],
        *distribution.inputs.get("orderedCacheBehaviors", []),
    ]


def statements(monitor: RecordingMonitor) -> list[dict[str, Any]]:
    return json.loads(one(monitor, POLICY).inputs["policy"])["Statement"]


# -- secure defaults -----------------------------------------------------------------------------------------


def test_defaults_serve_the_bucket_over_https_on_the_cloudfront_name(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    distribution = one(monitor, DISTRIBUTION)
    inputs = distribution.inputs
    assert inputs["enabled"] is True
    assert inputs["isIpv6Enabled"] is True
    assert inputs["httpVersion"] == "http2and3"
    assert inputs["priceClass"] == "PriceClass_100"
    assert inputs["defaultRootObject"] == "index.html"
    assert inputs.get("aliases", []) == []
    assert inputs.get("customErrorResponses", []) == []
    assert inputs.get("orderedCacheBehaviors", []) == []
    assert "webAclId" not in inputs
    assert inputs["restrictions"] == {"geoRestriction": {"restrictionType": "none", "locations": []}}
    # No domain: CloudFront's default certificate (its minimum TLS cannot be raised; documented).
    assert inputs["viewerCertificate"] == {"cloudfrontDefaultCertificate": True}

    default = inputs["defaultCacheBehavior"]
    assert default["targetOriginId"] == "s3"
    assert default["viewerProtocolPolicy"] == "redirect-to-https"
    assert default["compress"] is True
    assert set(default["allowedMethods"]) == {"GET", "HEAD", "OPTIONS"}
    assert default["cachePolicyId"] == CACHING_OPTIMIZED_ID
    assert calls(monitor, GET_CACHE_POLICY) == [{"name": "Managed-CachingOptimized"}]
    assert calls(monitor, GET_ORIGIN_REQUEST_POLICY) == []

    # Outputs: the cloudfront.net name and an https URL on it.
    assert out["distribution_id"] == distribution.id
    assert re.fullmatch(r"E[0-9A-Z]{13}", out["distribution_id"])
    assert out["domain_name"] == f"{distribution.id.lower()}.cloudfront.net"
    assert out["distribution_arn"] == f"arn:aws:cloudfront::{MOCK_ACCOUNT_ID}:distribution/{distribution.id}"
    assert out["url"] == f"https://{out['domain_name']}"
    bucket = one(monitor, BUCKET)
    assert out["bucket_name"] == bucket.state["bucket"] and out["bucket_arn"] == bucket.state["arn"]

    # Nothing a domain or the firewall would add.
    assert of_type(monitor, CERTIFICATE) == of_type(monitor, VALIDATION) == of_type(monitor, RECORD) == []
    assert of_type(monitor, WEB_ACL) == [] and calls(monitor, GET_ZONE) == []
    assert of_type(monitor, PROVIDER) == []  # us-east-1 resources use the `region` argument, no provider


def test_the_bucket_is_read_through_origin_access_control_not_an_identity(monitor: RecordingMonitor) -> None:
    build(monitor)
    assert of_type(monitor, OAI) == []
    oac = one(monitor, OAC)
    assert oac.inputs["originAccessControlOriginType"] == "s3"
    assert oac.inputs["signingBehavior"] == "always"
    assert oac.inputs["signingProtocol"] == "sigv4"
    (origin,) = one(monitor, DISTRIBUTION).inputs["origins"]
    assert origin["originId"] == "s3"
    assert origin["originAccessControlId"] == oac.id
    assert origin["domainName"] == one(monitor, BUCKET).state["bucketRegionalDomainName"]
    assert "s3OriginConfig" not in origin and "customOriginConfig" not in origin


def test_the_bucket_stays_fully_private(monitor: RecordingMonitor) -> None:
    build(monitor)
    (component,) = of_type(monitor, BUCKET_COMPONENT)
    assert component.parent == one(monitor, COMPONENT).urn
    assert component.name == "shop-site"
    bucket = one(monitor, BUCKET)
    assert bucket.parent == component.urn
    block = one(monitor, ACCESS_BLOCK)
    for flag in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"):
        assert block.inputs[flag] is True, flag
    assert one(monitor, OWNERSHIP).inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
    assert one(monitor, VERSIONING).inputs["versioningConfiguration"] == {"status": "Enabled"}
    (rule,) = one(monitor, ENCRYPTION).inputs["rules"]
    assert rule == {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}
    # SSE-S3: CloudFront needs no key grant (the only key is the log groups', `encrypt_logs`)
    assert [k.name for k in of_type(monitor, KEY)] == ["shop-cdn-logs-key-us-east-1"]
    assert not any(r.protect for r in monitor.registrations.values())  # build output, redeployable


def test_the_bucket_policy_grants_only_this_distribution_get_object(monitor: RecordingMonitor) -> None:
    build(monitor)
    bucket_arn = one(monitor, BUCKET).state["arn"]
    distribution_arn = one(monitor, DISTRIBUTION).state["arn"]
    deny, allow = statements(monitor)
    assert deny["Sid"] == "DenyInsecureTransport" and deny["Effect"] == "Deny"
    assert allow == {
        "Sid": "AllowCloudFrontRead",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": f"{bucket_arn}/*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }
    allows = [s for s in statements(monitor) if s["Effect"] == "Allow"]
    assert all(s["Principal"] != "*" and "Condition" in s for s in allows)


def test_the_bucket_policy_waits_for_the_distribution(monitor: RecordingMonitor) -> None:
    build(monitor)
    assert one(monitor, DISTRIBUTION).urn in one(monitor, POLICY).dependencies


def test_every_response_gets_the_security_headers(monitor: RecordingMonitor) -> None:
    build(monitor)
    policy = one(monitor, HEADERS)
    config = policy.inputs["securityHeadersConfig"]
    assert config["strictTransportSecurity"] == {
        "accessControlMaxAgeSec": 63072000,
        "includeSubdomains": True,
        "preload": True,
        "override": True,
    }
    assert config["contentTypeOptions"] == {"override": True}
    assert config["frameOptions"] == {"frameOption": "DENY", "override": True}
    assert config["referrerPolicy"] == {"referrerPolicy": "strict-origin-when-cross-origin", "override": True}
    assert config["xssProtection"] == {"protection": True, "modeBlock": True, "override": True}
    for behaviour in behaviours(one(monitor, DISTRIBUTION)):
        assert behaviour["responseHeadersPolicyId"] == policy.id


# -- domain --------------------------------------------------------------------------------------------------


def test_a_domain_gets_a_us_east_1_certificate_tls_1_2_2021_and_alias_records(
    monitor: RecordingMonitor,
) -> None:
    out = build(monitor, {"domain": "shop.example.com"})
    # The registrable parent's zone, the one the load balancer looks up too: one zone serves the stack.
    assert calls(monitor, GET_ZONE) == [{"name": "example.com", "privateZone": False}]
    zone_id = monitor.mocks._functions()[GET_ZONE]({"name": "example.com"})["zoneId"]  # type: ignore[attr-defined]

    certificate = one(monitor, CERTIFICATE)
    assert certificate.inputs["domainName"] == "shop.example.com"
    assert certificate.inputs["validationMethod"] == "DNS"
    assert certificate.inputs["region"] == "us-east-1"
    assert certificate.state["arn"].startswith(f"arn:aws:acm:us-east-1:{MOCK_ACCOUNT_ID}:certificate/")

    (option,) = certificate.state["domainValidationOptions"]
    validation_record = one(monitor, RECORD, "shop-validation-shop.example.com")
    assert validation_record.inputs["zoneId"] == zone_id
    assert validation_record.inputs["name"] == option["resourceRecordName"]
    assert validation_record.inputs["type"] == option["resourceRecordType"] == "CNAME"
    assert validation_record.inputs["records"] == [option["resourceRecordValue"]]

    validation = one(monitor, VALIDATION)
    assert validation.inputs["region"] == "us-east-1"
    assert validation.inputs["certificateArn"] == certificate.state["arn"]
    assert validation.inputs["validationRecordFqdns"] == [validation_record.state["fqdn"]]

    distribution = one(monitor, DISTRIBUTION)
    assert distribution.inputs["aliases"] == ["shop.example.com"]
    assert distribution.inputs["viewerCertificate"] == {
        "acmCertificateArn": certificate.state["arn"],
        "sslSupportMethod": "sni-only",
        "minimumProtocolVersion": "TLSv1.2_2021",
    }

    for record_type in ("A", "AAAA"):
        record = one(monitor, RECORD, f"shop-{record_type.lower()}")
        assert record.inputs["zoneId"] == zone_id
        assert record.inputs["name"] == "shop.example.com"
        assert record.inputs["type"] == record_type
        assert record.inputs["aliases"] == [
            {"name": out["domain_name"], "zoneId": CLOUDFRONT_ZONE_ID, "evaluateTargetHealth": False}
        ]
    assert len(of_type(monitor, RECORD)) == 3
    assert out["url"] == "https://shop.example.com"
    assert of_type(monitor, PROVIDER) == []


def test_a_given_hosted_zone_is_used_without_a_lookup(monitor: RecordingMonitor) -> None:
    build(monitor, {"domain": "shop.example.com", "hosted_zone_id": ZONE_ID})
    assert calls(monitor, GET_ZONE) == []
    assert {r.inputs["zoneId"] for r in of_type(monitor, RECORD)} == {ZONE_ID}


def test_a_hosted_zone_id_output_is_accepted(monitor: RecordingMonitor) -> None:
    build(monitor, {"domain": "shop.example.com", "hosted_zone_id": pulumi.Output.from_input(ZONE_ID)})
    assert {r.inputs["zoneId"] for r in of_type(monitor, RECORD)} == {ZONE_ID}


# -- knobs ---------------------------------------------------------------------------------------------------


def test_spa_answers_403_and_404_with_the_index_page(monitor: RecordingMonitor) -> None:
    build(monitor, {"spa": True})
    responses = one(monitor, DISTRIBUTION).inputs["customErrorResponses"]
    assert sorted(r["errorCode"] for r in responses) == [403, 404]
    for response in responses:
        assert response["responseCode"] == 200
        assert response["responsePagePath"] == "/index.html"


def test_spa_uses_the_default_root_object(monitor: RecordingMonitor) -> None:
    build(monitor, {"spa": True, "default_root_object": "app.html"})
    distribution = one(monitor, DISTRIBUTION)
    assert distribution.inputs["defaultRootObject"] == "app.html"
    assert {r["responsePagePath"] for r in distribution.inputs["customErrorResponses"]} == {"/app.html"}


def test_price_class_can_be_widened(monitor: RecordingMonitor) -> None:
    build(monitor, {"price_class": "PriceClass_All"})
    assert one(monitor, DISTRIBUTION).inputs["priceClass"] == "PriceClass_All"


def test_the_api_origin_is_https_only_and_uncached(monitor: RecordingMonitor) -> None:
    build(monitor, {"api_origin": {"domain_name": "api.shop.example.com"}})
    distribution = one(monitor, DISTRIBUTION)
    s3, api = distribution.inputs["origins"]
    assert s3["originId"] == "s3"
    assert api == {
        "originId": "api",
        "domainName": "api.shop.example.com",
        "customOriginConfig": {
            "httpPort": 80,
            "httpsPort": 443,
            "originProtocolPolicy": "https-only",
            "originSslProtocols": ["TLSv1.2"],
        },
    }
    (behaviour,) = distribution.inputs["orderedCacheBehaviors"]
    assert behaviour["pathPattern"] == "/api/*"
    assert behaviour["targetOriginId"] == "api"
    assert set(behaviour["allowedMethods"]) == ALL_METHODS
    assert behaviour["cachePolicyId"] == CACHING_DISABLED_ID
    assert behaviour["originRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER_ID
    # The two lookups run concurrently: their order is not the program's.
    assert sorted(c["name"] for c in calls(monitor, GET_CACHE_POLICY)) == [
        "Managed-CachingDisabled",
        "Managed-CachingOptimized",
    ]
    assert calls(monitor, GET_ORIGIN_REQUEST_POLICY) == [{"name": "Managed-AllViewerExceptHostHeader"}]
    for each in behaviours(distribution):
        assert each["viewerProtocolPolicy"] == "redirect-to-https"
        assert each["compress"] is True


def test_the_api_path_pattern_can_be_changed(monitor: RecordingMonitor) -> None:
    build(monitor, {"api_origin": {"domain_name": "api.shop.example.com", "path_pattern": "/v1/*"}})
    (behaviour,) = one(monitor, DISTRIBUTION).inputs["orderedCacheBehaviors"]
    assert behaviour["pathPattern"] == "/v1/*"


def test_the_web_acl_has_the_managed_rule_groups_and_a_rate_limit(monitor: RecordingMonitor) -> None:
    build(monitor, {"web_acl": True})
    acl = one(monitor, WEB_ACL)
    assert acl.inputs["scope"] == "CLOUDFRONT"
    assert acl.inputs["region"] == "us-east-1"
    assert acl.inputs["defaultAction"] == {"allow": {}}
    assert acl.inputs["visibilityConfig"]["cloudwatchMetricsEnabled"] is True
    assert acl.inputs["visibilityConfig"]["sampledRequestsEnabled"] is True
    rules = {rule["name"]: rule for rule in acl.inputs["rules"]}
    assert set(rules) == {*MANAGED_GROUPS, "rate-limit-per-ip"}
    assert len({rule["priority"] for rule in rules.values()}) == len(rules)
    for group in MANAGED_GROUPS:
        assert rules[group]["statement"] == {
            "managedRuleGroupStatement": {"vendorName": "AWS", "name": group}
        }
        assert rules[group]["overrideAction"] == {"none": {}}
    rate = rules["rate-limit-per-ip"]
    assert rate["action"] == {"block": {}}
    assert rate["statement"] == {
        "rateBasedStatement": {"limit": 2000, "aggregateKeyType": "IP", "evaluationWindowSec": 300}
    }
    for rule in rules.values():
        assert rule["visibilityConfig"]["cloudwatchMetricsEnabled"] is True
        assert rule["visibilityConfig"]["sampledRequestsEnabled"] is True
    assert one(monitor, DISTRIBUTION).inputs["webAclId"] == acl.state["arn"]


def test_the_web_acl_logs_to_an_aws_waf_logs_group_in_us_east_1_without_credentials(
    monitor: RecordingMonitor,
) -> None:
    build(monitor, {"web_acl": True, "physical_name": "shop-prod"})
    acl = one(monitor, WEB_ACL)
    group = one(monitor, LOG_GROUP, "shop-waf-logs")
    assert group.inputs["name"] == "aws-waf-logs-shop-prod-cdn"  # the only names AWS WAF writes to
    assert group.inputs["region"] == "us-east-1" and group.inputs["retentionInDays"] == 90
    logging = one(monitor, WAF_LOGGING)
    assert logging.inputs["resourceArn"] == acl.state["arn"]
    assert logging.inputs["logDestinationConfigs"] == [group.state["arn"]]
    assert logging.inputs["region"] == "us-east-1"
    assert logging.inputs["redactedFields"] == [
        {"singleHeader": {"name": "authorization"}},
        {"singleHeader": {"name": "cookie"}},
    ]


def test_the_web_acl_log_retention_can_be_changed(monitor: RecordingMonitor) -> None:
    build(monitor, {"web_acl": True, "waf_log_retention_days": 365})
    assert one(monitor, LOG_GROUP, "shop-waf-logs").inputs["retentionInDays"] == 365
    assert one(monitor, LOG_GROUP, "shop-access-logs").inputs["retentionInDays"] == 90


def test_without_a_web_acl_there_is_no_waf_log(monitor: RecordingMonitor) -> None:
    build(monitor)
    assert of_type(monitor, WAF_LOGGING) == []
    assert [g.name for g in of_type(monitor, LOG_GROUP)] == ["shop-access-logs"]


def test_the_site_bucket_logs_its_requests_to_a_given_log_bucket(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"access_log_bucket": "shop-prod-s3-logs-abc", "physical_name": "shop-prod"})
    (logging,) = of_type(monitor, "aws:s3/bucketLogging:BucketLogging")
    assert logging.inputs == {
        "bucket": out["bucket_name"],
        "targetBucket": "shop-prod-s3-logs-abc",
        "targetPrefix": "shop-prod-site/",
    }


def test_without_a_log_bucket_the_site_bucket_does_not_log(monitor: RecordingMonitor) -> None:
    build(monitor)
    assert of_type(monitor, "aws:s3/bucketLogging:BucketLogging") == []


def test_the_rate_limit_can_be_changed(monitor: RecordingMonitor) -> None:
    build(monitor, {"web_acl": True, "rate_limit": 500})
    rules = {rule["name"]: rule for rule in one(monitor, WEB_ACL).inputs["rules"]}
    assert rules["rate-limit-per-ip"]["statement"]["rateBasedStatement"]["limit"] == 500


def test_access_logs_go_to_a_log_group_with_retention_in_us_east_1(monitor: RecordingMonitor) -> None:
    build(monitor)
    distribution = one(monitor, DISTRIBUTION)
    group = one(monitor, LOG_GROUP)
    assert group.inputs["retentionInDays"] == 90
    assert group.inputs["namePrefix"] == "/aws/vendedlogs/cloudfront/shop-"
    source = one(monitor, LOG_SOURCE)
    assert source.inputs["logType"] == "ACCESS_LOGS"
    assert source.inputs["resourceArn"] == distribution.state["arn"]
    destination = one(monitor, LOG_DESTINATION)
    assert destination.inputs["deliveryDestinationConfiguration"] == {
        "destinationResourceArn": group.state["arn"]
    }
    assert destination.inputs["outputFormat"] == "json"
    delivery = one(monitor, LOG_DELIVERY)
    assert delivery.inputs["deliverySourceName"] == source.inputs["name"]
    assert delivery.inputs["deliveryDestinationArn"] == destination.state["arn"]
    for part in (group, source, destination, delivery):
        assert part.inputs["region"] == "us-east-1", part.type
    assert "loggingConfig" not in distribution.inputs  # no legacy logs (they need bucket ACLs)


def test_log_retention_can_be_changed_and_logging_turned_off(monitor: RecordingMonitor) -> None:
    build(monitor, {"log_retention_days": 365}, name="kept")
    assert one(monitor, LOG_GROUP).inputs["retentionInDays"] == 365
    build(monitor, {"logging": False}, name="quiet")
    quiet = [r for r in monitor.registrations.values() if r.name.startswith("quiet")]
    assert quiet and not any(r.type in (LOG_GROUP, LOG_SOURCE, LOG_DESTINATION, LOG_DELIVERY) for r in quiet)


# -- parents, tags, names ------------------------------------------------------------------------------------


def test_every_resource_is_inside_the_component(monitor: RecordingMonitor) -> None:
    build(monitor, {"domain": "shop.example.com", "web_acl": True, "api_origin": {"domain_name": "api.x.io"}})
    component = one(monitor, COMPONENT)
    by_urn = monitor.registrations
    for registration in by_urn.values():
        if registration.urn == component.urn or registration.type == "pulumi:pulumi:Stack":
            continue
        parent = registration.parent
        while parent and parent != component.urn:
            parent = by_urn[parent].parent
        assert parent == component.urn, registration.urn


def test_tags_reach_every_taggable_resource(monitor: RecordingMonitor) -> None:
    build(monitor, {"domain": "shop.example.com", "web_acl": True, "tags": {"team": "web"}})
    taggable = (
        BUCKET,
        DISTRIBUTION,
        CERTIFICATE,
        WEB_ACL,
        LOG_GROUP,
        LOG_SOURCE,
        LOG_DESTINATION,
        LOG_DELIVERY,
    )
    found = [r for r in monitor.registrations.values() if r.type in taggable]
    assert {r.type for r in found} == set(taggable)
    for registration in found:
        assert registration.inputs["tags"]["team"] == "web", registration.type
        assert registration.inputs["tags"]["Name"].startswith("shop"), registration.type


def test_physical_names_respect_aws_limits_for_a_40_character_name(monitor: RecordingMonitor) -> None:
    assert len(NAME_40) == 40
    build(monitor, {"domain": "shop.example.com", "web_acl": True}, name=NAME_40)
    assert S3_NAME.match(one(monitor, BUCKET).state["bucket"])
    assert len(one(monitor, OAC).inputs["name"]) <= 64
    assert CLOUDFRONT_POLICY_NAME.match(one(monitor, HEADERS).inputs["name"])
    acl = one(monitor, WEB_ACL)
    assert WAF_NAME.match(acl.inputs["name"])
    metrics = [acl.inputs["visibilityConfig"]["metricName"]] + [
        rule["visibilityConfig"]["metricName"] for rule in acl.inputs["rules"]
    ]
    assert all(WAF_METRIC.match(metric) for metric in metrics)
    assert len(set(metrics)) == len(metrics)
    for type_ in (LOG_SOURCE, LOG_DESTINATION):
        assert LOG_DELIVERY_NAME.match(one(monitor, type_).inputs["name"]), type_
    # A log group name is at most 512 characters; the provider appends 26 to the prefix.
    assert len(one(monitor, LOG_GROUP, f"{NAME_40}-access-logs").inputs["namePrefix"]) + 26 <= 512
    assert len(one(monitor, LOG_GROUP, f"{NAME_40}-waf-logs").inputs["name"]) <= 512
    assert len(one(monitor, DISTRIBUTION).inputs["comment"]) <= 128


def test_physical_names_are_deterministic(monitor: RecordingMonitor) -> None:
    build(monitor, {"web_acl": True}, name="shop")
    assert one(monitor, OAC).inputs["name"] == "shop-site"
    assert one(monitor, HEADERS).inputs["name"] == "shop-security-headers"
    assert one(monitor, WEB_ACL).inputs["name"] == "shop-cdn"
    assert one(monitor, LOG_SOURCE).inputs["name"] == "shop-cdn-access-logs"
    assert one(monitor, LOG_DESTINATION).inputs["name"] == "shop-cdn-access-logs"


# -- deploy grant --------------------------------------------------------------------------------------------


def test_the_deploy_grant_is_least_privilege(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    document = json.loads(out["grant_deploy"])
    by_sid = {s["Sid"]: s for s in document["Statement"]}
    assert by_sid == {
        "ListSite": {
            "Sid": "ListSite",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": out["bucket_arn"],
        },
        "SyncSite": {
            "Sid": "SyncSite",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            "Resource": f"{out['bucket_arn']}/*",
        },
        "Invalidate": {
            "Sid": "Invalidate",
            "Effect": "Allow",
            "Action": "cloudfront:CreateInvalidation",
            "Resource": out["distribution_arn"],
        },
    }


# -- bad arguments -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"domain": "https://shop.example.com"}, "CdnSite domain 'https://shop.example.com' is not allowed"),
        ({"domain": "Shop.Example.com"}, "CdnSite domain 'Shop.Example.com' is not allowed"),
        ({"domain": "*.example.com"}, r"CdnSite domain '\*.example.com' is not allowed; use None or"),
        ({"domain": "localhost"}, "CdnSite domain 'localhost' is not allowed"),
        ({"hosted_zone_id": ZONE_ID}, "CdnSite hosted_zone_id .* is not allowed without domain"),
        (
            {"domain": "shop.example.com", "hosted_zone_id": "/hostedzone/Z1"},
            "CdnSite hosted_zone_id '/hostedzone/Z1' is not allowed; use a Route 53 hosted zone id",
        ),
        ({"spa": "yes"}, "CdnSite spa 'yes' is not allowed; use True or False"),
        ({"web_acl": 1}, "CdnSite web_acl 1 is not allowed; use True or False"),
        ({"logging": None}, "CdnSite logging None is not allowed; use True or False"),
        ({"default_root_object": "/index.html"}, "CdnSite default_root_object '/index.html' is not allowed"),
        ({"default_root_object": ""}, "CdnSite default_root_object '' is not allowed"),
        ({"price_class": "PriceClass_50"}, "CdnSite price_class 'PriceClass_50' is not allowed; use one of"),
        ({"rate_limit": 5}, "CdnSite rate_limit 5 is not allowed; use a whole number .* from 10 to"),
        ({"rate_limit": 2000.0}, "CdnSite rate_limit 2000.0 is not allowed"),
        ({"log_retention_days": 45}, "CdnSite log_retention_days 45 is not allowed; use one of 1, 3"),
        ({"log_retention_days": "30"}, "CdnSite log_retention_days '30' is not allowed"),
        ({"waf_log_retention_days": 45}, "CdnSite waf_log_retention_days 45 is not allowed; use one of 1, 3"),
        ({"waf_log_retention_days": "30"}, "CdnSite waf_log_retention_days '30' is not allowed"),
        ({"api_origin": {"path_pattern": "/api/*"}}, "CdnSite api_origin .* is not allowed; use None or"),
        (
            {"api_origin": {"domain_name": "api.shop.example.com", "port": 8443}},
            "`api_origin.port` is not an argument of CdnSite; use one of domain_name, path_pattern",
        ),
        (
            {"api_origin": {"domain_name": "https://api.shop.example.com"}},
            "CdnSite api_origin domain_name 'https://api.shop.example.com' is not allowed",
        ),
        (
            {"api_origin": {"domain_name": "api.shop.example.com", "path_pattern": "/*"}},
            r"CdnSite api_origin path_pattern '/\*' is not allowed",
        ),
        (
            {"api_origin": {"domain_name": "api.shop.example.com", "path_pattern": "api/*"}},
            r"CdnSite api_origin path_pattern 'api/\*' is not allowed",
        ),
        ({"tags": {"team": 7}}, "CdnSite tags .* is not allowed; use a dict of string keys and values"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        CdnSite("bad", args)  # type: ignore[arg-type]
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(CdnSite)
    distribution = one(monitor, DISTRIBUTION)
    assert distribution.inputs["aliases"] == ["shop.example.com"]
    assert distribution.inputs["defaultCacheBehavior"]["targetOriginId"] == "service"
    assert [b["pathPattern"] for b in distribution.inputs["orderedCacheBehaviors"]] == [
        "/_next/static/*",
        "/favicon.ico",
        "/uploads/*",
        "/api/*",
    ]
    assert distribution.inputs["webAclId"] == one(monitor, WEB_ACL).state["arn"]
    uploads = one(monitor, BUCKET, "uploads")
    policy = json.loads(one(monitor, POLICY, "uploads-policy").inputs["policy"])
    assert policy["Statement"][1]["Resource"] == f"{uploads.state['arn']}/uploads/*"
    key_policy = json.loads(one(monitor, KEY, "uploads-key").inputs["policy"])
    assert key_policy["Statement"][1]["Action"] == "kms:Decrypt"


# -- a running service as the site (server-rendered frontends) ---------------------------------------------

FUNCTION = "aws:cloudfront/function:Function"
SERVICE: ServiceOrigin = {
    "domain_name": "www.shop.example.com",
    "static_paths": ["/_next/static/*", "/favicon.ico"],
}


def ordered_by_path(distribution: Registration) -> dict[str, dict[str, Any]]:
    return {b["pathPattern"]: b for b in distribution.inputs.get("orderedCacheBehaviors", [])}


def test_a_service_origin_gets_the_pages_uncached_with_what_server_rendering_reads(
    monitor: RecordingMonitor,
) -> None:
    build(monitor, {"domain": "shop.example.com", "service_origin": SERVICE})
    distribution = one(monitor, DISTRIBUTION)
    inputs = distribution.inputs
    origins = {o["originId"]: o for o in inputs["origins"]}
    assert set(origins) == {"s3", "service"}  # the site bucket stays, serving no path
    assert origins["service"] == {
        "originId": "service",
        "domainName": "www.shop.example.com",
        "customOriginConfig": {
            "httpPort": 80,
            "httpsPort": 443,
            "originProtocolPolicy": "https-only",
            "originSslProtocols": ["TLSv1.2"],
        },
    }
    default = inputs["defaultCacheBehavior"]
    assert default["targetOriginId"] == "service"
    assert set(default["allowedMethods"]) == ALL_METHODS  # forms, server actions
    assert default["cachePolicyId"] == CACHING_DISABLED_ID
    # Query strings, cookies and every viewer header but Host (the load balancer's host rule and
    # certificate are the service's own).
    assert default["originRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER_ID
    assert default["responseHeadersPolicyId"] == one(monitor, HEADERS).id
    assert default["viewerProtocolPolicy"] == "redirect-to-https" and default["compress"] is True
    # The viewer's host reaches the service as X-Forwarded-Host, set by a viewer-request function.
    function = one(monitor, FUNCTION)
    assert default["functionAssociations"] == [
        {"eventType": "viewer-request", "functionArn": function.state["arn"]}
    ]
    assert function.inputs["runtime"] == "cloudfront-js-2.0" and function.inputs["publish"] is True
    assert (
        "request.headers['x-forwarded-host'] = { value: request.headers.host.value }"
        in (function.inputs["code"])
    )
    assert function.inputs["name"] == "shop-forwarded-host" and len(function.inputs["name"]) <= 64
    # The service answers "/" and its own 404s: no root object, no SPA rewrite.
    assert "defaultRootObject" not in inputs
    assert inputs.get("customErrorResponses", []) == []


def test_static_paths_are_cached_long_from_the_service(monitor: RecordingMonitor) -> None:
    build(monitor, {"domain": "shop.example.com", "service_origin": SERVICE})
    behaviours_ = ordered_by_path(one(monitor, DISTRIBUTION))
    assert list(behaviours_) == ["/_next/static/*", "/favicon.ico"]
    for behaviour in behaviours_.values():
        assert behaviour["targetOriginId"] == "service"
        assert behaviour["cachePolicyId"] == CACHING_OPTIMIZED_ID
        assert "originRequestPolicyId" not in behaviour  # nothing of the viewer's in the cache key or request
        assert set(behaviour["allowedMethods"]) == {"GET", "HEAD", "OPTIONS"}
        assert behaviour["responseHeadersPolicyId"] == one(monitor, HEADERS).id
        assert "functionAssociations" not in behaviour


def test_a_service_origin_keeps_the_api_route(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {"service_origin": SERVICE, "api_origin": {"domain_name": "api.shop.example.com"}},
    )
    distribution = one(monitor, DISTRIBUTION)
    api = ordered_by_path(distribution)["/api/*"]
    assert api["targetOriginId"] == "api" and api["cachePolicyId"] == CACHING_DISABLED_ID
    assert {o["originId"] for o in distribution.inputs["origins"]} == {"s3", "service", "api"}


def test_minimum_protocol_version_offers_tls_1_3_only(monitor: RecordingMonitor) -> None:
    build(monitor, {"domain": "shop.example.com", "minimum_protocol_version": "TLSv1.3_2025"})
    certificate = one(monitor, DISTRIBUTION).inputs["viewerCertificate"]
    assert certificate["minimumProtocolVersion"] == "TLSv1.3_2025"
    assert certificate["sslSupportMethod"] == "sni-only"


def test_price_class_200_reaches_india(monitor: RecordingMonitor) -> None:
    build(monitor, {"price_class": "PriceClass_200"})
    assert one(monitor, DISTRIBUTION).inputs["priceClass"] == "PriceClass_200"


def build_with_uploads(monitor: RecordingMonitor, patterns: list[str], encryption: str = "aws:kms") -> None:
    """A CdnSite serving a KMS-encrypted `Bucket` under `patterns`, wired as the class docstring shows."""

    @pulumi.runtime.test
    def program() -> None:
        read, allow_read = pulumi.deferred_output()
        decrypt, allow_decrypt = pulumi.deferred_output()
        bucket_args: dict[str, Any] = {"policy_statements": [read], "encryption": encryption}
        if encryption == "aws:kms":
            bucket_args["key_policy_statements"] = [decrypt]
        uploads = Bucket("uploads", bucket_args)  # type: ignore[arg-type]
        site = CdnSite(
            "shop",
            {
                "domain": "shop.example.com",
                "service_origin": SERVICE,
                "bucket_origins": [
                    {
                        "name": "uploads",
                        "domain_name": uploads.regional_domain_name,
                        "path_patterns": patterns,
                    }
                ],
            },
        )
        allow_read(site.bucket_read_statement("uploads", uploads.arn))
        allow_decrypt(site.key_read_statement())

    program()


def test_an_uploads_bucket_is_read_through_origin_access_control(monitor: RecordingMonitor) -> None:
    build_with_uploads(monitor, ["/uploads/*"])
    distribution = one(monitor, DISTRIBUTION)
    uploads = one(monitor, BUCKET, "uploads")
    oac = one(monitor, OAC)
    origins = {o["originId"]: o for o in distribution.inputs["origins"]}
    assert origins["bucket-uploads"] == {
        "originId": "bucket-uploads",
        "domainName": uploads.state["bucketRegionalDomainName"],
        "originAccessControlId": oac.id,
    }
    behaviour = ordered_by_path(distribution)["/uploads/*"]
    assert behaviour["targetOriginId"] == "bucket-uploads"
    assert behaviour["cachePolicyId"] == CACHING_OPTIMIZED_ID
    assert set(behaviour["allowedMethods"]) == {"GET", "HEAD", "OPTIONS"}
    assert of_type(monitor, OAI) == []


def test_the_uploads_bucket_policy_lets_only_this_distribution_read_only_its_paths(
    monitor: RecordingMonitor,
) -> None:
    build_with_uploads(monitor, ["/uploads/*", "/media/logo.png"])
    distribution_arn = one(monitor, DISTRIBUTION).state["arn"]
    uploads_arn = one(monitor, BUCKET, "uploads").state["arn"]
    policy = one(monitor, POLICY, "uploads-policy")
    deny, allow = json.loads(policy.inputs["policy"])["Statement"]
    assert deny["Sid"] == "DenyInsecureTransport"
    assert allow == {
        "Sid": "AllowCloudFrontReadOfSitePaths",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": [f"{uploads_arn}/uploads/*", f"{uploads_arn}/media/logo.png"],
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }
    assert one(monitor, DISTRIBUTION).urn in policy.dependencies


def test_the_uploads_key_lets_this_distribution_decrypt(monitor: RecordingMonitor) -> None:
    build_with_uploads(monitor, ["/uploads/*"])
    distribution_arn = one(monitor, DISTRIBUTION).state["arn"]
    key = one(monitor, KEY, "uploads-key")
    administer, decrypt = json.loads(key.inputs["policy"])["Statement"]
    # The account keeps the key, as AWS's default key policy does (IAM grants keep working).
    assert administer == {
        "Sid": "AccountAdministersTheKey",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }
    assert decrypt == {
        "Sid": "AllowCloudFrontDecryptForSitePaths",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "kms:Decrypt",
        "Resource": "*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }
    # The site's own bucket stays SSE-S3 and keyless.
    assert [k.name for k in of_type(monitor, KEY) if "logs" not in k.name] == ["uploads-key"]


def test_ordered_behaviours_go_most_specific_first(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "service_origin": {
                "domain_name": "www.shop.example.com",
                "static_paths": ["/_next/*", "/_next/static/*", "/api/health"],
            },
            "api_origin": {"domain_name": "api.shop.example.com"},
        },
    )
    assert list(ordered_by_path(one(monitor, DISTRIBUTION))) == [
        "/_next/static/*",
        "/api/health",
        "/_next/*",
        "/api/*",
    ]


def test_bucket_read_statement_names_a_bucket_origin(monitor: RecordingMonitor) -> None:
    errors: list[str] = []

    @pulumi.runtime.test
    def program() -> None:
        site = CdnSite("shop", {})
        with pytest.raises(ValueError, match="CdnSite bucket_read_statement name 'photos' is not allowed"):
            site.bucket_read_statement("photos", "arn:aws:s3:::photos")
        errors.append("raised")

    program()
    assert errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"service_origin": SERVICE, "spa": True},
            "CdnSite spa True is not allowed with service_origin",
        ),
        (
            {"service_origin": SERVICE, "default_root_object": "index.html"},
            "CdnSite default_root_object is not allowed with service_origin",
        ),
        ({"service_origin": {"static_paths": []}}, "CdnSite service_origin .* is not allowed; use None or"),
        (
            {"service_origin": {"domain_name": "https://www.shop.example.com"}},
            "CdnSite service_origin domain_name 'https://www.shop.example.com' is not allowed",
        ),
        (
            {"service_origin": {"domain_name": "www.shop.example.com", "static_paths": ["/*"]}},
            r"CdnSite service_origin static_paths '/\*' is not allowed",
        ),
        (
            {"service_origin": {"domain_name": "www.shop.example.com", "static_paths": ["_next/*"]}},
            r"CdnSite service_origin static_paths '_next/\*' is not allowed",
        ),
        (
            {"minimum_protocol_version": "TLSv1.3_2025"},
            "CdnSite minimum_protocol_version 'TLSv1.3_2025' is not allowed without domain",
        ),
        (
            {"domain": "shop.example.com", "minimum_protocol_version": "TLSv1.2_2019"},
            "CdnSite minimum_protocol_version 'TLSv1.2_2019' is not allowed; use one of TLSv1.2_2021",
        ),
        (
            {
                "bucket_origins": [
                    {"name": "Up", "domain_name": "b.s3.amazonaws.com", "path_patterns": ["/u/*"]}
                ]
            },
            "CdnSite bucket_origins name 'Up' is not allowed",
        ),
        (
            {"bucket_origins": [{"name": "up", "domain_name": "b.s3.amazonaws.com", "path_patterns": []}]},
            r"CdnSite bucket_origins path_patterns \[\] is not allowed",
        ),
        (
            {"bucket_origins": [{"name": "up", "domain_name": "b.s3.amazonaws.com"}]},
            "CdnSite bucket_origins .* is not allowed; use",
        ),
        (
            {
                "service_origin": {"domain_name": "www.shop.example.com", "static_paths": ["/api/*"]},
                "api_origin": {"domain_name": "api.shop.example.com"},
            },
            r"CdnSite path pattern '/api/\*' is not allowed twice",
        ),
    ],
)
def test_bad_site_origins_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        CdnSite("bad", args)  # type: ignore[arg-type]
    assert monitor.registrations == {}
