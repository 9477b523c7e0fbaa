"""Small IAM building blocks shared by the components."""

import json


def assume_role_policy(service: str) -> str:
    """The trust policy that lets the AWS service `service` (e.g. "vpc-flow-logs.amazonaws.com") assume a
    role, and nothing else."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
        }
    )
