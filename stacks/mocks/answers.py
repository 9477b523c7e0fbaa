"""`StackyardMocks`: Pulumi's `Mocks`, answering each resource registration by its provider (`aws`, `gcp`,
`random`; a provider resource or another package gets a plain unique id) and each function call with the
answers of `aws` and `gcp`. An unmocked function fails loudly instead of returning empty data."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.runtime import mocks

from .aws import aws_functions, aws_resource
from .common import _digest
from .gcp import MOCK_GCP_PROJECT, gcp_functions, gcp_resource
from .random import random_resource


class StackyardMocks(pulumi.runtime.Mocks):
    """Deterministic answers for every resource and function the stackyard stacks use."""

    def __init__(
        self,
        aws_region: str = "us-east-1",
        gcp_project: str = MOCK_GCP_PROJECT,
        gcp_region: str = "us-central1",
    ) -> None:
        self.aws_region = aws_region
        self.gcp_project = gcp_project
        self.gcp_region = gcp_region
        self.calls: list[tuple[str, dict[str, Any]]] = []
        """Every function call (token, arguments), for tests that check how a lookup was made."""
        self.vpc_cidrs: dict[str, str] = {}
        """The CIDR block of every mocked VPC by id, so `getVpc` answers with it."""

    # -- resources ----------------------------------------------------------------------------------------

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        urn = getattr(args, "urn", f"{args.typ}::{args.name}")
        state = dict(args.inputs)
        if not args.custom:
            return None, state
        package = args.typ.split(":", 1)[0]
        if package == "aws":
            return aws_resource(args.typ, args.name, urn, state, self.aws_region, self.vpc_cidrs)
        if package == "gcp":
            return gcp_resource(args.typ, args.name, urn, state, self.gcp_project, self.gcp_region)
        if package == "random":
            return random_resource(args.typ, urn, state)
        if args.typ.startswith("pulumi:providers:"):
            return f"{_digest(urn, 8)}-{_digest(urn + 'p', 4)}-provider", state
        return f"{args.name}-{_digest(urn, 8)}", state

    # -- functions ------------------------------------------------------------------------------------------

    def call(self, args: mocks.MockCallArgs) -> Any:
        self.calls.append((args.token, dict(args.args)))
        handler = self._functions().get(args.token)
        if handler is None:
            where = "stacks/mocks/aws.py or gcp.py"
            return {}, [("token", f"stackyard's mocks have no answer for {args.token}; add one in {where}")]
        return handler(args.args)

    def _functions(self) -> dict[str, Any]:
        return {
            **aws_functions(self.aws_region, self.vpc_cidrs),
            **gcp_functions(self.gcp_project, self.gcp_region),
        }
