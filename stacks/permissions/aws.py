"""The IAM policy documents of the identity that runs `pulumi up` for an AWS stack.

From a plan document (`stackyard plan --json`) and the provider functions the program called:

- every action of `aws.json` for each resource type the plan creates and each function it calls, one
  statement per service and resource scope (`Sid` the service, `…Scoped` when it names ARNs);
- resources scoped where the names are predictable: IAM roles, S3 buckets, Secrets Manager secrets and ECR
  repositories by the physical names (or name prefixes) the plan gives them, `<app>-<stack>-*` where they
  share it; every other service "*" (their ARNs carry ids the cloud assigns at create time, or their create
  actions support no resource-level permissions: Service Authorization Reference, "Resource types" column);
- `iam:PassRole` on the stack's roles only, with `iam:PassedToService` the services the roles trust and the
  types the table says pass one (IAM User Guide, "Granting a user permissions to pass a role to an AWS
  service": https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html);
- `iam:CreateServiceLinkedRole` for the service-linked roles the services create on first use, with
  `iam:AWSServiceName` (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html);
- split into documents of at most 6,144 characters without whitespace, the size of a customer managed
  policy (IAM User Guide, "IAM and AWS STS quotas":
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .tables import needs, table

VERSION = "2012-10-17"
MANAGED_POLICY_LIMIT = 6144
SERVICE_LINKED_ROLE_ARN = "arn:aws:iam::*:role/aws-service-role/*"


def stack_prefixes(plan: dict[str, Any]) -> list[str]:
    """`<app>-<stack>-` and `<app>-<environment>-` (and with `/`, as secret names have it): the prefixes
    of the stack's physical names, with `app` from the `app` tag every component sets."""
    apps = {
        r["inputs"]["tags"]["app"]
        for r in plan["resources"]
        if isinstance(r.get("inputs", {}).get("tags"), dict) and r["inputs"]["tags"].get("app")
    }
    middles = [str(m) for m in (plan.get("stack"), plan.get("environment")) if m]
    found = {f"{app}-{middle}{end}" for app in apps for middle in middles for end in "-/"}
    return sorted(found, key=len, reverse=True)


def name_patterns(plan: dict[str, Any], scope: dict[str, Any]) -> list[str]:
    """Each name of the plan's `scope["of"]` resources as a pattern: a name as it is, a name prefix or a
    name Pulumi generates (`<logical name>-<random>`) ending in `*`; collapsed to `<prefix>*` where it
    starts with a stack prefix."""
    prefixes = stack_prefixes(plan)
    found: set[str] = set()
    for resource in plan["resources"]:
        if resource["type"] != scope["of"]:
            continue
        inputs = resource.get("inputs") or {}
        pattern = None
        for key in scope["names"]:
            value = inputs.get(key)
            if isinstance(value, str) and value and not value.startswith("["):  # not [unknown] / [secret]
                pattern = value + "*" if key.endswith("Prefix") else value
                break
        if pattern is None:
            pattern = f"{resource['name']}-*"
        found.add(next((p + "*" for p in prefixes if pattern.startswith(p)), pattern))
    return sorted(found)


def policy(plan: dict[str, Any], invokes: Iterable[str]) -> dict[str, Any]:
    """`documents` (the policy documents), `scoped` (service → ARN patterns), `passedToServices`,
    `serviceLinkedRoles`, `uncovered` (tokens with no row) and `noPermission` (token → why)."""
    data = table("aws")
    grants: dict[str, set[str]] = defaultdict(set)  # action → resources
    passed: set[str] = set()
    linked: set[str] = set()
    found = needs("aws", plan, invokes)
    for _, entry in found.entries:
        scope = entry.get("scope")
        arns = [_arn(scope["arn"], p) for p in name_patterns(plan, scope)] if scope else []
        service = scope["arn"].split(":")[2] if scope else None
        for action in entry["actions"]:
            # the scope is an ARN of its own service; the row's other actions (kms:…) stay on "*"
            grants[action].update(arns if arns and action.split(":")[0] == service else ["*"])
        passed.update(entry.get("passRole", []))
        linked.update(entry.get("serviceLinkedRoles", []))
    role_scope = data["resources"]["aws:iam/role:Role"]["scope"]
    role_arns = [_arn(role_scope["arn"], p) for p in name_patterns(plan, role_scope)]
    passed.update(trusted_services(plan))
    statements = _statements(grants)
    if passed and role_arns:
        statements.append(
            {
                "Sid": "PassStackRoles",
                "Effect": "Allow",
                "Action": ["iam:PassRole"],
                "Resource": role_arns,
                "Condition": {"StringEquals": {"iam:PassedToService": sorted(passed)}},
            }
        )
    if linked:
        statements.append(
            {
                "Sid": "CreateServiceLinkedRoles",
                "Effect": "Allow",
                "Action": ["iam:CreateServiceLinkedRole"],
                "Resource": [SERVICE_LINKED_ROLE_ARN],
                "Condition": {"StringEquals": {"iam:AWSServiceName": sorted(linked)}},
            }
        )
    scoped: dict[str, list[str]] = defaultdict(list)
    for action, resources in grants.items():
        if "*" not in resources:
            scoped[action.split(":")[0]] = sorted(set(scoped[action.split(":")[0]]) | resources)
    return {
        "documents": split(statements),
        "scoped": dict(sorted(scoped.items())),
        "passedToServices": sorted(passed),
        "serviceLinkedRoles": sorted(linked),
        "uncovered": found.uncovered,
        "noPermission": found.nothing,
    }


def _arn(template: str, pattern: str) -> str:
    return template.replace("{name}", pattern).replace("**", "*")


def trusted_services(plan: dict[str, Any]) -> set[str]:
    """The services the plan's IAM roles trust (`Principal.Service` of their assume-role policies)."""
    services: set[str] = set()
    for resource in plan["resources"]:
        if resource["type"] != "aws:iam/role:Role":
            continue
        document = (resource.get("inputs") or {}).get("assumeRolePolicy")
        if isinstance(document, str):
            try:
                document = json.loads(document)
            except ValueError:
                continue
        if not isinstance(document, dict):
            continue
        for statement in document.get("Statement", []):
            principal = statement.get("Principal", {}).get("Service", [])
            services.update([principal] if isinstance(principal, str) else principal)
    return services


def _statements(grants: dict[str, set[str]]) -> list[dict[str, Any]]:
    """One statement per service and resource list, actions sorted; an action granted on "*" anywhere is
    granted on "*" only."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for action, resources in grants.items():
        where = ("*",) if "*" in resources else tuple(sorted(resources))
        groups[(action.split(":")[0], where)].append(action)
    statements = []
    for (service, where), actions in sorted(groups.items()):
        sid = re.sub(r"[^A-Za-z0-9]", "", service.title()) + ("" if where == ("*",) else "Scoped")
        statements.append(
            {
                "Sid": sid,
                "Effect": "Allow",
                "Action": sorted(actions),
                "Resource": "*" if where == ("*",) else list(where),
            }
        )
    return statements


def size(document: dict[str, Any]) -> int:
    """Characters IAM counts against the policy size quota (JSON without whitespace)."""
    return len(json.dumps(document, separators=(",", ":")))


def split(statements: list[dict[str, Any]], limit: int = MANAGED_POLICY_LIMIT) -> list[dict[str, Any]]:
    """Pack statements in order into documents of at most `limit` characters, splitting a statement's
    actions where one alone is larger."""
    pieces: list[dict[str, Any]] = []
    for statement in statements:
        pieces.extend(_fit(statement, limit))
    documents: list[dict[str, Any]] = []
    current: list[dict[str, Any]] = []
    for piece in pieces:
        if current and size({"Version": VERSION, "Statement": [*current, piece]}) > limit:
            documents.append({"Version": VERSION, "Statement": current})
            current = []
        current.append(piece)
    if current:
        documents.append({"Version": VERSION, "Statement": current})
    return documents


def _fit(statement: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    if size({"Version": VERSION, "Statement": [statement]}) <= limit or len(statement["Action"]) == 1:
        return [statement]
    half = len(statement["Action"]) // 2
    first = {**statement, "Sid": statement["Sid"] + "1", "Action": statement["Action"][:half]}
    second = {**statement, "Sid": statement["Sid"] + "2", "Action": statement["Action"][half:]}
    return _fit(first, limit) + _fit(second, limit)
