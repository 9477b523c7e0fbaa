"""The alarm topic: an SNS topic encrypted with a KMS key CloudWatch may use (a new one unless
`kms_key_arn` is given), a policy that lets only this account's CloudWatch alarms publish, over TLS, and
the e-mail and HTTPS subscriptions."""

import hashlib
import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..kms import encryption_key
from ..naming import physical_name
from .alarm import AlarmTopic, Scope

TOPIC_PREFIX_LIMIT = 200  # SNS topic names are at most 256; the provider appends 26 characters to a prefix


@dataclass(frozen=True)
class Subscribers:
    """Who every alarm topic notifies, and the account (in its partition) whose alarms may publish."""

    emails: list[str]
    endpoints: list[str]
    account: pulumi.Output[str]
    partition: pulumi.Output[str]


def alarm_topic(
    scope: Scope, region: str | None, given_key: pulumi.Input[str] | None, subscribers: Subscribers
) -> AlarmTopic:
    """The encrypted alarm topic (in `region`, through the resources' `region` argument, or the stack's),
    its policy and its subscriptions."""
    name = scope.name
    emails, endpoints = subscribers.emails, subscribers.endpoints
    account, partition = subscribers.account, subscribers.partition
    logical = f"{name}-alarms" + (f"-{region}" if region else "")
    child = pulumi.ResourceOptions(parent=scope.owner)
    if given_key is not None:
        key_arn = pulumi.Output.from_input(given_key)
    else:
        key_arn = encryption_key(
            f"{name}-alarms",
            "SNS topic of the CloudWatch alarms",
            scope.owner,
            scope.tags,
            region=region,
            policy=pulumi.Output.all(partition, account).apply(lambda v: _key_policy(v[0], v[1])),
            alias=f"{scope.base}-alarms",
        ).arn
    topic = aws.sns.Topic(
        logical,
        name_prefix=physical_name(f"{scope.base}-alarms", TOPIC_PREFIX_LIMIT - 1) + "-",
        kms_master_key_id=key_arn,
        tags={**scope.tags, "Name": logical},
        region=region,
        opts=child,
    )
    policy = aws.sns.TopicPolicy(
        logical,
        arn=topic.arn,
        policy=pulumi.Output.all(topic.arn, account).apply(lambda v: _topic_policy(v[0], v[1])),
        region=region,
        opts=child,
    )
    for email in emails:
        aws.sns.TopicSubscription(
            f"{logical}-email-{email.lower()}",
            topic=topic.arn,
            protocol="email",
            endpoint=email,
            region=region,
            opts=child,
        )
    for endpoint in endpoints:
        aws.sns.TopicSubscription(
            f"{logical}-https-{hashlib.sha256(endpoint.encode()).hexdigest()[:8]}",
            topic=topic.arn,
            protocol="https",
            endpoint=endpoint,
            region=region,
            opts=child,
        )
    return AlarmTopic(topic=topic, policy=policy, key_arn=key_arn)


def _key_policy(partition: str, account: str) -> str:
    """The alarm topic key's policy: the account administers the key (through IAM, as with AWS's default key
    policy); CloudWatch may use it for this account's alarms only."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdministersTheKey",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "CloudWatchAlarmsUseTheKey",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": account}},
                },
            ],
        }
    )


def _topic_policy(topic_arn: str, account: str) -> str:
    """The alarm topic's policy: CloudWatch alarms of this account may publish; nobody may publish without
    TLS. The account's own principals keep their IAM permissions."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "CloudWatchAlarmsPublish",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": "sns:Publish",
                    "Resource": topic_arn,
                    "Condition": {"StringEquals": {"aws:SourceAccount": account}},
                },
                {
                    "Sid": "DenyPublishWithoutTls",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "sns:Publish",
                    "Resource": topic_arn,
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ],
        }
    )
