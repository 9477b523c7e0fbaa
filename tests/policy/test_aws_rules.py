"""The AWS rules (policy/stackyard_policy/aws/): for every rule a passing and a failing case with realistic
inputs (taken from our rendered stacks, trimmed), the edge cases the rules decide on purpose (replicas,
unknown values, auto-names, prefix collisions, exempt IAM actions and variable names), the same verdicts
through CrossGuard's proxies, and every root stack file and blueprint free of MANDATORY violations."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

from stackyard_policy import MANDATORY, Resource, evaluate
from stackyard_policy.aws import RULES
from stackyard_policy.model import ADVISORY, UNKNOWN
from tests.policy import STACK_FILES, resource, stack_resources

BY_NAME = {r.name: r for r in RULES}
PROD = {"managed-by": "stackyard", "environment": "prod", "app": "shop"}
STAGING = {"managed-by": "stackyard", "environment": "staging", "app": "shop"}
SUFFIX = "966d780ba5fc59e05aacd907d3"  # the 26 characters the provider appends to a bucketPrefix


def findings(rule_name: str, resources: list[Resource]) -> list[str]:
    """The messages `rule_name` gives for `resources` (through `evaluate`, so its types are used too)."""
    return [v.message for v in evaluate(resources, [BY_NAME[rule_name]])]


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """`base` with top-level keys changed; a value of `...` removes the key."""
    merged = {**base, **changes}
    return {k: v for k, v in merged.items() if v is not ...}


# -- realistic inputs ----------------------------------------------------------------------------------------

RDS_TYPE = "aws:rds/instance:Instance"
RDS = {
    "identifier": "shop-db",
    "engine": "postgres",
    "engineVersion": "16",
    "instanceClass": "db.t4g.medium",
    "storageEncrypted": True,
    "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/e8d01064-c438-5044-3511-abc84bfc5198",
    "publiclyAccessible": False,
    "backupRetentionPeriod": 14,
    "deletionProtection": True,
    "multiAz": True,
    "iamDatabaseAuthenticationEnabled": True,
    "parameterGroupName": "shop-pg16-44a9b98ab0e95105df79166b9c",
    "tags": PROD,
}
REPLICA = with_(
    RDS,
    identifier="shop-db-replica-1",
    replicateSourceDb="arn:aws:rds:us-east-1:123456789012:db:shop-db",
    engine=None,
    backupRetentionPeriod=None,
    deletionProtection=False,
    multiAz=False,
)
PG_PARAMETERS_TYPE = "aws:rds/parameterGroup:ParameterGroup"
PG_PARAMETERS = {
    "family": "postgres16",
    "namePrefix": "shop-pg16-",
    "parameters": [
        {"name": "log_min_duration_statement", "value": "1000", "applyMethod": "immediate"},
        {"name": "rds.force_ssl", "value": "1", "applyMethod": "immediate"},
    ],
    "tags": PROD,
}
REDIS_TYPE = "aws:elasticache/replicationGroup:ReplicationGroup"
REDIS = {
    "replicationGroupId": "shop-redis",
    "engine": "redis",
    "engineVersion": "7.1",
    "nodeType": "cache.t4g.small",
    "numCacheClusters": 2,
    "atRestEncryptionEnabled": True,
    "transitEncryptionEnabled": True,
    "transitEncryptionMode": "required",
    "authToken": "[secret]",
    "automaticFailoverEnabled": True,
    "multiAzEnabled": True,
    "tags": PROD,
}
INGRESS_TYPE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
FROM_LB = {
    "securityGroupId": "sg-069be144234d7c484",
    "referencedSecurityGroupId": "sg-048ac984655a167c1",
    "ipProtocol": "tcp",
    "fromPort": 8000,
    "toPort": 8000,
    "description": "HTTP on 8000 from load-balancer",
}
LB_GROUP = "sg-048ac984655a167c1"
WORLD_HTTPS = {
    "securityGroupId": LB_GROUP,
    "cidrIpv4": "0.0.0.0/0",
    "ipProtocol": "tcp",
    "fromPort": 443,
    "toPort": 443,
    "description": "HTTPS from the internet (IPv4)",
}
SG_TYPE = "aws:ec2/securityGroup:SecurityGroup"
SG_RULE_TYPE = "aws:ec2/securityGroupRule:SecurityGroupRule"
DEFAULT_SG_TYPE = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
LB_TYPE = "aws:lb/loadBalancer:LoadBalancer"
LB = {
    "name": "shop",
    "loadBalancerType": "application",
    "internal": False,
    "securityGroups": [LB_GROUP],
    "subnets": ["subnet-0bf26cb44fd394fe5", "subnet-0cef7d2d90d74c91a"],
    "dropInvalidHeaderFields": True,
    "desyncMitigationMode": "defensive",
    "enableDeletionProtection": True,
    "accessLogs": {"bucket": f"shop-access-logs-{SUFFIX}", "prefix": "shop", "enabled": True},
    "tags": PROD,
}
TG_TYPE = "aws:lb/targetGroup:TargetGroup"
TARGET_GROUP = {"namePrefix": "shop-", "port": 8000, "protocol": "HTTP", "targetType": "ip", "tags": PROD}
LISTENER_TYPE = "aws:lb/listener:Listener"
HTTP_LISTENER = {
    "protocol": "HTTP",
    "port": 80,
    "defaultActions": [
        {"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}
    ],
}
HTTPS_LISTENER = {
    "protocol": "HTTPS",
    "port": 443,
    "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/f8fa0250-1ffa-de75-3922-9e412bb41800",
    "defaultActions": [
        {"type": "fixed-response", "fixedResponse": {"contentType": "text/plain", "statusCode": "404"}}
    ],
}
LISTENER_RULE_TYPE = "aws:lb/listenerRule:ListenerRule"
FORWARD_RULE = {
    "priority": 10234,
    "conditions": [{"hostHeader": {"values": ["api.shop.example.com"]}}, {"pathPattern": {"values": ["/*"]}}],
    "actions": [
        {
            "type": "forward",
            "targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/fd73",
        }
    ],
    "tags": PROD,
}
WEB_ACL_TYPE = "aws:wafv2/webAcl:WebAcl"
ASSOCIATION_TYPE = "aws:wafv2/webAclAssociation:WebAclAssociation"


def _managed(group: str, priority: int) -> dict[str, Any]:
    return {
        "name": group,
        "priority": priority,
        "overrideAction": {"none": {}},
        "statement": {"managedRuleGroupStatement": {"vendorName": "AWS", "name": group}},
        "visibilityConfig": {"metricName": f"shop-alb-{group.lower()}", "sampledRequestsEnabled": True},
    }


RATE_RULE = {
    "name": "rate-limit-per-ip",
    "priority": 3,
    "action": {"block": {}},
    "statement": {
        "rateBasedStatement": {"limit": 2000, "aggregateKeyType": "IP", "evaluationWindowSec": 300}
    },
}
WEB_ACL = {
    "name": "shop-prod-alb",
    "scope": "REGIONAL",
    "defaultAction": {"allow": {}},
    "rules": [
        _managed("AWSManagedRulesAmazonIpReputationList", 0),
        _managed("AWSManagedRulesCommonRuleSet", 1),
        _managed("AWSManagedRulesKnownBadInputsRuleSet", 2),
        RATE_RULE,
    ],
    "tags": PROD,
}


WAF_LOGGING_TYPE = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
WAF_LOG_GROUP = {"name": "aws-waf-logs-shop-prod-alb", "retentionInDays": 365, "tags": PROD}
WAF_LOGGING = {
    "resourceArn": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop-prod-alb/1f2e",
    "logDestinationConfigs": ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-shop-prod-alb"],
    "redactedFields": [{"singleHeader": {"name": "authorization"}}, {"singleHeader": {"name": "cookie"}}],
}


def logged_acl(
    group: dict[str, Any] = WAF_LOG_GROUP, logging: dict[str, Any] = WAF_LOGGING
) -> list[Resource]:
    """A web ACL, its log group and its logging configuration (which depends on both)."""
    acl = resource(WEB_ACL_TYPE, WEB_ACL, "shop-waf")
    log_group = resource(LOG_GROUP_TYPE, group, "shop-waf-logs")
    return [acl, log_group, resource(WAF_LOGGING_TYPE, logging, "shop-waf-logs", depends_on=(log_group, acl))]


LOG_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/83ee1989-3c7e-8354-b5f1-08a0a3720474"
SERVICE_LOGS = {
    "namePrefix": "/ecs/shop-prod-api-",
    "retentionInDays": 365,
    "kmsKeyId": LOG_KEY_ARN,
    "tags": PROD,
}


def log_key_policy(arns: list[str] | None = None, service: str = "logs.us-east-1.amazonaws.com") -> str:
    condition = {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": arns}} if arns is not None else {}
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdministersTheKey",
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "CloudWatchLogsUsesTheKeyForTheseLogGroups",
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
                    "Resource": "*",
                    **({"Condition": condition} if condition else {}),
                },
            ],
        }
    )


SERVICE_LOG_ARNS = ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/shop-prod-api-*"]


def encrypted_logs(
    policy: str = log_key_policy(SERVICE_LOG_ARNS), group: dict[str, Any] = SERVICE_LOGS
) -> list[Resource]:
    """A log group and the key it depends on."""
    key = resource(KMS_TYPE, {"enableKeyRotation": True, "policy": policy, "tags": PROD}, "shop-api-logs-key")
    return [key, resource(LOG_GROUP_TYPE, group, "shop-api-logs", depends_on=(key,))]


SECRET_TYPE = "aws:secretsmanager/secret:Secret"
APP_SECRET = {"namePrefix": "shop-prod/SECRET_KEY-", "kmsKeyId": LOG_KEY_ARN, "tags": PROD}


def scheduled(schedule: dict[str, Any], tags: dict[str, str] = PROD) -> list[Resource]:
    """A schedule and the role it runs as (which carries the stack's tags; a schedule has none)."""
    role = resource("aws:iam/role:Role", {"namePrefix": "shop-scheduler-", "tags": tags}, "shop-scheduler")
    return [role, resource("aws:scheduler/schedule:Schedule", schedule, "shop-schedule", depends_on=(role,))]


def listener_pair() -> tuple[Resource, Resource]:
    """The load balancer's HTTP (redirect) and HTTPS listeners."""
    return resource(LISTENER_TYPE, HTTP_LISTENER, "shop-http"), resource(
        LISTENER_TYPE, HTTPS_LISTENER, "shop-https"
    )


def forward_rule_on(listener: Resource, inputs: dict[str, Any] = FORWARD_RULE) -> Resource:
    """A service's listener rule on `listener` (the rule depends on it, as its listenerArn flows from it)."""
    return resource(LISTENER_RULE_TYPE, inputs, "shop-api-rule", depends_on=(listener,))


def waf_on(balancer: Resource) -> list[Resource]:
    """A web ACL and its association with `balancer`."""
    acl = resource(WEB_ACL_TYPE, WEB_ACL, "shop-waf")
    association = resource(
        ASSOCIATION_TYPE,
        {"resourceArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/22ea"},
        "shop-waf",
        depends_on=(balancer, acl),
    )
    return [acl, association]


TASK_TYPE = "aws:ecs/taskDefinition:TaskDefinition"
CONTAINER = {
    "name": "app",
    "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:bootstrap",
    "essential": True,
    "environment": [
        {"name": "DATABASE_HOST", "value": "shop-db.c8cb8488c056.us-east-1.rds.amazonaws.com"},
        {"name": "DATABASE_USER", "value": "app"},
        {"name": "REFRESH_TOKEN_EXPIRATION", "value": "7d"},
    ],
    "secrets": [
        {
            "name": "DATABASE_PASSWORD",
            "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-5925-592517:password::",
        }
    ],
    "readonlyRootFilesystem": True,
    "logConfiguration": {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": "/ecs/shop-api",
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "ecs",
        },
    },
}


def task(**container: Any) -> dict[str, Any]:
    """Task definition inputs with one container, `CONTAINER` changed by `container` (`...` removes)."""
    return {
        "family": "shop-api",
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "containerDefinitions": json.dumps([with_(CONTAINER, **container)]),
        "tags": PROD,
    }


def env(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": n, "value": v} for n, v in pairs]


ECS_SERVICE_TYPE = "aws:ecs/service:Service"
ECS_SERVICE = {
    "name": "shop-api",
    "desiredCount": 2,
    "networkConfiguration": {
        "assignPublicIp": False,
        "securityGroups": ["sg-069be144234d7c484"],
        "subnets": ["subnet-0dce64312e3e575a4"],
    },
}
SCHEDULE_TYPE = "aws:scheduler/schedule:Schedule"
SCHEDULE = {
    "scheduleExpression": "cron(0 3 * * ? *)",
    "target": {
        "arn": "arn:aws:ecs:us-east-1:123456789012:cluster/shop",
        "ecsParameters": {
            "networkConfiguration": {"assignPublicIp": False, "subnets": ["subnet-0dce64312e3e575a4"]}
        },
    },
}
CLUSTER_TYPE = "aws:ecs/cluster:Cluster"
DISTRIBUTION_TYPE = "aws:cloudfront/distribution:Distribution"
S3_ORIGIN = {
    "originId": "s3",
    "domainName": f"shop-site-{SUFFIX}.s3.us-east-1.amazonaws.com",
    "originAccessControlId": "shop-oac-f1bfd15b",
}
API_ORIGIN = {
    "originId": "api",
    "domainName": "api.shop.example.com",
    "customOriginConfig": {
        "originProtocolPolicy": "https-only",
        "originSslProtocols": ["TLSv1.2"],
        "httpPort": 80,
        "httpsPort": 443,
    },
}
DISTRIBUTION = {
    "enabled": True,
    "aliases": ["shop.example.com"],
    "origins": [S3_ORIGIN, API_ORIGIN],
    "defaultCacheBehavior": {
        "targetOriginId": "s3",
        "viewerProtocolPolicy": "redirect-to-https",
        "responseHeadersPolicyId": "shop-security-headers-3a1c",
    },
    "orderedCacheBehaviors": [
        {
            "pathPattern": "/api/*",
            "targetOriginId": "api",
            "viewerProtocolPolicy": "https-only",
            "responseHeadersPolicyId": "shop-security-headers-3a1c",
        }
    ],
    "viewerCertificate": {
        "acmCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/10634b71-6b1c-1297-6339",
        "sslSupportMethod": "sni-only",
        "minimumProtocolVersion": "TLSv1.2_2021",
    },
    "webAclId": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop-cdn/27535685",
    "tags": PROD,
}
LOG_SOURCE_TYPE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
CDN_LOG_SOURCE = {
    "name": "shop-cdn-access-logs",
    "logType": "ACCESS_LOGS",
    "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E0D89DB1C07D1F",
}
BUCKET_TYPE = "aws:s3/bucket:Bucket"
PAB_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
SSE_TYPE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
POLICY_TYPE = "aws:s3/bucketPolicy:BucketPolicy"
VERSIONING_TYPE = "aws:s3/bucketVersioning:BucketVersioning"
IAM_ROLE_POLICY_TYPE = "aws:iam/rolePolicy:RolePolicy"
IAM_POLICY_TYPE = "aws:iam/policy:Policy"
IAM_ROLE_TYPE = "aws:iam/role:Role"
ATTACHMENT_TYPE = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
KMS_TYPE = "aws:kms/key:Key"
SNS_TYPE = "aws:sns/topic:Topic"
LOG_GROUP_TYPE = "aws:cloudwatch/logGroup:LogGroup"
EKS_TYPE = "aws:eks/cluster:Cluster"
EKS = {
    "name": "shop",
    "version": "1.35",
    "vpcConfig": {
        "subnetIds": ["subnet-05785291d0a2d364f", "subnet-06ef702e982c179d1"],
        "endpointPrivateAccess": True,
        "endpointPublicAccess": True,
        "publicAccessCidrs": ["203.0.113.0/24"],
    },
    "encryptionConfig": {
        "resources": ["secrets"],
        "provider": {"keyArn": "arn:aws:kms:us-east-1:123456789012:key/86951b03-45d3-224e-ea91-7bd88b325c84"},
    },
    "tags": PROD,
}


def policy_json(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ECR_LOGIN = {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
LOGS = {
    "Sid": "Logs",
    "Effect": "Allow",
    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
    "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/shop-api:*",
}


def deny_plain_http(bucket: str) -> dict[str, Any]:
    arn = f"arn:aws:s3:::{bucket}"
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def bucket_stack(
    logical: str = "shop-uploads",
    *,
    block: dict[str, Any] | None = None,
    encryption: str | None = "aws:kms",
    statements: list[dict[str, Any]] | None = None,
    versioning: str | None = "Enabled",
) -> list[Resource]:
    """A bucket as our `Bucket` component makes it: bucketPrefix, and sub-resources naming it by the full
    name (prefix + 26 characters). A None argument leaves that sub-resource out."""
    name = f"{logical}-{SUFFIX}"
    made = [
        resource(BUCKET_TYPE, {"bucketPrefix": f"{logical}-", "forceDestroy": False, "tags": PROD}, logical)
    ]
    flags = {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True}
    made.append(
        resource(
            PAB_TYPE,
            {"bucket": name, **flags, "restrictPublicBuckets": True, **(block or {})},
            f"{logical}-pab",
        )
    )
    if encryption is not None:
        rule_ = {"applyServerSideEncryptionByDefault": {"sseAlgorithm": encryption}, "bucketKeyEnabled": True}
        made.append(resource(SSE_TYPE, {"bucket": name, "rules": [rule_]}, f"{logical}-encryption"))
    policy = [deny_plain_http(name)] if statements is None else statements
    made.append(resource(POLICY_TYPE, {"bucket": name, "policy": policy_json(*policy)}, f"{logical}-policy"))
    if versioning is not None:
        made.append(
            resource(
                VERSIONING_TYPE,
                {"bucket": name, "versioningConfiguration": {"status": versioning}},
                f"{logical}-versioning",
            )
        )
    return made


LOGGING_TYPE = "aws:s3/bucketLogging:BucketLogging"
LIFECYCLE_TYPE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
S3_LOG_DELIVERY = {
    "Sid": "S3ServerAccessLogDelivery",
    "Effect": "Allow",
    "Principal": {"Service": "logging.s3.amazonaws.com"},
    "Action": "s3:PutObject",
    "Resource": f"arn:aws:s3:::shop-s3-logs-{SUFFIX}/*",
    "Condition": {"ArnLike": {"aws:SourceArn": [f"arn:aws:s3:::shop-uploads-{SUFFIX}"]}},
}


def logged_buckets(
    *, logging: bool = True, target: str = "shop-s3-logs", key: str | None = LOG_KEY_ARN, expire: bool = True
) -> list[Resource]:
    """A data bucket (SSE-KMS with `key`, or SSE-S3 with None) logging (with `logging`) into a dedicated log
    bucket (`target`), which expires its logs (with `expire`)."""
    data = bucket_stack("shop-uploads", encryption=None)
    rule_: dict[str, Any] = {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}
    if key is not None:
        rule_ = {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": key}}
    data.append(
        resource(SSE_TYPE, {"bucket": f"shop-uploads-{SUFFIX}", "rules": [rule_]}, "shop-uploads-sse")
    )
    logs = bucket_stack("shop-s3-logs", encryption="AES256", statements=[S3_LOG_DELIVERY])
    expiry = [{"id": "expire", "status": "Enabled", "filter": {}, "expiration": {"days": 365}}]
    logs.append(
        resource(
            LIFECYCLE_TYPE,
            {"bucket": f"shop-s3-logs-{SUFFIX}", "rules": expiry if expire else []},
            "shop-s3-logs-lifecycle",
        )
    )
    if logging:
        logs.append(
            resource(
                LOGGING_TYPE,
                {
                    "bucket": f"shop-uploads-{SUFFIX}",
                    "targetBucket": f"{target}-{SUFFIX}",
                    "targetPrefix": "u/",
                },
                "shop-uploads-logging",
            )
        )
    return data + logs


def without(resources: list[Resource], type_: str) -> list[Resource]:
    return [r for r in resources if r.type != type_]


# -- the table: one passing and one failing case per rule ---------------------------------------------------


@dataclass(frozen=True)
class Case:
    rule: str
    passing: list[Resource]
    failing: list[Resource]
    message: str
    """A fragment the failing case's message must contain."""


def one(type_: str, inputs: dict[str, Any], name: str = "shop") -> list[Resource]:
    return [resource(type_, inputs, name)]


_HTTP, _HTTPS = listener_pair()
_BALANCER = resource(LB_TYPE, LB, "shop")

CASES = [
    Case(
        "aws-lb-waf-prod",
        [_BALANCER, *waf_on(_BALANCER)],
        [_BALANCER, resource(WEB_ACL_TYPE, WEB_ACL, "shop-waf")],
        "no WAF web ACL is associated",
    ),
    Case(
        "aws-lb-forward-rules-on-https",
        [_HTTP, _HTTPS, forward_rule_on(_HTTPS)],
        [_HTTP, _HTTPS, forward_rule_on(_HTTP)],
        'forwards to targets from the "HTTP" listener on port 80',
    ),
    Case(
        "aws-waf-managed-rules",
        one(WEB_ACL_TYPE, WEB_ACL),
        one(WEB_ACL_TYPE, with_(WEB_ACL, rules=[r for r in WEB_ACL["rules"] if "KnownBad" not in r["name"]])),
        "no AWSManagedRulesKnownBadInputsRuleSet rule group",
    ),
    Case(
        "aws-waf-logging",
        logged_acl(),
        logged_acl()[:2],
        "no logging configuration for this web ACL",
    ),
    Case(
        "aws-waf-logs-redact-credentials",
        one(WAF_LOGGING_TYPE, WAF_LOGGING),
        one(WAF_LOGGING_TYPE, with_(WAF_LOGGING, redactedFields=[{"singleHeader": {"name": "cookie"}}])),
        "the authorization header is not redacted",
    ),
    Case(
        "aws-logs-retention-year-prod",
        one(LOG_GROUP_TYPE, SERVICE_LOGS),
        one(LOG_GROUP_TYPE, with_(SERVICE_LOGS, retentionInDays=30)),
        "retentionInDays is 30, less than 365",
    ),
    Case(
        "aws-logs-cmk-prod",
        one(LOG_GROUP_TYPE, SERVICE_LOGS),
        one(LOG_GROUP_TYPE, with_(SERVICE_LOGS, kmsKeyId=...)),
        "kmsKeyId is not set",
    ),
    Case(
        "aws-logs-key-allows-cloudwatch",
        encrypted_logs(),
        encrypted_logs(log_key_policy(None)),
        "has no kms:EncryptionContext:aws:logs:arn condition",
    ),
    Case(
        "aws-kms-key-policy",
        one(KMS_TYPE, {"enableKeyRotation": True, "policy": log_key_policy(SERVICE_LOG_ARNS), "tags": PROD}),
        one(KMS_TYPE, {"enableKeyRotation": True, "tags": PROD}),
        "policy is not set",
    ),
    Case(
        "aws-scheduler-cmk-prod",
        scheduled({**SCHEDULE, "kmsKeyArn": LOG_KEY_ARN}),
        scheduled(SCHEDULE),
        "kmsKeyArn is not set",
    ),
    Case(
        "aws-secrets-cmk-prod",
        one(SECRET_TYPE, APP_SECRET),
        one(SECRET_TYPE, with_(APP_SECRET, kmsKeyId=...)),
        "the AWS managed aws/secretsmanager key encrypts it",
    ),
    Case(
        "aws-s3-access-logs-prod",
        logged_buckets(),
        logged_buckets(logging=False),
        "no server access logging (BucketLogging) for this production bucket",
    ),
    Case(
        "aws-s3-data-bucket-cmk-prod",
        logged_buckets(),
        logged_buckets(key=None),
        "not encrypted by default with a customer-managed KMS key",
    ),
    Case(
        "aws-cloudfront-response-headers",
        one(DISTRIBUTION_TYPE, DISTRIBUTION),
        one(
            DISTRIBUTION_TYPE,
            with_(
                DISTRIBUTION,
                orderedCacheBehaviors=[
                    {k: v for k, v in b.items() if k != "responseHeadersPolicyId"}
                    for b in DISTRIBUTION["orderedCacheBehaviors"]
                ],
            ),
        ),
        "has no responseHeadersPolicyId",
    ),
    Case(
        "aws-rds-storage-encrypted",
        one(RDS_TYPE, RDS),
        one(RDS_TYPE, with_(RDS, storageEncrypted=..., kmsKeyId=...)),
        "storageEncrypted is not set",
    ),
    Case(
        "aws-rds-not-public", one(RDS_TYPE, RDS), one(RDS_TYPE, with_(RDS, publiclyAccessible=True)), "true"
    ),
    Case(
        "aws-rds-backups",
        one(RDS_TYPE, with_(RDS, backupRetentionPeriod=1)),
        one(RDS_TYPE, with_(RDS, backupRetentionPeriod=0)),
        "backupRetentionPeriod is 0",
    ),
    Case(
        "aws-rds-deletion-protection-prod",
        one(RDS_TYPE, RDS),
        one(RDS_TYPE, with_(RDS, deletionProtection=False)),
        "deletionProtection is false",
    ),
    Case(
        "aws-rds-multi-az-prod",
        one(RDS_TYPE, RDS),
        one(RDS_TYPE, with_(RDS, multiAz=False)),
        "multiAz is false",
    ),
    Case(
        "aws-rds-iam-auth",
        one(RDS_TYPE, RDS),
        one(RDS_TYPE, with_(RDS, iamDatabaseAuthenticationEnabled=...)),
        "iamDatabaseAuthenticationEnabled is not set",
    ),
    Case(
        "aws-rds-postgres-force-ssl",
        one(PG_PARAMETERS_TYPE, PG_PARAMETERS),
        one(PG_PARAMETERS_TYPE, with_(PG_PARAMETERS, parameters=[{"name": "rds.force_ssl", "value": "0"}])),
        'rds.force_ssl is "0"',
    ),
    Case(
        "aws-rds-identifier-length",
        one(RDS_TYPE, with_(RDS, identifier="a" * 63)),
        one(RDS_TYPE, with_(RDS, identifier="a" * 64)),
        "64 characters; the limit is 63",
    ),
    Case(
        "aws-elasticache-encrypted-at-rest",
        one(REDIS_TYPE, REDIS),
        one(REDIS_TYPE, with_(REDIS, atRestEncryptionEnabled=False)),
        "atRestEncryptionEnabled is false",
    ),
    Case(
        "aws-elasticache-encrypted-in-transit",
        one(REDIS_TYPE, REDIS),
        one(REDIS_TYPE, with_(REDIS, transitEncryptionMode="preferred")),
        "plaintext clients are accepted",
    ),
    Case(
        "aws-elasticache-auth",
        one(REDIS_TYPE, with_(REDIS, authToken=..., userGroupIds=["shop-users"])),
        one(REDIS_TYPE, with_(REDIS, authToken=...)),
        "neither authToken nor userGroupIds",
    ),
    Case(
        "aws-elasticache-failover-prod",
        one(REDIS_TYPE, REDIS),
        one(REDIS_TYPE, with_(REDIS, automaticFailoverEnabled=False, numCacheClusters=1)),
        "automaticFailoverEnabled is false",
    ),
    Case(
        "aws-elasticache-id-length",
        one(REDIS_TYPE, with_(REDIS, replicationGroupId="r" * 40)),
        one(REDIS_TYPE, with_(REDIS, replicationGroupId="r" * 41)),
        "the limit is 40",
    ),
    Case(
        "aws-sg-no-world-ingress",
        one(INGRESS_TYPE, WORLD_HTTPS),
        one(INGRESS_TYPE, with_(WORLD_HTTPS, fromPort=22, toPort=22)),
        "0.0.0.0/0 may reach TCP 22",
    ),
    Case(
        "aws-sg-no-all-ports-ingress",
        one(INGRESS_TYPE, FROM_LB),
        one(INGRESS_TYPE, with_(FROM_LB, ipProtocol="-1", fromPort=..., toPort=...)),
        "ingress allows all protocols",
    ),
    Case(
        "aws-sg-world-web-only-on-public-lb",
        [*one(LB_TYPE, LB), *one(INGRESS_TYPE, WORLD_HTTPS, "shop-https-ipv4")],
        [*one(LB_TYPE, LB), *one(INGRESS_TYPE, with_(WORLD_HTTPS, securityGroupId="sg-0123456789abcdef0"))],
        "no internet-facing load balancer in this stack uses",
    ),
    Case(
        "aws-vpc-default-sg-closed",
        one(DEFAULT_SG_TYPE, {"vpcId": "vpc-0b520b40f22326a9b", "ingress": [], "egress": []}),
        one(
            DEFAULT_SG_TYPE,
            {
                "vpcId": "vpc-0b520b40f22326a9b",
                "ingress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": True}],
                "egress": [],
            },
        ),
        "1 ingress rule(s)",
    ),
    Case(
        "aws-vpc-subnet-no-auto-public-ip",
        one("aws:ec2/subnet:Subnet", {"cidrBlock": "10.0.0.0/20", "mapPublicIpOnLaunch": False}),
        one("aws:ec2/subnet:Subnet", {"cidrBlock": "10.0.0.0/20", "mapPublicIpOnLaunch": True}),
        "mapPublicIpOnLaunch is true",
    ),
    Case(
        "aws-vpc-flow-logs",
        [
            *one("aws:ec2/vpc:Vpc", {"cidrBlock": "10.0.0.0/16"}),
            *one("aws:ec2/flowLog:FlowLog", {"vpcId": "vpc-0b520b40f22326a9b", "trafficType": "ALL"}),
        ],
        one("aws:ec2/vpc:Vpc", {"cidrBlock": "10.0.0.0/16"}),
        "flow logs for 0",
    ),
    Case(
        "aws-ecs-no-plain-secrets",
        one(TASK_TYPE, task()),
        one(TASK_TYPE, task(environment=env(("DATABASE_HOST", "db"), ("STRIPE_API_KEY", "sk_live_abc")))),
        "environment STRIPE_API_KEY has a literal value",
    ),
    Case(
        "aws-ecs-not-privileged",
        one(TASK_TYPE, task(privileged=False)),
        one(TASK_TYPE, task(privileged=True)),
        "container app is privileged",
    ),
    Case(
        "aws-ecs-logging",
        one(TASK_TYPE, task()),
        one(TASK_TYPE, task(logConfiguration=...)),
        "container app has no logConfiguration",
    ),
    Case(
        "aws-ecs-read-only-root",
        one(TASK_TYPE, task()),
        one(TASK_TYPE, task(readonlyRootFilesystem=False)),
        "container app has a writable root filesystem",
    ),
    Case(
        "aws-ecs-no-public-ip",
        one(ECS_SERVICE_TYPE, ECS_SERVICE),
        one(
            ECS_SERVICE_TYPE,
            with_(
                ECS_SERVICE,
                networkConfiguration={"assignPublicIp": True, "subnets": ["subnet-0bf26cb44fd394fe5"]},
            ),
        ),
        "assignPublicIp is true",
    ),
    Case(
        "aws-ecs-container-insights",
        one(CLUSTER_TYPE, {"settings": [{"name": "containerInsights", "value": "enhanced"}]}),
        one(CLUSTER_TYPE, {"settings": [{"name": "containerInsights", "value": "disabled"}]}),
        "containerInsights is disabled",
    ),
    Case(
        "aws-lb-http-redirects-to-https",
        one(LISTENER_TYPE, HTTP_LISTENER),
        one(LISTENER_TYPE, with_(HTTP_LISTENER, defaultActions=HTTPS_LISTENER["defaultActions"])),
        '"fixed-response", not a redirect to HTTPS',
    ),
    Case(
        "aws-lb-tls12-policy",
        one(LISTENER_TYPE, HTTPS_LISTENER),
        one(LISTENER_TYPE, with_(HTTPS_LISTENER, sslPolicy="ELBSecurityPolicy-TLS13-1-1-2021-06")),
        "accepts TLS versions older than 1.2",
    ),
    Case(
        "aws-lb-drop-invalid-headers",
        one(LB_TYPE, LB),
        one(LB_TYPE, with_(LB, dropInvalidHeaderFields=...)),
        "dropInvalidHeaderFields is not set",
    ),
    Case(
        "aws-lb-desync-mitigation",
        one(LB_TYPE, with_(LB, desyncMitigationMode=...)),
        one(LB_TYPE, with_(LB, desyncMitigationMode="monitor")),
        "desyncMitigationMode is monitor",
    ),
    Case(
        "aws-lb-access-logs",
        one(LB_TYPE, LB),
        one(LB_TYPE, with_(LB, accessLogs=...)),
        "access logs are off",
    ),
    Case(
        "aws-lb-deletion-protection-prod",
        one(LB_TYPE, LB),
        one(LB_TYPE, with_(LB, enableDeletionProtection=False)),
        "enableDeletionProtection is false",
    ),
    Case(
        "aws-lb-name-length",
        one(TG_TYPE, TARGET_GROUP),
        one(TG_TYPE, with_(TARGET_GROUP, namePrefix="shopfront-")),
        "namePrefix 'shopfront-' has 10 characters; the limit is 6",
    ),
    Case(
        "aws-cloudfront-s3-origin-access-control",
        one(DISTRIBUTION_TYPE, DISTRIBUTION),
        one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, origins=[with_(S3_ORIGIN, originAccessControlId=...)])),
        "origin s3 (shop-site-",
    ),
    Case(
        "aws-cloudfront-viewer-https",
        one(DISTRIBUTION_TYPE, DISTRIBUTION),
        one(
            DISTRIBUTION_TYPE,
            with_(
                DISTRIBUTION,
                orderedCacheBehaviors=[{"pathPattern": "/api/*", "viewerProtocolPolicy": "allow-all"}],
            ),
        ),
        'cache behavior /api/* has viewerProtocolPolicy "allow-all"',
    ),
    Case(
        "aws-cloudfront-viewer-tls12",
        one(DISTRIBUTION_TYPE, DISTRIBUTION),
        one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, viewerCertificate={"cloudfrontDefaultCertificate": True})),
        "default *.cloudfront.net certificate",
    ),
    Case(
        "aws-cloudfront-default-certificate",
        one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, tags=STAGING)),
        one(
            DISTRIBUTION_TYPE,
            with_(
                DISTRIBUTION,
                aliases=...,
                viewerCertificate={"cloudfrontDefaultCertificate": True},
                tags=STAGING,
            ),
        ),
        "lets viewers negotiate TLSv1; give the stack app.domain",
    ),
    Case(
        "aws-cloudfront-origin-tls",
        one(DISTRIBUTION_TYPE, DISTRIBUTION),
        one(
            DISTRIBUTION_TYPE,
            with_(
                DISTRIBUTION,
                origins=[
                    S3_ORIGIN,
                    with_(
                        API_ORIGIN,
                        customOriginConfig={
                            "originProtocolPolicy": "http-only",
                            "originSslProtocols": ["TLSv1", "TLSv1.2"],
                        },
                    ),
                ],
            ),
        ),
        'origin api has originProtocolPolicy "http-only"; origin api allows TLSv1',
    ),
    Case(
        "aws-cloudfront-waf",
        one(DISTRIBUTION_TYPE, DISTRIBUTION),
        one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, webAclId=None)),
        "no web ACL",
    ),
    Case(
        "aws-cloudfront-access-logs",
        [*one(DISTRIBUTION_TYPE, DISTRIBUTION), *one(LOG_SOURCE_TYPE, CDN_LOG_SOURCE)],
        one(DISTRIBUTION_TYPE, DISTRIBUTION),
        "no loggingConfig",
    ),
    Case(
        "aws-s3-public-access-block",
        bucket_stack(),
        bucket_stack(block={"restrictPublicBuckets": False}),
        "leaves restrictPublicBuckets off",
    ),
    Case(
        "aws-s3-default-encryption",
        bucket_stack(encryption="AES256"),
        bucket_stack(encryption=None),
        "no default encryption configuration",
    ),
    Case(
        "aws-s3-tls-only",
        bucket_stack(),
        bucket_stack(
            statements=[
                {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject"}
            ]
        ),
        "does not deny requests without TLS",
    ),
    Case(
        "aws-s3-versioning",
        bucket_stack(),
        bucket_stack(versioning="Suspended"),
        'versioning is "Suspended"',
    ),
    Case(
        "aws-s3-bucket-name",
        one(BUCKET_TYPE, {"bucketPrefix": "s" * 36 + "-"}),
        one(BUCKET_TYPE, {"bucketPrefix": "s" * 37 + "-"}),
        "is not at most 37",
    ),
    Case(
        "aws-iam-no-wildcard-admin",
        one(IAM_ROLE_POLICY_TYPE, {"role": "shop-api-task", "policy": policy_json(ECR_LOGIN, LOGS)}),
        one(
            IAM_ROLE_POLICY_TYPE,
            {
                "role": "shop-api-task",
                "policy": policy_json({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
            },
        ),
        "allows s3:* on Resource *",
    ),
    Case(
        "aws-iam-no-write-on-all-resources",
        one(IAM_POLICY_TYPE, {"policy": policy_json(ECR_LOGIN, LOGS)}),
        one(
            IAM_POLICY_TYPE,
            {
                "policy": policy_json(
                    {"Sid": "Put", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "*"}
                )
            },
        ),
        "policy statement Put allows s3:PutObject on Resource *",
    ),
    Case(
        "aws-iam-no-admin-managed-policy",
        one(
            ATTACHMENT_TYPE,
            {
                "role": "shop-rds-monitoring",
                "policyArn": "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
            },
        ),
        one(
            ATTACHMENT_TYPE,
            {"role": "shop-deploy", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
        ),
        "attaches arn:aws:iam::aws:policy/AdministratorAccess",
    ),
    Case(
        "aws-kms-key-rotation",
        one(KMS_TYPE, {"enableKeyRotation": True, "deletionWindowInDays": 30}),
        one(KMS_TYPE, {"deletionWindowInDays": 30}),
        "enableKeyRotation is not set",
    ),
    Case(
        "aws-sns-encrypted",
        one(
            SNS_TYPE,
            {"namePrefix": "shop-alarms-", "kmsMasterKeyId": "arn:aws:kms:us-east-1:123456789012:key/f5"},
        ),
        one(SNS_TYPE, {"namePrefix": "shop-alarms-"}),
        "kmsMasterKeyId is not set",
    ),
    Case(
        "aws-logs-retention",
        one(LOG_GROUP_TYPE, {"namePrefix": "/ecs/shop-api-", "retentionInDays": 30}),
        one(LOG_GROUP_TYPE, {"namePrefix": "/ecs/shop-api-", "retentionInDays": 0}),
        "logs never expire",
    ),
    Case(
        "aws-eks-endpoint-not-world",
        one(EKS_TYPE, EKS),
        one(
            EKS_TYPE,
            with_(EKS, vpcConfig={"endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]}),
        ),
        "the public endpoint admits 0.0.0.0/0",
    ),
    Case(
        "aws-eks-secrets-encrypted",
        one(EKS_TYPE, EKS),
        one(EKS_TYPE, with_(EKS, encryptionConfig=...)),
        "Secrets are not encrypted",
    ),
]


def test_every_aws_rule_has_a_case_and_every_case_a_rule() -> None:
    assert sorted(c.rule for c in CASES) == sorted(BY_NAME)
    assert len(CASES) == len({c.rule for c in CASES})


def test_the_rules_are_well_formed() -> None:
    assert len(RULES) >= 22
    assert len(BY_NAME) == len(RULES)
    for rule_ in RULES:
        assert re.fullmatch(r"aws-[a-z0-9]+(-[a-z0-9]+)+", rule_.name), rule_.name
        assert rule_.level in (MANDATORY, ADVISORY), rule_.name
        assert rule_.types and all(t.startswith("aws:") for t in rule_.types), rule_.name
        assert rule_.reason.endswith(".") and "\n" not in rule_.reason, rule_.name
        assert re.search(r"checkov|cdk-nag|AWSGuard|CRP|limit", rule_.reason), rule_.name
        assert rule_.fix and "\n" not in rule_.fix and not rule_.fix.endswith("."), rule_.name
        assert (rule_.check is None) != (rule_.check_stack is None), rule_.name


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_passing_case_gives_no_message(case: Case) -> None:
    assert findings(case.rule, case.passing) == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_failing_case_names_what_is_wrong(case: Case) -> None:
    messages = findings(case.rule, case.failing)
    assert messages, case.rule
    assert any(case.message in m for m in messages), messages


def proxied(resources: list[Resource]) -> list[Resource]:
    """The resources as CrossGuard hands them over: inputs wrapped in its unknown-checking proxies (a
    Mapping and Sequence, not dict and list)."""
    return [
        Resource(r.urn, r.type, r.name, unknown_checking_proxy(dict(r.inputs)), r.dependencies)
        for r in resources
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_crossguard_proxies_give_the_same_verdicts(case: Case) -> None:
    assert findings(case.rule, proxied(case.passing)) == []
    assert findings(case.rule, proxied(case.failing)) == findings(case.rule, case.failing)


def test_an_unknown_value_under_crossguard_raises_for_the_framework_to_skip() -> None:
    # CrossGuard treats UnknownValueError as "cannot decide"; a rule must not swallow it.
    (bad,) = proxied(one(RDS_TYPE, with_(RDS, storageEncrypted=UNKNOWN_STRING_VALUE)))
    check = BY_NAME["aws-rds-storage-encrypted"].check
    assert check is not None
    with pytest.raises(UnknownValueError):
        check(bad)


# -- decisions made on purpose -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_name", "inputs"),
    [
        ("aws-rds-storage-encrypted", with_(RDS, storageEncrypted=UNKNOWN)),
        ("aws-rds-backups", with_(RDS, backupRetentionPeriod=UNKNOWN)),
        ("aws-rds-deletion-protection-prod", with_(RDS, deletionProtection=UNKNOWN)),
        ("aws-rds-identifier-length", with_(RDS, identifier=UNKNOWN)),
    ],
)
def test_an_unknown_value_passes(rule_name: str, inputs: dict[str, Any]) -> None:
    assert findings(rule_name, one(RDS_TYPE, inputs)) == []


@pytest.mark.parametrize(
    "rule_name",
    [
        "aws-rds-backups",
        "aws-rds-multi-az-prod",
        "aws-rds-storage-encrypted",
    ],
)
def test_a_read_replica_is_exempt_where_its_source_holds_the_data(rule_name: str) -> None:
    assert findings(rule_name, one(RDS_TYPE, with_(REPLICA, storageEncrypted=...))) == []
    primary = with_(REPLICA, replicateSourceDb=..., storageEncrypted=...)
    assert findings(rule_name, one(RDS_TYPE, primary))


def test_a_prod_read_replica_carries_deletion_protection_like_its_primary() -> None:
    (message,) = findings("aws-rds-deletion-protection-prod", one(RDS_TYPE, REPLICA))
    assert "deletionProtection is false" in message
    assert (
        findings("aws-rds-deletion-protection-prod", one(RDS_TYPE, with_(REPLICA, deletionProtection=True)))
        == []
    )
    assert findings("aws-rds-deletion-protection-prod", one(RDS_TYPE, with_(REPLICA, tags=STAGING))) == []


def test_staging_schedules_and_secrets_may_keep_aws_keys_and_the_managed_alias_counts_as_none() -> None:
    assert findings("aws-scheduler-cmk-prod", scheduled(SCHEDULE, STAGING)) == []
    assert findings("aws-scheduler-cmk-prod", scheduled(SCHEDULE)[1:]) == []  # its role is not known
    assert (
        findings("aws-secrets-cmk-prod", one(SECRET_TYPE, with_(APP_SECRET, tags=STAGING, kmsKeyId=...)))
        == []
    )
    managed = with_(APP_SECRET, kmsKeyId="alias/aws/secretsmanager")
    (message,) = findings("aws-secrets-cmk-prod", one(SECRET_TYPE, managed))
    assert "the AWS managed alias/aws/secretsmanager key" in message


def test_a_log_bucket_must_not_log_to_itself_and_must_expire_its_logs() -> None:
    (message,) = findings("aws-s3-access-logs-prod", logged_buckets(expire=False))
    assert "never expires its logs" in message
    messages = findings("aws-s3-access-logs-prod", logged_buckets(target="shop-uploads"))
    assert "the bucket logs its requests to itself" in messages
    # staging opts out; a replica in another region cannot log here
    staging = [
        dataclasses.replace(r, inputs={**r.inputs, "tags": STAGING}) for r in logged_buckets(logging=False)
    ]
    assert findings("aws-s3-access-logs-prod", staging) == []
    remote = [
        dataclasses.replace(r, inputs={**r.inputs, "region": "us-west-2"}) if r.type == BUCKET_TYPE else r
        for r in logged_buckets(logging=False)
    ]
    assert findings("aws-s3-access-logs-prod", remote) == []


def test_site_and_log_buckets_keep_sse_s3() -> None:
    site_read = {
        "Sid": "AllowCloudFrontRead",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::shop-site-{SUFFIX}/*",
    }
    site = bucket_stack("shop-site", encryption="AES256", statements=[site_read])
    assert findings("aws-s3-data-bucket-cmk-prod", site) == []
    uploads_read = {**site_read, "Resource": f"arn:aws:s3:::shop-uploads-{SUFFIX}/uploads/*"}
    uploads = bucket_stack("shop-uploads", encryption="AES256", statements=[uploads_read])
    assert findings("aws-s3-data-bucket-cmk-prod", uploads)  # a path of it served: still a data bucket


def test_backups_not_set_means_the_providers_zero() -> None:
    (message,) = findings("aws-rds-backups", one(RDS_TYPE, with_(RDS, backupRetentionPeriod=...)))
    assert "not set" in message


def test_prod_only_rules_leave_staging_alone() -> None:
    staging_db = with_(RDS, tags=STAGING, deletionProtection=False, multiAz=False)
    assert findings("aws-rds-deletion-protection-prod", one(RDS_TYPE, staging_db)) == []
    assert findings("aws-rds-multi-az-prod", one(RDS_TYPE, staging_db)) == []
    staging_cache = with_(REDIS, tags=STAGING, automaticFailoverEnabled=False)
    assert findings("aws-elasticache-failover-prod", one(REDIS_TYPE, staging_cache)) == []
    staging_lb = with_(LB, tags=STAGING, enableDeletionProtection=False)
    assert findings("aws-lb-deletion-protection-prod", one(LB_TYPE, staging_lb)) == []
    # A resource made outside stackyard carries no environment tag: not known to be prod.
    assert (
        findings(
            "aws-rds-deletion-protection-prod", one(RDS_TYPE, with_(RDS, tags=..., deletionProtection=False))
        )
        == []
    )


def test_force_ssl_applies_to_postgres_families_only_and_must_be_explicit() -> None:
    mysql = with_(PG_PARAMETERS, family="mysql8.0", parameters=[])
    assert findings("aws-rds-postgres-force-ssl", one(PG_PARAMETERS_TYPE, mysql)) == []
    (message,) = findings(
        "aws-rds-postgres-force-ssl", one(PG_PARAMETERS_TYPE, with_(PG_PARAMETERS, parameters=[]))
    )
    assert message == "rds.force_ssl is not set"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"ipProtocol": "tcp", "fromPort": 80, "toPort": 80, "cidrIpv6": "::/0"}, None),
        ({"ipProtocol": "tcp", "fromPort": 80, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}, "TCP 80-443"),
        ({"ipProtocol": "udp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}, "UDP 443"),
        (
            {"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrIpv6": "::/0"},
            "::/0 may reach TCP 5432",
        ),
        ({"ipProtocol": "-1", "cidrIpv4": "0.0.0.0/0"}, "all protocols"),
        ({"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrIpv4": "10.0.0.0/16"}, None),
        ({"ipProtocol": "tcp", "fromPort": UNKNOWN, "toPort": UNKNOWN, "cidrIpv4": "0.0.0.0/0"}, None),
    ],
)
def test_world_ingress_allows_only_tcp_80_and_443(inputs: dict[str, Any], message: str | None) -> None:
    found = findings("aws-sg-no-world-ingress", one(INGRESS_TYPE, {"securityGroupId": LB_GROUP, **inputs}))
    assert (message is None and not found) or (message is not None and message in found[0]), found


def test_world_ingress_is_read_from_inline_and_legacy_rules_too() -> None:
    inline = {
        "description": "x",
        "ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}],
    }
    assert findings("aws-sg-no-world-ingress", one(SG_TYPE, inline)) == ["0.0.0.0/0 may reach TCP 22"]
    legacy = {
        "type": "ingress",
        "protocol": "6",
        "fromPort": 0,
        "toPort": 65535,
        "cidrBlocks": ["10.0.0.0/8"],
    }
    assert findings("aws-sg-no-all-ports-ingress", one(SG_RULE_TYPE, legacy)) == [
        "ingress allows TCP 0-65535"
    ]
    egress = {**legacy, "type": "egress", "cidrBlocks": ["0.0.0.0/0"]}
    assert findings("aws-sg-no-world-ingress", one(SG_RULE_TYPE, egress)) == []


def test_world_web_needs_an_internet_facing_balancer() -> None:
    internal = with_(LB, internal=True)
    rules = one(INGRESS_TYPE, WORLD_HTTPS)
    assert findings("aws-sg-world-web-only-on-public-lb", [*one(LB_TYPE, internal), *rules])
    assert findings("aws-sg-world-web-only-on-public-lb", rules)  # no balancer at all
    # An unknown group (a first preview) cannot be judged.
    unknown_group = one(INGRESS_TYPE, with_(WORLD_HTTPS, securityGroupId=UNKNOWN))
    assert findings("aws-sg-world-web-only-on-public-lb", unknown_group) == []
    unknown_lb = one(LB_TYPE, with_(LB, securityGroups=[UNKNOWN]))
    assert findings("aws-sg-world-web-only-on-public-lb", [*unknown_lb, *rules]) == []


@pytest.mark.parametrize(
    ("name", "value", "flagged"),
    [
        ("DATABASE_PASSWORD", "hunter2", True),
        ("JWT_SECRET", "abc", True),
        ("GITHUB_TOKEN", "ghp_x", True),
        ("AWS_SECRET_ACCESS_KEY", "wJalr", True),
        ("SECRET_KEY", "django-insecure", True),
        ("PRIVATE_KEY", "-----BEGIN", True),
        ("DATABASE_URL", "postgres://app:hunter2@db:5432/app", True),
        ("ANYTHING", "[secret]", True),
        ("REFRESH_TOKEN_EXPIRATION", "7d", False),
        ("JWT_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt", False),
        ("API_TOKEN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:api", False),
        ("PASSWORD_MIN_LENGTH", "12", False),
        ("CACHE_KEY", "v2", False),
        ("DATABASE_URL", "postgres://db:5432/app", False),
        ("SECRET_KEY", "", False),
    ],
)
def test_secret_detection_in_task_environment(name: str, value: str, flagged: bool) -> None:
    found = findings("aws-ecs-no-plain-secrets", one(TASK_TYPE, task(environment=env((name, value)))))
    assert bool(found) == flagged, found


def test_a_task_definition_that_is_secret_as_a_whole_fails() -> None:
    # `stackyard plan` masks a whole JSON string as "[secret]" once any secret value flowed into it.
    inputs = with_(task(), containerDefinitions="[secret]")
    (message,) = findings("aws-ecs-no-plain-secrets", one(TASK_TYPE, inputs))
    assert "secret as a whole" in message
    assert findings("aws-ecs-logging", one(TASK_TYPE, inputs)) == []  # the others cannot read it


def test_host_pid_mode_and_scheduled_tasks_are_covered() -> None:
    assert findings("aws-ecs-not-privileged", one(TASK_TYPE, {**task(), "pidMode": "host"})) == [
        "pidMode is host"
    ]
    public = {"target": {"ecsParameters": {"networkConfiguration": {"assignPublicIp": True}}}}
    assert findings("aws-ecs-no-public-ip", one(SCHEDULE_TYPE, SCHEDULE)) == []
    assert findings("aws-ecs-no-public-ip", one(SCHEDULE_TYPE, public)) == ["assignPublicIp is true"]


def test_an_https_listener_without_a_policy_gets_the_tls10_default() -> None:
    (message,) = findings("aws-lb-tls12-policy", one(LISTENER_TYPE, with_(HTTPS_LISTENER, sslPolicy=...)))
    assert "ELBSecurityPolicy-2016-08" in message
    for policy in ("ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10"):
        assert (
            findings("aws-lb-tls12-policy", one(LISTENER_TYPE, with_(HTTPS_LISTENER, sslPolicy=policy))) == []
        )


def test_network_load_balancers_skip_alb_only_settings() -> None:
    nlb = with_(LB, loadBalancerType="network", dropInvalidHeaderFields=..., desyncMitigationMode="monitor")
    assert findings("aws-lb-drop-invalid-headers", one(LB_TYPE, nlb)) == []
    assert findings("aws-lb-desync-mitigation", one(LB_TYPE, nlb)) == []


def test_the_waf_rule_asks_only_prod_internet_facing_application_load_balancers() -> None:
    for inputs in (
        with_(LB, tags=STAGING),
        with_(LB, internal=True),
        with_(LB, loadBalancerType="network"),
        with_(LB, tags=...),  # made outside stackyard: not known to be prod
    ):
        assert findings("aws-lb-waf-prod", one(LB_TYPE, inputs)) == []
    assert findings("aws-lb-waf-prod", one(LB_TYPE, with_(LB, internal=...)))  # the provider's default
    # An association with another load balancer does not count.
    other = resource(LB_TYPE, with_(LB, name="other"), "other")
    assert findings("aws-lb-waf-prod", [_BALANCER, other, *waf_on(other)])


def test_forwarding_is_judged_by_the_listener_the_rule_sits_on() -> None:
    redirect = with_(
        FORWARD_RULE, actions=[{"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443"}}]
    )
    weighted = with_(
        FORWARD_RULE,
        actions=[{"type": "forward", "forward": {"targetGroups": [{"arn": "tg-blue"}, {"arn": "tg-green"}]}}],
    )
    # A redirect may sit on port 80; any forward, weighted (blue/green) included, may not.
    assert findings("aws-lb-forward-rules-on-https", [_HTTP, forward_rule_on(_HTTP, redirect)]) == []
    assert findings("aws-lb-forward-rules-on-https", [_HTTP, forward_rule_on(_HTTP, weighted)])
    assert findings("aws-lb-forward-rules-on-https", [_HTTPS, forward_rule_on(_HTTPS, weighted)]) == []
    # A listener outside the stack, or one whose protocol is not known yet, cannot be judged.
    assert findings("aws-lb-forward-rules-on-https", [forward_rule_on(_HTTP)]) == []
    unknown = resource(LISTENER_TYPE, with_(HTTP_LISTENER, protocol=UNKNOWN), "shop-http")
    assert findings("aws-lb-forward-rules-on-https", [unknown, forward_rule_on(unknown)]) == []


def key_with(*statements: dict[str, Any]) -> list[Resource]:
    admin = json.loads(log_key_policy())["Statement"][0]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [admin, *statements]})
    return one(KMS_TYPE, {"enableKeyRotation": True, "policy": policy})


def test_a_key_policy_names_services_only_under_a_condition_and_people_only_through_the_root() -> None:
    cloudfront = {
        "Sid": "AllowCloudFrontDecryptForSitePaths",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "kms:Decrypt",
        "Resource": "*",
    }
    (message,) = findings("aws-kms-key-policy", key_with(cloudfront))
    assert "lets cloudfront.amazonaws.com use the key without an aws:SourceArn" in message
    # condition keys are matched whatever their case, as IAM does
    held = {
        **cloudfront,
        "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::1:distribution/E1"}},
    }
    assert findings("aws-kms-key-policy", key_with(held)) == []
    role = {**cloudfront, "Sid": "Deployer", "Principal": {"AWS": "arn:aws:iam::123456789012:role/deployer"}}
    (message,) = findings("aws-kms-key-policy", key_with(role))
    assert "names arn:aws:iam::123456789012:role/deployer, not an account root" in message
    anyone = {**cloudfront, "Sid": "Anyone", "Principal": "*"}
    (message,) = findings("aws-kms-key-policy", key_with(anyone))
    assert "Anyone allows any principal" in message
    deny = {**anyone, "Effect": "Deny"}  # a deny narrows, whoever it names
    assert findings("aws-kms-key-policy", key_with(deny)) == []
    assert findings("aws-kms-key-policy", one(KMS_TYPE, {"policy": UNKNOWN})) == []


def test_prod_log_rules_leave_staging_alone_and_never_expiring_logs_pass_the_year() -> None:
    staging = with_(SERVICE_LOGS, tags=STAGING, retentionInDays=14, kmsKeyId=...)
    assert findings("aws-logs-retention-year-prod", one(LOG_GROUP_TYPE, staging)) == []
    assert findings("aws-logs-cmk-prod", one(LOG_GROUP_TYPE, staging)) == []
    forever = with_(SERVICE_LOGS, retentionInDays=...)
    assert findings("aws-logs-retention-year-prod", one(LOG_GROUP_TYPE, forever)) == []
    assert findings("aws-logs-retention", one(LOG_GROUP_TYPE, forever))  # judged there


def test_the_log_key_must_name_the_group_for_the_regional_logs_service() -> None:
    other = log_key_policy(["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/other-*"])
    (message,) = findings("aws-logs-key-allows-cloudwatch", encrypted_logs(other))
    assert "does not name the log group /ecs/shop-prod-api-" in message
    nobody = json.dumps(
        {"Version": "2012-10-17", "Statement": [json.loads(log_key_policy())["Statement"][0]]}
    )
    (message,) = findings("aws-logs-key-allows-cloudwatch", encrypted_logs(nobody))
    assert "does not let CloudWatch Logs" in message
    named = with_(SERVICE_LOGS, namePrefix=..., name="/aws/rds/instance/shop-db/postgresql")
    exact = log_key_policy(["arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/instance/shop-db/*"])
    assert findings("aws-logs-key-allows-cloudwatch", encrypted_logs(exact, named)) == []
    # a key from outside the stack, or a policy not known yet, cannot be judged
    assert findings("aws-logs-key-allows-cloudwatch", encrypted_logs()[1:]) == []
    assert findings("aws-logs-key-allows-cloudwatch", encrypted_logs(UNKNOWN)) == []


def test_waf_logs_go_only_to_destinations_named_aws_waf_logs() -> None:
    # judged from the destination's ARN when it is known, from the log group it depends on otherwise
    elsewhere = with_(WAF_LOGGING, logDestinationConfigs=["arn:aws:logs:us-east-1:1:log-group:/waf/shop"])
    (message,) = findings("aws-waf-logging", logged_acl(logging=elsewhere))
    assert "named aws-waf-logs-..., not '/waf/shop'" in message
    preview = with_(WAF_LOGGING, logDestinationConfigs=[UNKNOWN])
    assert findings("aws-waf-logging", logged_acl(logging=preview)) == []
    (message,) = findings("aws-waf-logging", logged_acl(with_(WAF_LOG_GROUP, name="waf-shop"), preview))
    assert "not 'waf-shop'" in message
    bucket = with_(WAF_LOGGING, logDestinationConfigs=["arn:aws:s3:::aws-waf-logs-shop"])
    assert findings("aws-waf-logging", logged_acl(logging=bucket)) == []


def test_redaction_ignores_case_and_unknown_fields_pass() -> None:
    upper = with_(
        WAF_LOGGING,
        redactedFields=[{"singleHeader": {"name": "Authorization"}}, {"singleHeader": {"name": "COOKIE"}}],
    )
    assert findings("aws-waf-logs-redact-credentials", one(WAF_LOGGING_TYPE, upper)) == []
    (message,) = findings(
        "aws-waf-logs-redact-credentials", one(WAF_LOGGING_TYPE, with_(WAF_LOGGING, redactedFields=...))
    )
    assert message == "the authorization and cookie headers are not redacted"
    unknown = with_(WAF_LOGGING, redactedFields=UNKNOWN)
    assert findings("aws-waf-logs-redact-credentials", one(WAF_LOGGING_TYPE, unknown)) == []


def test_a_managed_rule_group_that_only_counts_or_a_rate_rule_that_counts_fails() -> None:
    counting = [
        {**rule_, "overrideAction": {"count": {}}}
        if rule_["name"] == "AWSManagedRulesCommonRuleSet"
        else rule_
        for rule_ in WEB_ACL["rules"]
    ]
    (message,) = findings("aws-waf-managed-rules", one(WEB_ACL_TYPE, with_(WEB_ACL, rules=counting)))
    assert "AWSManagedRulesCommonRuleSet rule group only counts" in message
    rate_counts = [*WEB_ACL["rules"][:3], {**RATE_RULE, "action": {"count": {}}}]
    (message,) = findings("aws-waf-managed-rules", one(WEB_ACL_TYPE, with_(WEB_ACL, rules=rate_counts)))
    assert "no rate-based rule that blocks" in message
    assert findings("aws-waf-managed-rules", one(WEB_ACL_TYPE, with_(WEB_ACL, rules=UNKNOWN))) == []


@pytest.mark.parametrize(
    ("type_", "inputs", "name", "fails"),
    [
        (LB_TYPE, with_(LB, name="a" * 32), "shop", False),
        (LB_TYPE, with_(LB, name="a" * 33), "shop", True),
        (LB_TYPE, with_(LB, name="-shop"), "shop", True),
        (LB_TYPE, with_(LB, name=...), "a" * 24, False),  # auto-named: 24 + 8 = 32
        (LB_TYPE, with_(LB, name=...), "a" * 25, True),
        ("aws:alb/targetGroup:TargetGroup", with_(TARGET_GROUP, namePrefix=...), "a" * 25, True),
        (REDIS_TYPE, with_(REDIS, replicationGroupId=...), "r" * 33, True),
        (RDS_TYPE, with_(RDS, identifier=..., identifierPrefix="p" * 37), "shop", False),
        (RDS_TYPE, with_(RDS, identifier=..., identifierPrefix="p" * 38), "shop", True),
        (BUCKET_TYPE, {"bucket": "Shop-Uploads"}, "shop", True),
        (BUCKET_TYPE, {"bucket": "ab"}, "shop", True),
        (BUCKET_TYPE, {"bucket": "shop-uploads.example.com"}, "shop", False),
        (BUCKET_TYPE, {}, "shop_uploads", True),
        (BUCKET_TYPE, {}, "Shop-Uploads", False),  # Pulumi lowercases a bucket's auto-name
    ],
)
def test_name_limits(type_: str, inputs: dict[str, Any], name: str, fails: bool) -> None:
    rule_name = {
        LB_TYPE: "aws-lb-name-length",
        "aws:alb/targetGroup:TargetGroup": "aws-lb-name-length",
        REDIS_TYPE: "aws-elasticache-id-length",
        RDS_TYPE: "aws-rds-identifier-length",
        BUCKET_TYPE: "aws-s3-bucket-name",
    }[type_]
    assert bool(findings(rule_name, one(type_, inputs, name))) == fails


def test_s3_website_origins_and_legacy_identities_fail_the_oac_rule() -> None:
    website = {"originId": "site", "domainName": "shop-site.s3-website-us-east-1.amazonaws.com"}
    (message,) = findings(
        "aws-cloudfront-s3-origin-access-control",
        one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, origins=[website])),
    )
    assert "website endpoint" in message
    oai = {
        **with_(S3_ORIGIN, originAccessControlId=...),
        "s3OriginConfig": {"originAccessIdentity": "origin-access-identity/cloudfront/E1"},
    }
    assert findings(
        "aws-cloudfront-s3-origin-access-control", one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, origins=[oai]))
    )


def test_cloudfront_tls_accepts_any_dated_tls12_or_13_policy() -> None:
    for version, fails in (
        ("TLSv1.2_2025", False),
        ("TLSv1.3_2025", False),
        ("TLSv1.2_2018", False),
        ("TLSv1.1_2016", True),
    ):
        certificate = {**DISTRIBUTION["viewerCertificate"], "minimumProtocolVersion": version}
        found = findings(
            "aws-cloudfront-viewer-tls12",
            one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, viewerCertificate=certificate)),
        )
        assert bool(found) == fails, version


def test_the_default_certificate_is_refused_in_prod_and_only_advised_against_in_staging() -> None:
    default = {"cloudfrontDefaultCertificate": True}
    prod = one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, aliases=..., viewerCertificate=default))
    staging = one(
        DISTRIBUTION_TYPE, with_(DISTRIBUTION, aliases=..., viewerCertificate=default, tags=STAGING)
    )
    untagged = one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, aliases=..., viewerCertificate=default, tags=...))
    assert findings("aws-cloudfront-viewer-tls12", prod) == [
        "the default *.cloudfront.net certificate allows TLSv1"
    ]
    assert findings("aws-cloudfront-default-certificate", prod) == []
    assert findings("aws-cloudfront-viewer-tls12", staging) == []
    assert findings("aws-cloudfront-default-certificate", staging)
    # Made outside stackyard: not known to be a staging one, so TLS 1.2 stays mandatory.
    assert findings("aws-cloudfront-viewer-tls12", untagged)
    assert findings("aws-cloudfront-default-certificate", untagged) == []
    # A staging distribution with a domain's certificate is judged on its policy as before.
    old_policy = {**DISTRIBUTION["viewerCertificate"], "minimumProtocolVersion": "TLSv1.1_2016"}
    staging_old = one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, viewerCertificate=old_policy, tags=STAGING))
    assert findings("aws-cloudfront-viewer-tls12", staging_old)
    assert findings("aws-cloudfront-default-certificate", staging_old) == []


def test_a_vpc_origin_needs_no_custom_origin_tls() -> None:
    vpc_origin = {
        "originId": "api",
        "domainName": "internal-shop-alb-1234567890.us-east-1.elb.amazonaws.com",
        "vpcOriginConfig": {"vpcOriginId": "vo_1234567890abcdef", "originKeepaliveTimeout": 5},
    }
    staging = one(DISTRIBUTION_TYPE, with_(DISTRIBUTION, origins=[vpc_origin], tags=STAGING))
    assert findings("aws-cloudfront-origin-tls", staging) == []
    assert findings("aws-cloudfront-s3-origin-access-control", staging) == []


INTERNAL_HTTP_LISTENER = {
    "protocol": "HTTP",
    "port": 80,
    "defaultActions": [
        {"type": "fixed-response", "fixedResponse": {"contentType": "text/plain", "statusCode": "404"}}
    ],
}


def internal_balancer_stack(internal: Any = True) -> tuple[Resource, Resource, Resource]:
    """A staging load balancer (`internal` as given), its port-80 listener answering 404 by default, and a
    service's rule forwarding from it."""
    balancer = resource(LB_TYPE, with_(LB, internal=internal, tags=STAGING), "shop")
    listener = resource(LISTENER_TYPE, INTERNAL_HTTP_LISTENER, "shop-http", depends_on=(balancer,))
    return balancer, listener, forward_rule_on(listener, with_(FORWARD_RULE, tags=STAGING))


def test_an_internal_load_balancers_http_listener_may_serve_and_forward() -> None:
    balancer, listener, rule_ = internal_balancer_stack()
    assert findings("aws-lb-http-redirects-to-https", [balancer, listener, rule_]) == []
    assert findings("aws-lb-forward-rules-on-https", [balancer, listener, rule_]) == []
    # An internet-facing one (internal false, or not set: the provider's default), or one whose `internal`
    # is not known yet, still may not.
    for internal in (False, ..., UNKNOWN):
        balancer, listener, rule_ = internal_balancer_stack(internal)
        assert findings("aws-lb-http-redirects-to-https", [balancer, listener, rule_]), internal
        assert findings("aws-lb-forward-rules-on-https", [balancer, listener, rule_]), internal
    # A load balancer outside the stack is not known to be internal: today's verdicts.
    _, listener, rule_ = internal_balancer_stack()
    outside = resource(LISTENER_TYPE, INTERNAL_HTTP_LISTENER, "shop-http")
    assert findings("aws-lb-http-redirects-to-https", [outside]) == [
        'the HTTP listener\'s default action is "fixed-response", not a redirect to HTTPS'
    ]
    assert findings("aws-lb-forward-rules-on-https", [listener, rule_])
    # The internal load balancer does not excuse another balancer's listener.
    public = resource(LB_TYPE, with_(LB, name="public"), "public")
    public_http = resource(LISTENER_TYPE, INTERNAL_HTTP_LISTENER, "public-http", depends_on=(public,))
    internal, listener, _ = internal_balancer_stack()
    found = evaluate([internal, listener, public, public_http], [BY_NAME["aws-lb-http-redirects-to-https"]])
    assert [v.urn for v in found] == [public_http.urn]


def test_buckets_are_matched_by_their_full_name_not_a_shared_prefix() -> None:
    # "shop-uploads-" is a prefix of "shop-uploads-replica-…": the replica's sub-resources must not count
    # for the source bucket.
    source = bucket_stack("shop-uploads")
    replica = bucket_stack("shop-uploads-replica")
    stack = [*without(source, PAB_TYPE), *replica]
    assert findings("aws-s3-public-access-block", stack) == ["no public access block"]
    (violation,) = evaluate(stack, [BY_NAME["aws-s3-public-access-block"]])
    assert violation.urn.endswith("::shop-uploads")


def test_bucket_sub_resources_with_unknown_names_cannot_be_judged() -> None:
    stack = without(bucket_stack(), PAB_TYPE)
    stack.append(resource(PAB_TYPE, {"bucket": UNKNOWN, "blockPublicAcls": True}, "other-pab"))
    assert findings("aws-s3-public-access-block", stack) == []


def test_an_account_wide_public_access_block_covers_every_bucket() -> None:
    flags = {
        f: True for f in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    }
    stack = [
        *without(bucket_stack(), PAB_TYPE),
        resource("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", flags),
    ]
    assert findings("aws-s3-public-access-block", stack) == []


def test_an_explicitly_named_bucket_is_matched_by_its_name() -> None:
    stack = [resource(BUCKET_TYPE, {"bucket": "shop-exports"}, "exports")]
    assert findings("aws-s3-default-encryption", stack) == ["no default encryption configuration"]
    encryption = {
        "bucket": "shop-exports",
        "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}],
    }
    assert findings("aws-s3-default-encryption", [*stack, resource(SSE_TYPE, encryption)]) == []


def test_log_and_site_buckets_need_no_versioning_but_data_buckets_do() -> None:
    logs = without(bucket_stack("shop-access-logs"), VERSIONING_TYPE)
    site = without(bucket_stack("shop-site"), VERSIONING_TYPE)
    data = without(bucket_stack("shop-uploads"), VERSIONING_TYPE)
    referrers = [*one(LB_TYPE, LB), *one(DISTRIBUTION_TYPE, DISTRIBUTION)]
    stack = [*logs, *site, *data, *referrers]
    violations = evaluate(stack, [BY_NAME["aws-s3-versioning"]])
    assert [v.urn.rsplit("::", 1)[-1] for v in violations] == ["shop-uploads"]
    # Without the load balancer and the CDN nothing marks them as log or site buckets.
    assert len(evaluate([*logs, *site, *data], [BY_NAME["aws-s3-versioning"]])) == 3


def test_a_tls_only_policy_may_use_an_aws_star_principal_and_a_boolean() -> None:
    name = f"shop-uploads-{SUFFIX}"
    statement = {
        **deny_plain_http(name),
        "Principal": {"AWS": "*"},
        "Condition": {"Bool": {"aws:SecureTransport": False}},
    }
    assert findings("aws-s3-tls-only", bucket_stack(statements=[statement])) == []
    allow = {**statement, "Effect": "Allow"}
    assert findings("aws-s3-tls-only", bucket_stack(statements=[allow]))


@pytest.mark.parametrize(
    ("statement", "admin", "write"),
    [
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, True, False),
        ({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::shop-uploads/*"}, False, False),
        ({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, True, False),
        ({"Effect": "Deny", "Action": "*", "Resource": "*"}, False, False),
        (
            {"Effect": "Allow", "Action": ["logs:DescribeLogGroups", "s3:List*"], "Resource": "*"},
            False,
            False,
        ),
        (
            {
                "Effect": "Allow",
                "Action": ["cloudwatch:PutMetricData", "xray:PutTraceSegments"],
                "Resource": "*",
            },
            False,
            False,
        ),
        ({"Effect": "Allow", "Action": "ssmmessages:CreateControlChannel", "Resource": "*"}, False, False),
        ({"Effect": "Allow", "Action": "ec2:CreateNetworkInterface", "Resource": "*"}, False, True),
        (
            {"Effect": "Allow", "Action": "sqs:SendMessage", "NotResource": "arn:aws:sqs:*:*:admin"},
            False,
            True,
        ),
    ],
)
def test_iam_statements(statement: dict[str, Any], admin: bool, write: bool) -> None:
    document = one(IAM_POLICY_TYPE, {"policy": policy_json(statement)})
    assert bool(findings("aws-iam-no-wildcard-admin", document)) == admin
    assert bool(findings("aws-iam-no-write-on-all-resources", document)) == write


def test_role_inline_policies_and_managed_policy_arns_are_read() -> None:
    role = {
        "assumeRolePolicy": policy_json(
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ),
        "inlinePolicies": [
            {"name": "everything", "policy": policy_json({"Effect": "Allow", "Action": "*", "Resource": "*"})}
        ],
        "managedPolicyArns": ["arn:aws:iam::aws:policy/PowerUserAccess"],
    }
    assert findings("aws-iam-no-wildcard-admin", one(IAM_ROLE_TYPE, role)) == [
        "inline policy everything allows * on Resource *"
    ]
    assert findings("aws-iam-no-admin-managed-policy", one(IAM_ROLE_TYPE, role)) == [
        "attaches arn:aws:iam::aws:policy/PowerUserAccess"
    ]
    # A customer policy that happens to be called AdministratorAccess is not AWS's.
    own = {"role": "r", "policyArn": "arn:aws:iam::123456789012:policy/AdministratorAccess"}
    assert findings("aws-iam-no-admin-managed-policy", one(ATTACHMENT_TYPE, own)) == []


def test_asymmetric_keys_need_no_rotation() -> None:
    signing = {"customerMasterKeySpec": "RSA_2048", "keyUsage": "SIGN_VERIFY"}
    assert findings("aws-kms-key-rotation", one(KMS_TYPE, signing)) == []


def test_a_log_group_without_retention_fails() -> None:
    assert findings("aws-logs-retention", one(LOG_GROUP_TYPE, {"name": "/ecs/shop"})) == [
        "retentionInDays is not set: logs never expire"
    ]


def test_an_eks_public_endpoint_without_cidrs_is_open_to_the_world() -> None:
    open_ = with_(EKS, vpcConfig={"endpointPublicAccess": True, "subnetIds": ["subnet-1"]})
    assert findings("aws-eks-endpoint-not-world", one(EKS_TYPE, open_))
    private = with_(EKS, vpcConfig={"endpointPublicAccess": False, "endpointPrivateAccess": True})
    assert findings("aws-eks-endpoint-not-world", one(EKS_TYPE, private)) == []


# -- our stacks ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_every_stack_file_passes_every_mandatory_aws_rule(stack_file: Path) -> None:
    mandatory = [v for v in evaluate(stack_resources(stack_file), RULES) if v.rule.level == MANDATORY]
    assert not mandatory, [(v.rule.name, v.urn, v.message) for v in mandatory]


def test_the_rules_see_our_stacks_resources() -> None:
    # Guard against rules passing vacuously: a real stack with its public access blocks removed fails.
    resources = stack_resources("Pulumi.prod.yaml")
    assert any(r.type in BY_NAME["aws-s3-public-access-block"].types for r in resources)
    stripped = without(list(resources), PAB_TYPE)
    found = evaluate(stripped, [BY_NAME["aws-s3-public-access-block"]])
    assert len(found) == sum(r.type == BUCKET_TYPE for r in resources) > 0


def test_versioning_is_not_judged_while_a_log_or_site_reference_is_unknown() -> None:
    data = without(bucket_stack("shop-uploads"), VERSIONING_TYPE)
    unknown_logs = one(LB_TYPE, with_(LB, accessLogs={"bucket": UNKNOWN, "enabled": True}))
    assert findings("aws-s3-versioning", [*data, *unknown_logs]) == []


def test_only_a_nat_instances_own_group_may_take_everything_and_only_from_private_ranges() -> None:
    nat_group = "sg-0aa11bb22cc33dd44"
    forward = {"securityGroupId": nat_group, "cidrIpv4": "10.10.0.0/16", "ipProtocol": "-1"}
    nat = {"instanceType": "t4g.nano", "sourceDestCheck": False, "vpcSecurityGroupIds": [nat_group]}
    rule_name = "aws-sg-no-all-ports-ingress"
    assert (
        findings(rule_name, [*one("aws:ec2/instance:Instance", nat, "nat"), *one(INGRESS_TYPE, forward)])
        == []
    )
    # The same ingress without the NAT instance, or on an instance that checks source and destination.
    assert findings(rule_name, one(INGRESS_TYPE, forward)) == ["ingress allows all protocols"]
    checking = with_(nat, sourceDestCheck=True)
    assert findings(
        rule_name, [*one("aws:ec2/instance:Instance", checking, "nat"), *one(INGRESS_TYPE, forward)]
    ) == ["ingress allows all protocols"]
    # From the internet, even to the NAT instance.
    world = with_(forward, cidrIpv4="0.0.0.0/0")
    assert findings(
        rule_name, [*one("aws:ec2/instance:Instance", nat, "nat"), *one(INGRESS_TYPE, world)]
    ) == ["ingress allows all protocols"]
