"""`stackyard permissions` (issue #16): the permissions of the identity that runs `pulumi up`, from the plan.

Every resource type of every stack file's plan and every provider function the components call has a row
in stacks/permissions/aws.json or gcp.json (a new component cannot forget one); the AWS policy documents
are valid IAM JSON within the managed-policy size, with well-formed action names; the ARNs the policy is
scoped to match every physical name the plan gives; and the example in docs/guides/deployer-permissions.md
is what the command prints. After an intended change of the output, regenerate the example:

    STACKYARD_UPDATE_DEPLOYER_PERMISSIONS=1 uv run pytest tests/stacks/test_permissions.py
"""

from __future__ import annotations

import copy
import fnmatch
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stacks.permissions import aws as aws_permissions
from stacks.permissions import deployer_permissions, recording, table, to_text
from stacks.permissions.tables import ACTION, _check, covered
from stacks.permissions_cli import migrating
from stacks.plan import Plan, render
from tests.conftest import MAIN, ROOT, plan_of, run_cli, stack_source

STACK_FILES = sorted(
    [p.relative_to(ROOT) for p in ROOT.glob("Pulumi.*.yaml")]
    + [p.relative_to(ROOT) for p in (ROOT / "blueprints").glob("*/Pulumi.*.yaml")]
)
GUIDE = ROOT / "docs" / "guides" / "deployer-permissions.md"
REGENERATE = "STACKYARD_UPDATE_DEPLOYER_PERMISSIONS=1 uv run pytest tests/stacks/test_permissions.py"
EXAMPLES = {"aws": "blueprints/propflow/Pulumi.prod.yaml", "gcp": "blueprints/karigar/Pulumi.gcp-prod.yaml"}
EXAMPLE_MEMBER = "serviceAccount:stackyard-deploy-prod@karigar-prod.iam.gserviceaccount.com"
CONDITION_KEYS = {"iam:PassedToService", "iam:AWSServiceName"}
MIGRATING_ECS = "blueprints/propflow/Pulumi.staging.yaml"  # services.api.migrate, on ECS


def result_of(stack_file: str | Path, invokes: tuple[str, ...] = ()) -> dict[str, Any]:
    return deployer_permissions(plan_of(stack_file).document(), invokes)


def aws_files() -> list[Path]:
    return [f for f in STACK_FILES if plan_of(f).cloud == "aws"]


# -- coverage ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_every_resource_type_of_every_stack_file_has_a_permission_row(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    missing = sorted(
        {r.type for r in plan.resources if r.custom and not covered(str(plan.cloud), r.type)}
        - {"command:local:Command"}
    )
    assert not missing, f"{stack_file}: add rows to stacks/permissions/{plan.cloud}.json for {missing}"
    assert result_of(stack_file)["uncovered"] == []


def test_a_type_without_a_row_is_reported_by_name() -> None:
    document = copy.deepcopy(plan_of("Pulumi.staging.yaml").document())
    document["resources"].append({"type": "aws:new/thing:Thing", "name": "x", "custom": True, "inputs": {}})
    assert deployer_permissions(document, ["aws:new/getThing:getThing"])["uncovered"] == [
        "aws:new/getThing:getThing",
        "aws:new/thing:Thing",
    ]


def _tokens_called_in_source() -> set[str]:
    """Every `aws.[module.]get_x[_output](` and `gcp.module.get_x(` in components/ and stacks/, as the
    Pulumi function token the SDK invokes (`aws:route53/getZone:getZone`)."""
    call = re.compile(r"\b(aws|gcp)\.(?:([a-z0-9_]+)\.)?get_([a-z0-9_]+?)(?:_output)?\(")
    tokens = set()
    for folder in ("components", "stacks"):
        for path in (ROOT / folder).rglob("*.py"):
            for package, module, name in call.findall(path.read_text(encoding="utf-8")):
                function = "get" + "".join(part.title() for part in name.split("_"))
                tokens.add(f"{package}:{module or 'index'}/{function}:{function}")
    return tokens


def test_every_function_the_components_call_has_a_permission_row() -> None:
    tokens = _tokens_called_in_source()
    assert "aws:route53/getZone:getZone" in tokens and "gcp:organizations/getProject:getProject" in tokens
    missing = sorted(t for t in tokens if not covered(t.split(":")[0], t))
    assert not missing, f"add `functions` rows to stacks/permissions/<cloud>.json for {missing}"


def test_the_invokes_of_a_render_are_recorded_and_granted() -> None:
    source = stack_source(str(ROOT / "Pulumi.prod.yaml"), (), ())
    with recording() as invokes:
        plan = render(source, MAIN)
    assert {"aws:route53/getZone:getZone", "aws:index/getAvailabilityZones:getAvailabilityZones"} <= invokes
    result = deployer_permissions(plan.document(), invokes)
    actions = _actions(result)
    assert {"route53:ListHostedZones", "route53:GetHostedZone", "ec2:DescribeAvailabilityZones"} <= actions
    assert "aws:index/getCallerIdentity:getCallerIdentity" in result["aws"]["noPermission"]
    assert "route53:ListHostedZones" not in _actions(deployer_permissions(plan.document(), ()))


# -- the AWS policy ------------------------------------------------------------------------------------------


def _actions(result: dict[str, Any]) -> set[str]:
    return {a for d in result["aws"]["documents"] for s in d["Statement"] for a in s["Action"]}


@pytest.mark.parametrize("stack_file", [f for f in STACK_FILES if "gcp" not in f.name], ids=str)
def test_the_policy_documents_are_valid_iam_json_within_the_managed_policy_size(stack_file: Path) -> None:
    if plan_of(stack_file).cloud != "aws":
        pytest.skip("not an AWS stack")
    documents = result_of(stack_file)["aws"]["documents"]
    assert documents
    sids = []
    for document in documents:
        assert json.loads(json.dumps(document)) == document
        assert set(document) == {"Version", "Statement"} and document["Version"] == "2012-10-17"
        # IAM counts the characters of the document without whitespace against the 6,144 of a managed policy
        assert len(json.dumps(document, separators=(",", ":"))) <= 6144
        for statement in document["Statement"]:
            assert set(statement) <= {"Sid", "Effect", "Action", "Resource", "Condition"}
            assert re.fullmatch(r"[A-Za-z0-9]+", statement["Sid"]) and statement["Effect"] == "Allow"
            assert statement["Action"] and all(ACTION.match(a) for a in statement["Action"]), statement
            resources = statement["Resource"]
            assert resources == "*" or (
                isinstance(resources, list) and all(r.startswith("arn:aws:") for r in resources)
            ), statement
            for condition in statement.get("Condition", {}).values():
                assert set(condition) <= CONDITION_KEYS and all(condition.values())
            sids.append(statement["Sid"])
    assert len(sids) == len(set(sids)), "Sids repeat"


# Action names checked against sources outside this project (a sample; the tricky ones).
CHECKED_ACTIONS = [
    # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
    ("aws:rds/instance:Instance", "rds:AddTagsToResource"),
    # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticache.html
    ("aws:elasticache/replicationGroup:ReplicationGroup", "elasticache:AddTagsToResource"),
    ("aws:elasticache/replicationGroup:ReplicationGroup", "elasticache:CreateReplicationGroup"),
    # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridgescheduler.html
    ("aws:scheduler/schedule:Schedule", "scheduler:CreateSchedule"),
    # https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    ("aws:cloudwatch/logGroup:LogGroup", "logs:AssociateKmsKey"),
    # WAF Developer Guide, "Sending web ACL traffic logs to a CloudWatch Logs log group"
    ("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "logs:PutResourcePolicy"),
    ("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "wafv2:PutLoggingConfiguration"),
    ("aws:wafv2/webAcl:WebAcl", "wafv2:CreateWebACL"),
    # CloudWatch Logs User Guide, "Logging that requires additional permissions [V2]"
    ("aws:cloudwatch/logDelivery:LogDelivery", "logs:CreateDelivery"),
    ("aws:cloudwatch/logDeliverySource:LogDeliverySource", "logs:PutDeliverySource"),
    # CloudFront Developer Guide, "CloudFront API permissions": CreateDistributionWithTags
    ("aws:cloudfront/distribution:Distribution", "cloudfront:TagResource"),
    # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
    ("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration", "s3:PutBucketCORS"),
    ("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"),
]


@pytest.mark.parametrize(("type_", "action"), CHECKED_ACTIONS, ids=lambda v: str(v))
def test_checked_action_names_are_granted_where_the_type_is_planned(type_: str, action: str) -> None:
    stack_file = next((f for f in aws_files() if plan_of(f).of_type(type_)), None)
    assert stack_file is not None, f"no stack file plans {type_}"
    assert action in _actions(result_of(stack_file)), f"{stack_file}: {action} for {type_}"


def _physical_arn(template: str, name: str) -> str:
    """The ARN the cloud gives a resource of that name (Secrets Manager appends `-` and 6 characters)."""
    arn = template.replace("{name}*", name + "-AbCdEf") if "secretsmanager" in template else template
    return (
        arn.replace("{name}", name)
        .replace("*:*", "us-east-1:123456789012")
        .replace("::*:", "::123456789012:")
    )


@pytest.mark.parametrize("stack_file", [f for f in STACK_FILES if "gcp" not in f.name], ids=str)
def test_scoped_resources_match_every_name_the_plan_gives(stack_file: Path) -> None:
    plan: Plan = plan_of(stack_file)
    if plan.cloud != "aws":
        pytest.skip("not an AWS stack")
    result = deployer_permissions(plan.document(), ())
    statements = [s for d in result["aws"]["documents"] for s in d["Statement"]]
    rows = table("aws")["resources"]
    checked = 0
    for type_, row in rows.items():
        scope = row.get("scope")
        if scope is None or not plan.of_type(type_):
            continue
        granted = [s["Resource"] for s in statements if set(row["actions"]) & set(s["Action"])]
        for resource in plan.of_type(scope["of"]):
            # the physical name as the mocks (like the provider) give it: the name, or prefix + suffix
            name = next(
                resource.state[k]
                for k in scope["names"]
                if not k.endswith("Prefix") and resource.state.get(k)
            )
            arn = _physical_arn(scope["arn"], name)
            assert all(r == "*" or any(fnmatch.fnmatchcase(arn, p) for p in r) for r in granted), (
                f"{stack_file}: {type_} does not grant {arn}"
            )
            checked += 1
    assert checked
    roles = [s for s in statements if s["Action"] == ["iam:PassRole"]]
    assert len(roles) == 1
    for role in plan.of_type("aws:iam/role:Role"):
        assert any(
            fnmatch.fnmatchcase(role.state["arn"].replace("123456789012", "1"), p)
            for p in roles[0]["Resource"]
        )
        trust = json.loads(role.inputs["assumeRolePolicy"])
        for statement in trust["Statement"]:
            services = statement["Principal"]["Service"]
            services = [services] if isinstance(services, str) else services
            assert set(services) <= set(roles[0]["Condition"]["StringEquals"]["iam:PassedToService"])


def test_only_the_stacks_own_names_are_scoped_not_other_stacks() -> None:
    staging = result_of("Pulumi.staging.yaml")["aws"]["scoped"]
    prod = result_of("Pulumi.prod.yaml")["aws"]["scoped"]
    assert set(staging) == {"ecr", "iam", "s3", "secretsmanager"}
    assert "arn:aws:s3:::shopfront-prod-*" in prod["s3"]
    assert not any(fnmatch.fnmatchcase("arn:aws:s3:::shopfront-prod-uploads-1", p) for p in staging["s3"])


def test_the_migration_command_needs_run_task_and_an_unknown_runtime_is_uncovered() -> None:
    # ECS runs the migration once a real image is pushed (tests/stacks/test_migrations.py)
    pushed = plan_of(MIGRATING_ECS, ("app.services.api.image_tag=v1",)).document()
    assert [r for r in pushed["resources"] if r["type"] == "command:local:Command"]
    result = deployer_permissions(pushed, ())
    assert {"ecs:RunTask", "ecs:DescribeTasks", "ecs:StopTask"} <= _actions(result)
    assert "ecs-tasks.amazonaws.com" in result["aws"]["passedToServices"]
    odd = copy.deepcopy(pushed)
    for resource in odd["resources"]:
        if resource["type"] == "command:local:Command":
            resource["inputs"]["environment"]["MIGRATE_RUNTIME"] = "lambda"
    assert any("lambda" in u for u in deployer_permissions(odd, ())["uncovered"])


def test_a_migration_that_waits_for_the_first_push_is_granted_already() -> None:
    bootstrap = plan_of(MIGRATING_ECS).document()
    assert not [r for r in bootstrap["resources"] if r["type"] == "command:local:Command"]
    assert "ecs:RunTask" not in _actions(deployer_permissions(bootstrap, ()))
    assert migrating(stack_source(str(ROOT / MIGRATING_ECS), (), ()).values) == ["api"]
    assert "ecs:RunTask" in _actions(deployer_permissions(bootstrap, (), migrating=["api"]))
    gcp = plan_of("blueprints/chowkar/Pulumi.gcp-prod.yaml").document()
    assert "roles/run.developer" in deployer_permissions(gcp, (), migrating=["api"])["gcp"]["roles"]


def test_a_large_statement_is_split_across_documents_within_the_limit() -> None:
    statement = {
        "Sid": "Ec2",
        "Effect": "Allow",
        "Action": [f"ec2:Describe{i:04d}" for i in range(600)],
        "Resource": "*",
    }
    documents = aws_permissions.split([statement])
    assert len(documents) > 1
    assert all(aws_permissions.size(d) <= aws_permissions.MANAGED_POLICY_LIMIT for d in documents)
    assert sorted(a for d in documents for s in d["Statement"] for a in s["Action"]) == statement["Action"]


# -- GCP and Kubernetes --------------------------------------------------------------------------------------


def test_gcp_roles_name_what_needs_them_and_grant_through_gcloud() -> None:
    plan = plan_of("blueprints/karigar/Pulumi.gcp-prod.yaml").document()
    result = deployer_permissions(plan, (), "karigar-prod", EXAMPLE_MEMBER)
    roles = result["gcp"]["roles"]
    assert "gcp:sql/databaseInstance:DatabaseInstance" in roles["roles/cloudsql.admin"]
    assert "gcp:cloudrunv2/service:Service" in roles["roles/run.admin"]
    assert "roles/compute.securityAdmin" in roles  # firewall rules are outside compute.networkAdmin
    assert result["gcp"]["bindings"][0] == (
        f"gcloud projects add-iam-policy-binding karigar-prod --member={EXAMPLE_MEMBER} "
        f"--role={next(iter(roles))} --condition=None"
    )
    migrating = copy.deepcopy(plan)
    migrating["resources"].append(
        {
            "type": "command:local:Command",
            "name": "m",
            "custom": True,
            "inputs": {"environment": {"MIGRATE_RUNTIME": "cloud-run"}},
        }
    )
    assert "migration m" in deployer_permissions(migrating, ())["gcp"]["roles"]["roles/run.developer"]


def test_kubernetes_stacks_get_the_cluster_admin_note_and_others_none() -> None:
    k8s = result_of("blueprints/karigar/Pulumi.k8s-prod.yaml")
    assert k8s["kubernetes"] and "AmazonEKSClusterAdminPolicy" in k8s["kubernetes"]
    assert "eks:CreateCluster" in _actions(k8s) and "eks.amazonaws.com" in k8s["aws"]["passedToServices"]
    assert result_of("Pulumi.prod.yaml")["kubernetes"] is None


# -- the tables and the command ------------------------------------------------------------------------------


def test_a_malformed_table_row_is_refused_naming_it() -> None:
    good = copy.deepcopy(table("aws"))
    good["resources"]["aws:ec2/vpc:Vpc"]["actions"].append("ec2 CreateVpc")
    with pytest.raises(ValueError, match=r"resources\.aws:ec2/vpc:Vpc: actions must be service:Action"):
        _check("aws", good)
    gcp = copy.deepcopy(table("gcp"))
    gcp["resources"]["gcp:redis/instance:Instance"]["roles"] = ["redis.admin"]
    with pytest.raises(ValueError, match=r"gcp:redis/instance:Instance: roles must be roles/"):
        _check("gcp", gcp)


def test_the_command_prints_json_writes_policies_and_refuses_bad_input(tmp_path: Path) -> None:
    done = run_cli("permissions", "staging", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["aws"]["documents"]
    written = run_cli("permissions", "staging", "--out", str(tmp_path / "policies"))
    assert written.returncode == 0, written.stderr
    files = sorted((tmp_path / "policies").glob("deployer-policy-*.json"))
    assert files and all(json.loads(f.read_text())["Version"] == "2012-10-17" for f in files)
    missing = run_cli("permissions", "nosuchstack")
    assert missing.returncode == 2 and "no stack file" in missing.stderr


def test_the_command_fails_naming_a_type_without_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    from stacks.permissions import tables

    original = tables.row

    def without_vpc(cloud: str, token: str) -> dict[str, Any] | None:
        return None if token == "aws:ec2/vpc:Vpc" else original(cloud, token)

    monkeypatch.setattr(tables, "row", without_vpc)  # where `needs` looks rows up
    done = run_cli("permissions", "staging")
    assert done.returncode == 1
    assert "aws:ec2/vpc:Vpc has no row in stacks/permissions/aws.json" in done.stderr


def test_plan_does_not_import_the_permissions_code() -> None:
    code = (
        "import sys; from stacks.cli import main; main(['plan', 'staging']); "
        "sys.exit(1 if any(m.split('.')[:2] == ['stacks', 'permissions'] for m in sys.modules) else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


# -- the guide's example -------------------------------------------------------------------------------------


def _section(cloud: str) -> re.Pattern[str]:
    return re.compile(
        rf"^<!-- {cloud} example: generated by tests/stacks/test_permissions\.py; do not edit -->\n"
        r"(?P<body>.*?)"
        rf"^<!-- end of {cloud} example -->$",
        flags=re.S | re.M,
    )


@pytest.mark.parametrize("cloud", sorted(EXAMPLES))
def test_the_guides_example_is_what_the_command_prints(cloud: str) -> None:
    source = stack_source(str(ROOT / EXAMPLES[cloud]), (), ())
    with recording() as invokes:
        plan = render(source, MAIN)
    project = source.values.get("gcp:project")  # as the command reads it
    result = deployer_permissions(
        plan.document(), invokes, str(project) if project else None, EXAMPLE_MEMBER, migrating(source.values)
    )
    expected = f"Generated from `{EXAMPLES[cloud]}`:\n\n" + to_text(result, markdown=True)
    text = GUIDE.read_text(encoding="utf-8")
    found = _section(cloud).search(text)
    assert found, f"{GUIDE.relative_to(ROOT)} has no generated {cloud} example section"
    if os.environ.get("STACKYARD_UPDATE_DEPLOYER_PERMISSIONS"):
        GUIDE.write_text(text[: found.start("body")] + expected + text[found.end("body") :], encoding="utf-8")
        return
    assert found.group("body") == expected, f"{GUIDE.relative_to(ROOT)} is stale; run: {REGENERATE}"
