"""components.aws.LoadBalancer: HTTPS only (TLS 1.3 policy, DNS-validated certificate, 80 → 443 redirect),
a security group open to the world on 80/443 only, hardened ALB settings, access logs to an SSE-S3 bucket with
the ELB grant, alias records, name limits and argument checks."""

from __future__ import annotations

import json
import re
from typing import Any

import pulumi
import pytest

from components.aws.load_balancer import SSL_POLICIES, LoadBalancer, LoadBalancerArgs
from components.aws.naming import physical_name
from stacks.mocks import MOCK_ACCOUNT_ID, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:LoadBalancer"
BUCKET_COMPONENT = "stackyard-aws:index:Bucket"
ALB = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
CERT = "aws:acm/certificate:Certificate"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
RECORD = "aws:route53/record:Record"
BUCKET = "aws:s3/bucket:Bucket"
ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
KEY = "aws:kms/key:Key"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
WAF_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
GET_ZONE = "aws:route53/getZone:getZone"
GET_VPC = "aws:ec2/getVpc:getVpc"

VPC_ID = "vpc-0123456789abcdef0"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
BASE: dict[str, Any] = {
    "vpc_id": VPC_ID,
    "subnet_ids": SUBNETS,
    "domain": "shop.example.com",
    "hostnames": ["api.shop.example.com"],
}
CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
ZONE = "Z0123456789ABCDEFGHIJ"
NAME_40 = "propflow-marketplace-public-edge-balance"
ALB_NAME = re.compile(r"^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$")
OUTPUTS = (
    "arn",
    "arn_suffix",
    "dns_name",
    "zone_id",
    "https_listener_arn",
    "http_listener_arn",
    "security_group_id",
    "certificate_arn",
    "access_log_bucket",
    "hosted_zone_id",
    "web_acl_arn",
)


def build(
    monitor: RecordingMonitor, args: dict[str, Any] | None = None, name: str = "edge"
) -> dict[str, Any]:
    """Create a LoadBalancer (BASE plus `args`) under mocks; return its resolved outputs."""
    resolved: dict[str, Any] = {}
    full: LoadBalancerArgs = {**BASE, **(args or {})}  # type: ignore[typeddict-item]

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        balancer = LoadBalancer(name, full)
        return pulumi.Output.all(**{key: getattr(balancer, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the LoadBalancer's outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str, name: str | None = None) -> Registration:
    (found,) = [r for r in of_type(monitor, type_) if name is None or r.name == name]
    return found


def calls(monitor: RecordingMonitor, token: str) -> list[dict[str, Any]]:
    return [args for called, args in monitor.mocks.calls if called == token]  # type: ignore[attr-defined]


def listener(monitor: RecordingMonitor, port: int) -> Registration:
    (found,) = [r for r in of_type(monitor, LISTENER) if r.inputs["port"] == port]
    return found


def policy_statements(monitor: RecordingMonitor) -> list[dict[str, Any]]:
    return json.loads(one(monitor, POLICY).inputs["policy"])["Statement"]


# -- outputs -------------------------------------------------------------------------------------------------


def test_outputs_resolve_to_the_created_resources(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    alb = one(monitor, ALB)
    assert out["arn"] == alb.state["arn"] == alb.id
    assert out["arn_suffix"] == alb.state["arnSuffix"] and out["arn_suffix"].startswith("app/edge/")
    assert out["dns_name"] == alb.state["dnsName"] and out["dns_name"].endswith(".elb.amazonaws.com")
    assert out["zone_id"] == alb.state["zoneId"] == "Z35SXDOTRQ7X7K"
    assert out["https_listener_arn"] == listener(monitor, 443).state["arn"]
    assert out["http_listener_arn"] == listener(monitor, 80).state["arn"]
    assert out["https_listener_arn"] != out["http_listener_arn"]
    assert out["security_group_id"] == one(monitor, SG).id
    assert out["certificate_arn"] == one(monitor, CERT).state["arn"]
    assert out["access_log_bucket"] == one(monitor, BUCKET).state["bucket"]
    (lookup,) = calls(monitor, GET_ZONE)
    assert out["hosted_zone_id"].startswith("Z0") and len(out["hosted_zone_id"]) == 21
    assert lookup == {"name": "example.com", "privateZone": False}
    assert out["web_acl_arn"] == one(monitor, WEB_ACL).state["arn"]


# -- the load balancer ---------------------------------------------------------------------------------------


def test_a_regional_web_acl_with_the_managed_rules_and_a_rate_limit_guards_the_load_balancer(
    monitor: RecordingMonitor,
) -> None:
    build(monitor, {"physical_name": "shop-prod"})
    acl = one(monitor, WEB_ACL)
    assert acl.inputs["scope"] == "REGIONAL" and "region" not in acl.inputs  # the load balancer's region
    assert acl.inputs["name"] == "shop-prod-alb"
    assert acl.inputs["defaultAction"] == {"allow": {}}
    groups = [
        r["statement"]["managedRuleGroupStatement"]
        for r in acl.inputs["rules"]
        if "managedRuleGroupStatement" in r["statement"]
    ]
    assert {(g["vendorName"], g["name"]) for g in groups} == {
        ("AWS", "AWSManagedRulesCommonRuleSet"),
        ("AWS", "AWSManagedRulesKnownBadInputsRuleSet"),
        ("AWS", "AWSManagedRulesAmazonIpReputationList"),
    }
    assert all(r["overrideAction"] == {"none": {}} for r in acl.inputs["rules"] if "overrideAction" in r)
    (rate,) = [r for r in acl.inputs["rules"] if "rateBasedStatement" in r["statement"]]
    assert rate["action"] == {"block": {}}
    assert rate["statement"]["rateBasedStatement"] == {
        "limit": 2000,
        "aggregateKeyType": "IP",
        "evaluationWindowSec": 300,
    }
    priorities = [r["priority"] for r in acl.inputs["rules"]]
    assert len(set(priorities)) == len(priorities)
    association = one(monitor, ASSOCIATION)
    assert association.inputs["resourceArn"] == one(monitor, ALB).state["arn"]
    assert association.inputs["webAclArn"] == acl.state["arn"]


def test_the_web_acl_logs_every_request_without_credentials(monitor: RecordingMonitor) -> None:
    build(monitor, {"physical_name": "shop-prod"})
    group = one(monitor, LOG_GROUP)
    assert group.inputs["name"] == "aws-waf-logs-shop-prod-alb"  # the only names AWS WAF writes to
    assert group.inputs["retentionInDays"] == 90 and "region" not in group.inputs
    logging = one(monitor, WAF_LOGGING)
    assert logging.inputs["resourceArn"] == one(monitor, WEB_ACL).state["arn"]
    assert logging.inputs["logDestinationConfigs"] == [group.state["arn"]]
    assert logging.inputs["redactedFields"] == [
        {"singleHeader": {"name": "authorization"}},
        {"singleHeader": {"name": "cookie"}},
    ]


def test_waf_log_retention_knob(monitor: RecordingMonitor) -> None:
    build(monitor, {"waf_log_retention_days": 365})
    assert one(monitor, LOG_GROUP).inputs["retentionInDays"] == 365


def test_rate_limit_knob(monitor: RecordingMonitor) -> None:
    build(monitor, {"rate_limit": 500})
    (rate,) = [r for r in one(monitor, WEB_ACL).inputs["rules"] if "rateBasedStatement" in r["statement"]]
    assert rate["statement"]["rateBasedStatement"]["limit"] == 500


def test_without_web_acl_there_is_no_firewall(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"web_acl": False})
    assert of_type(monitor, WEB_ACL) == [] and of_type(monitor, ASSOCIATION) == []
    assert of_type(monitor, WAF_LOGGING) == [] and of_type(monitor, LOG_GROUP) == []
    assert out["web_acl_arn"] == ""


def test_load_balancer_is_a_hardened_internet_facing_alb(monitor: RecordingMonitor) -> None:
    build(monitor)
    alb = one(monitor, ALB)
    inputs = alb.inputs
    assert inputs["loadBalancerType"] == "application" and inputs["internal"] is False
    assert inputs["dropInvalidHeaderFields"] is True
    assert inputs["desyncMitigationMode"] == "defensive"
    assert inputs["enableDeletionProtection"] is False
    assert inputs["idleTimeout"] == 60
    assert inputs["ipAddressType"] == "ipv4"
    assert inputs["enableHttp2"] is True
    assert inputs["securityGroups"] == [one(monitor, SG).id]
    assert inputs["subnets"] == SUBNETS
    assert inputs["name"] == "edge"


def test_deletion_protection_idle_timeout_and_dualstack_knobs(monitor: RecordingMonitor) -> None:
    build(
        monitor, {"deletion_protection": True, "idle_timeout_seconds": 4000, "ip_address_type": "dualstack"}
    )
    inputs = one(monitor, ALB).inputs
    assert inputs["enableDeletionProtection"] is True
    assert inputs["idleTimeout"] == 4000
    assert inputs["ipAddressType"] == "dualstack"


# -- listeners -----------------------------------------------------------------------------------------------


def test_https_listener_uses_the_tls13_policy_and_the_validated_certificate(
    monitor: RecordingMonitor,
) -> None:
    build(monitor)
    https = listener(monitor, 443)
    validation = one(monitor, VALIDATION)
    assert https.inputs["protocol"] == "HTTPS"
    assert https.inputs["loadBalancerArn"] == one(monitor, ALB).state["arn"]
    assert https.inputs["sslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    # The certificate comes from the validation, so the listener waits until the certificate is issued.
    assert https.inputs["certificateArn"] == validation.state["certificateArn"] == one(monitor, CERT).id
    assert https.inputs["defaultActions"] == [
        {
            "type": "fixed-response",
            "fixedResponse": {"contentType": "text/plain", "messageBody": "Not Found", "statusCode": "404"},
        }
    ]


def test_port_80_only_redirects_to_https_with_a_301(monitor: RecordingMonitor) -> None:
    build(monitor)
    http = listener(monitor, 80)
    assert http.inputs["protocol"] == "HTTP"
    assert "sslPolicy" not in http.inputs and "certificateArn" not in http.inputs
    assert http.inputs["defaultActions"] == [
        {"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}
    ]
    assert len(of_type(monitor, LISTENER)) == 2


@pytest.mark.parametrize(
    "policy", ["ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"]
)
def test_ssl_policy_knob(monitor: RecordingMonitor, policy: str) -> None:
    build(monitor, {"ssl_policy": policy})
    assert listener(monitor, 443).inputs["sslPolicy"] == policy


def test_every_allowed_policy_is_tls13_with_a_tls12_or_tls13_minimum() -> None:
    assert all(re.match(r"^ELBSecurityPolicy-TLS13-1-[23]-", policy) for policy in SSL_POLICIES)
    assert len(set(SSL_POLICIES)) == len(SSL_POLICIES)


# -- security group ------------------------------------------------------------------------------------------


def test_security_group_admits_only_80_and_443_from_the_world(monitor: RecordingMonitor) -> None:
    build(monitor)
    group = one(monitor, SG)
    assert group.inputs["vpcId"] == VPC_ID
    assert "ingress" not in group.inputs and "egress" not in group.inputs  # no inline rules
    rules = of_type(monitor, INGRESS)
    assert sorted(
        (r.inputs["fromPort"], r.inputs["toPort"], r.inputs.get("cidrIpv4", ""), r.inputs.get("cidrIpv6", ""))
        for r in rules
    ) == [
        (80, 80, "", "::/0"),
        (80, 80, "0.0.0.0/0", ""),
        (443, 443, "", "::/0"),
        (443, 443, "0.0.0.0/0", ""),
    ]
    for rule in rules:
        assert rule.inputs["securityGroupId"] == group.id
        assert rule.inputs["ipProtocol"] == "tcp"
        assert rule.inputs["description"]
        assert "referencedSecurityGroupId" not in rule.inputs and "prefixListId" not in rule.inputs


def test_egress_goes_only_to_the_vpc_range_looked_up_from_the_vpc(monitor: RecordingMonitor) -> None:
    build(monitor)
    (egress,) = of_type(monitor, EGRESS)
    assert egress.inputs["securityGroupId"] == one(monitor, SG).id
    assert egress.inputs["cidrIpv4"] == "10.0.0.0/16"  # the mocks' answer for an unknown VPC
    assert (egress.inputs["ipProtocol"], egress.inputs["fromPort"], egress.inputs["toPort"]) == (
        "tcp",
        0,
        65535,
    )
    assert egress.inputs["description"] and "cidrIpv6" not in egress.inputs
    assert [args["id"] for args in calls(monitor, GET_VPC)] == [VPC_ID]


def test_a_given_vpc_cidr_is_used_without_a_lookup(monitor: RecordingMonitor) -> None:
    build(monitor, {"vpc_cidr": "10.42.0.0/16"})
    (egress,) = of_type(monitor, EGRESS)
    assert egress.inputs["cidrIpv4"] == "10.42.0.0/16"
    assert calls(monitor, GET_VPC) == []


def test_nothing_but_the_listener_ports_is_open_to_the_world(monitor: RecordingMonitor) -> None:
    build(monitor)
    open_rules = [
        r
        for r in monitor.registrations.values()
        if r.inputs.get("cidrIpv4") == "0.0.0.0/0" or r.inputs.get("cidrIpv6") == "::/0"
    ]
    assert {(r.type, r.inputs["fromPort"]) for r in open_rules} == {(INGRESS, 80), (INGRESS, 443)}


# -- access logs ---------------------------------------------------------------------------------------------


def test_access_logs_go_to_an_sse_s3_bucket_that_only_elb_may_write(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    bucket = one(monitor, BUCKET)
    arn = bucket.state["arn"]
    assert one(monitor, ALB).inputs["accessLogs"] == {
        "bucket": out["access_log_bucket"],
        "prefix": "edge",
        "enabled": True,
    }
    (rule,) = one(monitor, ENCRYPTION).inputs["rules"]
    assert rule == {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}
    assert [k.name for k in of_type(monitor, KEY)] == ["edge-alb-logs-key"]  # the web ACL logs' key only
    deny, grant, account_grant = policy_statements(monitor)
    assert deny["Sid"] == "DenyInsecureTransport" and deny["Effect"] == "Deny"
    assert account_grant == {  # Regions opened before August 2022 deliver from a regional ELB account
        "Sid": "ElbAccountLogDelivery",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::127311923021:root"},
        "Action": "s3:PutObject",
        "Resource": f"{arn}/edge/AWSLogs/{MOCK_ACCOUNT_ID}/*",
    }
    assert grant == {
        "Sid": "ElbAccessLogDelivery",
        "Effect": "Allow",
        "Principal": {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"{arn}/edge/AWSLogs/{MOCK_ACCOUNT_ID}/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": MOCK_ACCOUNT_ID}},
    }
    assert bucket.inputs["forceDestroy"] is True  # logs go with the load balancer
    assert not any(r.protect for r in monitor.registrations.values())
    rules = {r["id"]: r for r in one(monitor, LIFECYCLE).inputs["rules"]}
    assert rules["expire-current-objects"]["expiration"] == {"days": 90}
    assert rules["expire-noncurrent-versions"]["noncurrentVersionExpiration"] == {"noncurrentDays": 7}


def test_the_load_balancer_waits_for_the_log_bucket_policy(monitor: RecordingMonitor) -> None:
    build(monitor)
    assert one(monitor, POLICY).urn in one(monitor, ALB).dependencies


def test_access_log_retention_knob(monitor: RecordingMonitor) -> None:
    build(monitor, {"access_log_retention_days": 30})
    rules = {r["id"]: r for r in one(monitor, LIFECYCLE).inputs["rules"]}
    assert rules["expire-current-objects"]["expiration"] == {"days": 30}


def test_access_logs_can_be_turned_off(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"access_logs": False})
    assert of_type(monitor, BUCKET) == [] and of_type(monitor, BUCKET_COMPONENT) == []
    assert "accessLogs" not in one(monitor, ALB).inputs
    assert out["access_log_bucket"] == ""


# -- certificate and DNS -------------------------------------------------------------------------------------


def test_certificate_covers_exactly_the_hostnames_and_is_dns_validated(monitor: RecordingMonitor) -> None:
    """Not the bare domain, which the CDN serves: its validation record would then be written by two
    resources, and removing either would delete the record the other certificate renews with."""
    out = build(monitor, {"hostnames": ["api.shop.example.com", "admin.shop.example.com"]})
    cert = one(monitor, CERT)
    assert cert.inputs["domainName"] == "api.shop.example.com"
    assert cert.inputs["subjectAlternativeNames"] == ["admin.shop.example.com"]
    assert cert.inputs["validationMethod"] == "DNS"
    assert cert.inputs["options"] == {"certificateTransparencyLoggingPreference": "ENABLED"}

    options = {o["domainName"]: o for o in cert.state["domainValidationOptions"]}
    assert set(options) == {"api.shop.example.com", "admin.shop.example.com"}
    records = [r for r in of_type(monitor, RECORD) if r.name.startswith("edge-validation-")]
    assert sorted(r.name for r in records) == sorted(f"edge-validation-{host}" for host in options)
    for record in records:
        option = options[record.name.removeprefix("edge-validation-")]
        assert record.inputs["name"] == option["resourceRecordName"]
        assert record.inputs["type"] == "CNAME"
        assert record.inputs["records"] == [option["resourceRecordValue"]]
        assert record.inputs["zoneId"] == out["hosted_zone_id"]
        assert record.inputs["allowOverwrite"] is True and record.inputs["ttl"] == 60

    validation = one(monitor, VALIDATION)
    assert validation.inputs["certificateArn"] == cert.state["arn"]
    # The validation lists every record's FQDN, so it waits for all of them.
    assert sorted(validation.inputs["validationRecordFqdns"]) == sorted(r.state["fqdn"] for r in records)


def test_hostnames_get_alias_records_and_the_domain_gets_none(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"hostnames": ["api.shop.example.com", "admin.shop.example.com"]})
    aliases = [r for r in of_type(monitor, RECORD) if "aliases" in r.inputs]
    assert sorted((r.inputs["name"], r.inputs["type"]) for r in aliases) == [
        ("admin.shop.example.com", "A"),
        ("admin.shop.example.com", "AAAA"),
        ("api.shop.example.com", "A"),
        ("api.shop.example.com", "AAAA"),
    ]
    for record in aliases:
        assert record.inputs["zoneId"] == out["hosted_zone_id"]
        assert record.inputs["aliases"] == [
            {"name": out["dns_name"], "zoneId": out["zone_id"], "evaluateTargetHealth": True}
        ]
        assert "allowOverwrite" not in record.inputs  # never takes over an existing record
    assert not any(r.inputs["name"] == "shop.example.com" for r in aliases)


def test_the_domain_gets_aliases_only_when_listed_in_hostnames(monitor: RecordingMonitor) -> None:
    build(monitor, {"hostnames": ["shop.example.com", "api.shop.example.com"]})
    cert = one(monitor, CERT)
    assert cert.inputs["subjectAlternativeNames"] == ["api.shop.example.com"]  # the domain is not repeated
    aliases = {
        (r.inputs["name"], r.inputs["type"]) for r in of_type(monitor, RECORD) if "aliases" in r.inputs
    }
    assert ("shop.example.com", "A") in aliases and ("shop.example.com", "AAAA") in aliases
    assert len([r for r in of_type(monitor, RECORD) if r.name.startswith("edge-validation-")]) == 2


def test_without_hostnames_only_validation_records_are_created(monitor: RecordingMonitor) -> None:
    build(monitor, {"hostnames": []})
    assert one(monitor, CERT).inputs.get("subjectAlternativeNames", []) == []
    (record,) = of_type(monitor, RECORD)
    assert record.name == "edge-validation-shop.example.com"


@pytest.mark.parametrize(
    ("domain", "zone"),
    [
        ("example.com", "example.com"),
        ("www.shop.example.com", "example.com"),
        ("shop.example.co.uk", "example.co.uk"),
    ],
)
def test_the_hosted_zone_is_the_domains_registrable_parent(
    monitor: RecordingMonitor, domain: str, zone: str
) -> None:
    build(monitor, {"domain": domain, "hostnames": []})
    assert calls(monitor, GET_ZONE) == [{"name": zone, "privateZone": False}]


def test_a_given_hosted_zone_is_used_without_a_lookup(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"hosted_zone_id": ZONE, "hostnames": ["api.other.example.org"]})
    assert calls(monitor, GET_ZONE) == []
    assert out["hosted_zone_id"] == ZONE
    assert {r.inputs["zoneId"] for r in of_type(monitor, RECORD)} == {ZONE}


def test_a_given_certificate_replaces_the_certificate_and_its_validation(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"certificate_arn": CERT_ARN, "domain": None, "hostnames": []})
    assert (
        of_type(monitor, CERT) == [] and of_type(monitor, VALIDATION) == [] and of_type(monitor, RECORD) == []
    )
    assert listener(monitor, 443).inputs["certificateArn"] == CERT_ARN
    assert out["certificate_arn"] == CERT_ARN
    assert out["hosted_zone_id"] == "" and calls(monitor, GET_ZONE) == []


def test_a_given_certificate_with_a_domain_still_gets_alias_records(monitor: RecordingMonitor) -> None:
    build(monitor, {"certificate_arn": CERT_ARN})
    assert of_type(monitor, CERT) == [] and of_type(monitor, VALIDATION) == []
    assert sorted(r.inputs["type"] for r in of_type(monitor, RECORD)) == ["A", "AAAA"]


# -- names, parents, tags ------------------------------------------------------------------------------------


def test_names_fit_the_alb_limit_with_a_40_character_name(monitor: RecordingMonitor) -> None:
    assert len(NAME_40) == 40
    out = build(monitor, name=NAME_40)
    alb = one(monitor, ALB)
    physical = alb.inputs["name"]
    assert physical == physical_name(NAME_40, 32) == alb.state["name"]  # explicit: no suffix is added
    assert len(physical) <= 32 and ALB_NAME.match(physical) and not physical.startswith("internal-")
    assert out["arn_suffix"].split("/")[1] == physical
    prefix = one(monitor, BUCKET).inputs["bucketPrefix"]
    assert len(prefix) <= 37 and len(one(monitor, BUCKET).state["bucket"]) <= 63


@pytest.mark.parametrize("name", ["Internal-Edge", "internal-api", "9-lives_Edge.Balancer"])
def test_alb_names_are_valid_for_any_component_name(monitor: RecordingMonitor, name: str) -> None:
    build(monitor, name=name)
    physical = one(monitor, ALB).inputs["name"]
    assert len(physical) <= 32 and ALB_NAME.match(physical) and not physical.startswith("internal-")


def test_alb_names_are_stable_between_runs() -> None:
    from components.aws.load_balancer import _balancer_name

    assert _balancer_name(NAME_40) == _balancer_name(NAME_40) == physical_name(NAME_40, 32)


def test_every_resource_belongs_to_the_component(monitor: RecordingMonitor) -> None:
    build(monitor)
    component = one(monitor, COMPONENT)
    bucket = one(monitor, BUCKET_COMPONENT)
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:LoadBalancer::edge"
    assert bucket.parent == component.urn
    custom = [r for r in monitor.registrations.values() if r.custom]
    assert len(custom) > 15
    assert all(r.parent in (component.urn, bucket.urn) for r in custom)


def test_tags_reach_every_taggable_resource(monitor: RecordingMonitor) -> None:
    build(monitor, {"tags": {"team": "web"}})
    taggable = (ALB, LISTENER, SG, INGRESS, EGRESS, CERT, BUCKET)
    tagged = [r for r in monitor.registrations.values() if r.type in taggable]
    assert len(tagged) == 11
    assert all(r.inputs["tags"]["team"] == "web" and r.inputs["tags"]["Name"] for r in tagged)


# -- bad arguments -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"vpc_id": None}, "LoadBalancer vpc_id is required"),
        ({"subnet_ids": None}, "LoadBalancer subnet_ids is required"),
        (
            {"subnet_ids": ["subnet-1"]},
            r"LoadBalancer subnet_ids \['subnet-1'\] is not allowed; use public subnet",
        ),
        ({"subnet_ids": ["subnet-1", "subnet-1"]}, "LoadBalancer subnet_ids .* is not allowed"),
        (
            {"vpc_cidr": "10.0.0.0/33"},
            "LoadBalancer vpc_cidr '10.0.0.0/33' is not allowed; use the VPC's IPv4",
        ),
        (
            {"domain": None},
            "LoadBalancer domain None is not allowed without certificate_arn; use a domain .* HTTPS only",
        ),
        (
            {"domain": "Shop.Example.com"},
            "LoadBalancer domain 'Shop.Example.com' is not allowed; use a lowercase",
        ),
        ({"domain": "*.example.com"}, r"LoadBalancer domain '\*.example.com' is not allowed"),
        ({"domain": "localhost"}, "LoadBalancer domain 'localhost' is not allowed"),
        (
            {"domain": "a" * 60 + ".example.com", "hostnames": []},
            "LoadBalancer domain 'a+.example.com' is not allowed for a new certificate; use a domain of at "
            "most 64",
        ),
        ({"certificate_arn": "my-cert"}, "LoadBalancer certificate_arn 'my-cert' is not allowed; use an ACM"),
        ({"hosted_zone_id": "example.com"}, "LoadBalancer hosted_zone_id 'example.com' is not allowed"),
        (
            {"hostnames": "api.shop.example.com"},
            "LoadBalancer hostnames 'api.shop.example.com' is not allowed",
        ),
        (
            {"hostnames": ["*.shop.example.com"]},
            r"LoadBalancer hostnames '\*.shop.example.com' is not allowed; use lowercase DNS names .* "
            r"\(no wildcards\)",
        ),
        (
            {"hostnames": ["api.other.org"]},
            "LoadBalancer hostnames 'api.other.org' is not allowed; use names in the hosted zone example.com",
        ),
        (
            {"hostnames": ["api.shop.example.com", "api.shop.example.com"]},
            "LoadBalancer hostnames .* is not allowed; use each name once",
        ),
        (
            {"domain": None, "certificate_arn": CERT_ARN},
            "LoadBalancer hostnames is not allowed without domain or hosted_zone_id",
        ),
        (
            {"ssl_policy": "ELBSecurityPolicy-2016-08"},
            "LoadBalancer ssl_policy 'ELBSecurityPolicy-2016-08' is not allowed; use a TLS 1.3 policy",
        ),
        ({"ssl_policy": "ELBSecurityPolicy-TLS13-1-0-2021-06"}, "LoadBalancer ssl_policy .* is not allowed"),
        (
            {"ip_address_type": "ipv6"},
            "LoadBalancer ip_address_type 'ipv6' is not allowed; use one of ipv4, dualstack",
        ),
        (
            {"deletion_protection": "yes"},
            "LoadBalancer deletion_protection 'yes' is not allowed; use True or False",
        ),
        ({"access_logs": 1}, "LoadBalancer access_logs 1 is not allowed; use True or False"),
        ({"web_acl": "on"}, "LoadBalancer web_acl 'on' is not allowed; use True or False"),
        ({"rate_limit": 5}, "LoadBalancer rate_limit 5 is not allowed; use a whole number of requests per 5"),
        ({"rate_limit": 100.0}, "LoadBalancer rate_limit 100.0 is not allowed"),
        ({"waf_log_retention_days": 100}, "LoadBalancer waf_log_retention_days 100 is not allowed; use one"),
        ({"waf_log_retention_days": "90"}, "LoadBalancer waf_log_retention_days '90' is not allowed"),
        ({"idle_timeout_seconds": 0}, "LoadBalancer idle_timeout_seconds 0 is not allowed; use 1 to 4000"),
        ({"idle_timeout_seconds": 4001}, "LoadBalancer idle_timeout_seconds 4001 is not allowed"),
        ({"idle_timeout_seconds": 60.0}, "LoadBalancer idle_timeout_seconds 60.0 is not allowed"),
        (
            {"access_log_retention_days": 0},
            "LoadBalancer access_log_retention_days 0 is not allowed; use a whole",
        ),
        ({"tags": ["team"]}, r"LoadBalancer tags \['team'\] is not allowed; use a dict"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    full = {**BASE, **args}
    with pytest.raises(ValueError, match=message):
        LoadBalancer("bad", full)  # type: ignore[arg-type]
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(LoadBalancer)
    assert one(monitor, COMPONENT).name == "shop"
    assert one(monitor, CERT).inputs["domainName"] == "api.shop.example.com"
    assert {r.inputs["name"] for r in of_type(monitor, RECORD) if "aliases" in r.inputs} == {
        "api.shop.example.com"
    }


# -- internal (no custom domain: CloudFront's VPC origin) ----------------------------------------------------

VPC_ORIGIN = "aws:cloudfront/vpcOrigin:VpcOrigin"
PRIVATE_SUBNETS = ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"]
INTERNAL: dict[str, Any] = {"vpc_id": VPC_ID, "subnet_ids": PRIVATE_SUBNETS, "internal": True}
INTERNAL_OUTPUTS = (*OUTPUTS, "listener_arn", "vpc_origin_id")


def build_internal(monitor: RecordingMonitor, args: dict[str, Any] | None = None) -> dict[str, Any]:
    """Create an internal LoadBalancer (INTERNAL plus `args`) under mocks; return its resolved outputs and
    its `internal` attribute."""
    resolved: dict[str, Any] = {}
    full: LoadBalancerArgs = {**INTERNAL, **(args or {})}  # type: ignore[typeddict-item]

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        balancer = LoadBalancer("edge", full)
        resolved["internal"] = balancer.internal
        outputs = {key: getattr(balancer, key) for key in INTERNAL_OUTPUTS}
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert "listener_arn" in resolved, "the LoadBalancer's outputs never resolved"
    return resolved


def test_an_internal_load_balancer_is_in_the_private_subnets(monitor: RecordingMonitor) -> None:
    out = build_internal(monitor)
    inputs = one(monitor, ALB).inputs
    assert inputs["internal"] is True and out["internal"] is True
    assert inputs["subnets"] == PRIVATE_SUBNETS
    assert inputs["dropInvalidHeaderFields"] is True and inputs["desyncMitigationMode"] == "defensive"


def test_an_internal_load_balancer_has_no_certificate_zone_or_records(monitor: RecordingMonitor) -> None:
    out = build_internal(monitor)
    assert (
        of_type(monitor, CERT) == [] and of_type(monitor, VALIDATION) == [] and of_type(monitor, RECORD) == []
    )
    assert calls(monitor, GET_ZONE) == []
    assert out["certificate_arn"] == "" and out["hosted_zone_id"] == ""


def test_an_internal_load_balancer_has_one_http_listener_answering_404(monitor: RecordingMonitor) -> None:
    out = build_internal(monitor)
    (http,) = of_type(monitor, LISTENER)
    assert (http.inputs["port"], http.inputs["protocol"]) == (80, "HTTP")
    assert "sslPolicy" not in http.inputs and "certificateArn" not in http.inputs
    assert http.inputs["defaultActions"] == [
        {
            "type": "fixed-response",
            "fixedResponse": {"contentType": "text/plain", "messageBody": "Not Found", "statusCode": "404"},
        }
    ]
    assert out["listener_arn"] == out["http_listener_arn"] == http.state["arn"]
    assert out["https_listener_arn"] == ""


def test_the_listener_arn_is_the_https_listener_of_a_public_load_balancer(monitor: RecordingMonitor) -> None:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        balancer = LoadBalancer("edge", BASE)  # type: ignore[arg-type]
        resolved["internal"] = balancer.internal
        return pulumi.Output.all(balancer.listener_arn, balancer.vpc_origin_id).apply(
            lambda v: resolved.update(listener_arn=v[0], vpc_origin_id=v[1])
        )

    program()
    assert resolved["listener_arn"] == listener(monitor, 443).state["arn"]
    assert resolved["vpc_origin_id"] == "" and resolved["internal"] is False
    assert of_type(monitor, VPC_ORIGIN) == []


def test_an_internal_load_balancer_admits_port_80_from_the_vpc_only(monitor: RecordingMonitor) -> None:
    build_internal(monitor, {"vpc_cidr": "10.42.0.0/16"})
    group = one(monitor, SG)
    (rule,) = of_type(monitor, INGRESS)
    assert rule.inputs["securityGroupId"] == group.id
    assert (rule.inputs["ipProtocol"], rule.inputs["fromPort"], rule.inputs["toPort"]) == ("tcp", 80, 80)
    assert rule.inputs["cidrIpv4"] == "10.42.0.0/16" and "cidrIpv6" not in rule.inputs
    (egress,) = of_type(monitor, EGRESS)
    assert egress.inputs["cidrIpv4"] == "10.42.0.0/16"
    assert not [
        r
        for r in monitor.registrations.values()
        if r.inputs.get("cidrIpv4") == "0.0.0.0/0" or r.inputs.get("cidrIpv6") == "::/0"
    ]


def test_an_internal_load_balancer_looks_up_the_vpc_range_when_not_given(monitor: RecordingMonitor) -> None:
    build_internal(monitor)
    (rule,) = of_type(monitor, INGRESS)
    assert rule.inputs["cidrIpv4"] == "10.0.0.0/16"  # the mocks' answer for an unknown VPC
    assert [args["id"] for args in calls(monitor, GET_VPC)] == [VPC_ID]


def test_an_internal_load_balancer_gets_a_cloudfront_vpc_origin(monitor: RecordingMonitor) -> None:
    out = build_internal(monitor, {"tags": {"team": "web"}, "physical_name": "shop-staging"})
    origin = one(monitor, VPC_ORIGIN)
    assert origin.name == "edge-vpc-origin"
    assert origin.parent == one(monitor, COMPONENT).urn
    assert origin.inputs["vpcOriginEndpointConfig"] == {
        "name": "shop-staging-alb",
        "arn": one(monitor, ALB).state["arn"],
        "httpPort": 80,
        "httpsPort": 443,
        "originProtocolPolicy": "http-only",
        "originSslProtocols": {"items": ["TLSv1.2"], "quantity": 1},
    }
    assert origin.inputs["tags"] == {"team": "web", "Name": "edge-vpc-origin"}
    assert out["vpc_origin_id"] == origin.id and out["vpc_origin_id"]


def test_an_internal_load_balancer_keeps_the_waf_and_the_access_logs(monitor: RecordingMonitor) -> None:
    out = build_internal(monitor, {"deletion_protection": True})
    assert one(monitor, ASSOCIATION).inputs["resourceArn"] == one(monitor, ALB).state["arn"]
    assert out["web_acl_arn"] == one(monitor, WEB_ACL).state["arn"]
    assert out["access_log_bucket"] == one(monitor, BUCKET).state["bucket"]
    assert one(monitor, ALB).inputs["enableDeletionProtection"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"domain": "shop.example.com"},
            "LoadBalancer domain is not allowed with internal; leave them out",
        ),
        (
            {
                "domain": "shop.example.com",
                "hostnames": ["api.shop.example.com"],
                "certificate_arn": CERT_ARN,
                "hosted_zone_id": ZONE,
            },
            "LoadBalancer domain, hostnames, certificate_arn, hosted_zone_id are not allowed with internal",
        ),
        ({"internal": "yes"}, "LoadBalancer internal 'yes' is not allowed; use True or False"),
    ],
)
def test_internal_refuses_what_only_a_public_load_balancer_has(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        LoadBalancer("bad", {**INTERNAL, **args})  # type: ignore[arg-type]
    assert monitor.registrations == {}
