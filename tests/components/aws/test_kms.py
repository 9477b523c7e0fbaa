"""components.aws.kms: every key the components make has yearly rotation and an explicit key policy (issue
#18): the account administers it, and only the services a caller names, under their conditions."""

from __future__ import annotations

import json

import pulumi

from components.aws.kms import account_administers, encryption_key
from stacks.mocks import MOCK_ACCOUNT_ID, RecordingMonitor
from tests.conftest import of_type

KEY = "aws:kms/key:Key"


def build(policy: str | None = None) -> None:
    @pulumi.runtime.test
    def program() -> None:
        owner = pulumi.ComponentResource("test:index:Owner", "owner")
        encryption_key("data", "test data", owner, {}, policy=policy)

    program()


def test_a_key_without_a_given_policy_gets_the_accounts_statement_written_out(
    monitor: RecordingMonitor,
) -> None:
    build()
    (key,) = of_type(monitor, KEY)
    assert key.inputs["enableKeyRotation"] is True
    assert json.loads(key.inputs["policy"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministersTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }


def test_a_given_policy_is_used_as_it_is(monitor: RecordingMonitor) -> None:
    given = json.dumps({"Version": "2012-10-17", "Statement": [account_administers("aws", "111122223333")]})
    build(given)
    (key,) = of_type(monitor, KEY)
    assert key.inputs["policy"] == given
