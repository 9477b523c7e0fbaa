"""The text of `stackyard permissions`: a summary, then the documents to apply (AWS policies as JSON, GCP
`gcloud` lines); with `markdown`, the documents in fenced blocks (docs/guides/deployer-permissions.md)."""

from __future__ import annotations

import json
from typing import Any

NOT_EXECUTED = "<!-- not executed: a generated IAM policy document -->"
"""Before each policy block in docs: tests/docs/test_docs.py runs or checks every block not so marked."""


def to_text(result: dict[str, Any], markdown: bool = False) -> str:
    lines = [
        f"Permissions of the identity that runs `pulumi up` for stack {result['stack']} ({result['cloud']})",
        "",
    ]
    if "aws" in result:
        lines += _aws(result["aws"], markdown)
    if "gcp" in result:
        lines += _gcp(result["gcp"], markdown)
    if result.get("kubernetes"):
        lines += ["", f"Kubernetes: {result['kubernetes']}"]
    return "\n".join(lines).rstrip() + "\n"


def _aws(aws: dict[str, Any], markdown: bool) -> list[str]:
    documents = aws["documents"]
    bullet = "- " if markdown else ""
    lines = [
        f"{bullet}IAM policy: {len(documents)} document{'s' if len(documents) != 1 else ''}, each within the "
        "6,144 characters of a customer managed policy; attach them all to the deploying role.",
        f"{bullet}Scoped to the stack's names: "
        + ("; ".join(f"{service} ({', '.join(arns)})" for service, arns in aws["scoped"].items()) or "none")
        + '. Every other service is granted on "*": its ARNs hold ids the cloud assigns at create time, '
        "or its create actions take no resource ARN.",
    ]
    if aws["passedToServices"]:
        lines.append(f"{bullet}iam:PassRole on the stack's roles, to: {', '.join(aws['passedToServices'])}.")
    if aws["serviceLinkedRoles"]:
        lines.append(
            f"{bullet}iam:CreateServiceLinkedRole (once per account) for: "
            + ", ".join(aws["serviceLinkedRoles"])
            + "."
        )
    if aws["noPermission"]:
        lines.append(
            f"{bullet}No permission needed: "
            + "; ".join(f"{t} ({why})" for t, why in aws["noPermission"].items())
            + "."
        )
    for number, document in enumerate(documents, 1):
        body = json.dumps(document, indent=2)
        lines += ["", f"Policy document {number} of {len(documents)}:"]
        lines += ["", NOT_EXECUTED, "```json", body, "```"] if markdown else [body]
    return lines


def _gcp(gcp: dict[str, Any], markdown: bool) -> list[str]:
    lines = (
        ["Predefined roles on the project, and what needs each:", ""]
        if markdown
        else ["Predefined roles on the project, and what needs each:"]
    )
    for role, needs in gcp["roles"].items():
        lines.append(f"- {role}: {', '.join(needs)}")
    if gcp["noPermission"]:
        lines.append(
            "- No permission needed: "
            + "; ".join(f"{t} ({why})" for t, why in gcp["noPermission"].items())
            + "."
        )
    lines += ["", "Grant them:"]
    lines += ["", "```sh", *gcp["bindings"], "```"] if markdown else gcp["bindings"]
    return lines
