"""IAM: identity policies (no wildcard admin, no writes on every resource) and the AWS managed admin
policies no role, user or group may get."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..model import ADVISORY, MANDATORY, Resource, Rule, rule
from .helpers import _items, _join, _json, _mapping, _raw, _statements, _strings

RULES: list[Rule] = []


IAM_POLICY = "aws:iam/policy:Policy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
USER_POLICY = "aws:iam/userPolicy:UserPolicy"
GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
ROLE = "aws:iam/role:Role"
POLICY_DOCUMENTS = (IAM_POLICY, ROLE_POLICY, USER_POLICY, GROUP_POLICY, ROLE)
POLICY_ATTACHMENTS = (
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
)

# IAM actions treated as read-only on Resource "*" (the action name after "service:").
_READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "BatchGet",
    "Filter",
    "Lookup",
    "Query",
    "Scan",
    "Search",
    "View",
)
# Write actions that accept only Resource "*" (the Service Authorization Reference lists no resource type
# for them), so "*" is least privilege there. Deliberately short: anything else writing on "*" is reported.
ONLY_STAR_WRITE_ACTIONS = frozenset(
    {
        "cloudwatch:putmetricdata",
        "xray:puttracesegments",
        "xray:puttelemetryrecords",
        "ssmmessages:createcontrolchannel",
        "ssmmessages:createdatachannel",
        "ssmmessages:opencontrolchannel",
        "ssmmessages:opendatachannel",
    }
)
# AWS managed policies that grant everything, or everything in IAM (a path to everything).
ADMIN_POLICY_ARNS = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")


def _policy_documents(resource: Resource) -> list[tuple[str, Any]]:
    """(label, parsed document) of every identity policy a resource carries."""
    if resource.type == ROLE:
        return [
            (f"inline policy {_mapping(p).get('name')}", _json(_mapping(p).get("policy")))
            for p in _items(_raw(resource, "inlinePolicies"))
        ]
    return [("policy", _json(_raw(resource, "policy")))]


def _allows_on_everything(resource: Resource) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Allow statements whose Resource is "*" (or that use NotResource), with their document's label."""
    for label, document in _policy_documents(resource):
        for statement in _statements(document):
            if statement.get("Effect") != "Allow":
                continue
            if "*" in _strings(statement.get("Resource")) or "NotResource" in statement:
                yield label, statement


def _where(label: str, statement: Mapping[str, Any]) -> str:
    sid = statement.get("Sid")
    return f"{label}" + (f" statement {sid}" if sid else "")


@rule(
    "aws-iam-no-wildcard-admin",
    MANDATORY,
    POLICY_DOCUMENTS,
    "Least privilege: no identity policy allows every action, or every action of a service, on every "
    "resource (checkov CKV_AWS_62/63, cdk-nag IAM5).",
    "list the actions and resource ARNs the role needs (components expose grant_* documents for this)",
    RULES,
)
def _iam_no_admin(resource: Resource) -> str | None:
    problems: list[str] = []
    for label, statement in _allows_on_everything(resource):
        if "NotAction" in statement:
            problems.append(f"{_where(label, statement)} allows NotAction on Resource *")
        wild = [a for a in _strings(statement.get("Action")) if a == "*" or a.endswith(":*")]
        if wild:
            problems.append(f"{_where(label, statement)} allows {', '.join(wild)} on Resource *")
    return _join(problems)


def _is_read(action: str) -> bool:
    _, _, name = action.partition(":")
    return name.startswith(_READ_PREFIXES)


@rule(
    "aws-iam-no-write-on-all-resources",
    ADVISORY,
    POLICY_DOCUMENTS,
    "Write actions name the resources they change (checkov CKV_AWS_355, cdk-nag IAM5); read actions "
    "(Get/List/Describe/...) and the few write actions AWS accepts only on '*' (cloudwatch:PutMetricData, "
    "xray:PutTraceSegments/PutTelemetryRecords, ssmmessages channels) are exempt.",
    "replace Resource * with the ARNs the actions change",
    RULES,
)
def _iam_no_write_on_all(resource: Resource) -> str | None:
    problems: list[str] = []
    for label, statement in _allows_on_everything(resource):
        writes = [
            a
            for a in _strings(statement.get("Action"))
            if not (a == "*" or a.endswith(":*"))  # aws-iam-no-wildcard-admin reports those
            and not _is_read(a)
            and a.lower() not in ONLY_STAR_WRITE_ACTIONS
        ]
        if writes:
            problems.append(f"{_where(label, statement)} allows {', '.join(writes)} on Resource *")
    return _join(problems)


@rule(
    "aws-iam-no-admin-managed-policy",
    MANDATORY,
    (*POLICY_ATTACHMENTS, ROLE),
    "No role, user or group gets AdministratorAccess, PowerUserAccess or IAMFullAccess (checkov "
    "CKV_AWS_274).",
    "attach a policy listing the actions and resources needed instead of the AWS managed admin policy",
    RULES,
)
def _iam_no_admin_attachment(resource: Resource) -> str | None:
    arns = (
        _strings(_raw(resource, "managedPolicyArns"))
        if resource.type == ROLE
        else [_raw(resource, "policyArn")]
    )
    return _join(
        f"attaches {arn}"
        for arn in arns
        if isinstance(arn, str)
        and arn.startswith("arn:aws")
        and arn.rsplit("/", 1)[-1] in ADMIN_POLICY_ARNS
        and ":aws:policy/" in arn
    )
