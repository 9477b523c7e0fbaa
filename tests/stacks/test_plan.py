"""The `stackyard plan` contract (DESIGN.md): JSON fields, masking, ids, exit codes, one program."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pulumi
import pytest

from stacks import cli
from stacks.errors import ConfigError
from stacks.mocks import SECRET_MASK, RecordingMonitor
from stacks.plan import render
from stacks.stackfile import SECURE_PLACEHOLDER, ConfigSource
from tests.conftest import MAIN, ROOT, plan_json, plan_of, run_cli, stack_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RESOURCE_FIELDS = {
    "urn",
    "type",
    "name",
    "parent",
    "custom",
    "id",
    "protect",
    "retainOnDelete",
    "dependencies",
    "inputs",
}
SECRET_VALUE = "s3cr3t-value-that-must-never-print-7f2c"


@pytest.fixture(scope="module")
def prod_document() -> dict:
    return plan_json("prod", "--secret", f"secrets.SECRET_KEY={SECRET_VALUE}")


def test_prod_plan_document_has_the_contract_fields(prod_document: dict) -> None:
    assert set(prod_document) == {
        "project",
        "stack",
        "cloud",
        "environment",
        "resources",
        "outputs",
        "notes",
        "standIns",
    }
    assert (prod_document["project"], prod_document["stack"]) == ("stackyard", "prod")
    assert (prod_document["cloud"], prod_document["environment"]) == ("aws", "prod")
    assert len(prod_document["resources"]) >= 15
    for resource in prod_document["resources"]:
        assert set(resource) - {"aliases"} == RESOURCE_FIELDS  # `aliases` only where a resource has any
        assert resource.get("aliases", ["urn:pulumi:"]) and all(
            alias.startswith("urn:pulumi:prod::stackyard::") for alias in resource.get("aliases", [])
        )
        assert isinstance(resource["protect"], bool) and isinstance(resource["retainOnDelete"], bool)
        assert resource["urn"].startswith("urn:pulumi:prod::stackyard::")
        assert resource["urn"].endswith(f"::{resource['name']}")
        assert isinstance(resource["dependencies"], list)
    assert all(isinstance(note, dict) and set(note) == {"topic", "text"} for note in prod_document["notes"])


def test_aliased_resources_carry_the_urns_they_were_known_by(prod_document: dict) -> None:
    """The bucket moved from the provider's BucketV2 type to Bucket keeps its state through an alias; the
    plan says so (and `stackyard diff` reads it to tell a rename from a replacement)."""
    by_urn = {r["urn"]: r for r in prod_document["resources"]}
    bucket = by_urn[
        "urn:pulumi:prod::stackyard::stackyard-aws:index:Bucket$aws:s3/bucket:Bucket::shopfront-uploads"
    ]
    assert bucket["aliases"] == [
        "urn:pulumi:prod::stackyard::stackyard-aws:index:Bucket$aws:s3/bucketV2:BucketV2::shopfront-uploads"
    ]


def test_parents_are_recorded_and_form_a_tree(prod_document: dict) -> None:
    urns = {r["urn"] for r in prod_document["resources"]}
    roots = [r for r in prod_document["resources"] if r["parent"] is None]
    assert [r["type"] for r in roots] == ["pulumi:pulumi:Stack"]
    assert all(r["parent"] in urns for r in prod_document["resources"] if r["parent"] is not None)
    vpc = next(r for r in prod_document["resources"] if r["type"] == "aws:ec2/vpc:Vpc")
    component = next(r for r in prod_document["resources"] if r["urn"] == vpc["parent"])
    assert component["type"] == "stackyard-aws:index:Vpc"
    assert vpc["urn"] == "urn:pulumi:prod::stackyard::stackyard-aws:index:Vpc$aws:ec2/vpc:Vpc::shopfront"


def test_dependencies_list_what_a_resource_waits_for(prod_document: dict) -> None:
    """`depends_on` plus the resources whose outputs flow into the inputs, a component standing for its
    children; sorted URNs."""
    by_name = {(r["type"], r["name"]): r for r in prod_document["resources"]}
    subnet = by_name[("aws:ec2/subnet:Subnet", "shopfront-private-us-east-1a")]
    vpc = by_name[("aws:ec2/vpc:Vpc", "shopfront")]
    assert subnet["dependencies"] == [vpc["urn"]]  # vpc_id=vpc.id
    assert vpc["dependencies"] == []
    service = by_name[("aws:ecs/service:Service", "shopfront-api-service")]
    rule = by_name[("aws:lb/listenerRule:ListenerRule", "shopfront-api-rule")]
    assert rule["urn"] in service["dependencies"]  # depends_on
    for resource in prod_document["resources"]:
        assert resource["dependencies"] == sorted(set(resource["dependencies"]))


def test_components_have_no_id_and_resources_unique_ids(prod_document: dict) -> None:
    components = [r for r in prod_document["resources"] if not r["custom"]]
    assert components and all(r["id"] is None for r in components)
    # Unique per resource type, as in the cloud: an ElastiCache group and its subnet group may share a name.
    ids = [(r["type"], r["id"]) for r in prod_document["resources"] if r["custom"]]
    assert all(i for _, i in ids) and len(ids) == len(set(ids))


def test_mock_ids_are_stable_between_runs(prod_document: dict) -> None:
    again = plan_of("Pulumi.prod.yaml").document()
    assert {r["urn"]: r["id"] for r in again["resources"]} == {
        r["urn"]: r["id"] for r in prod_document["resources"]
    }


def test_mock_ids_and_arns_look_like_aws(prod_document: dict) -> None:
    by_type = {r["type"]: r for r in prod_document["resources"]}
    assert re.fullmatch(r"vpc-0[0-9a-f]{16}", by_type["aws:ec2/vpc:Vpc"]["id"])
    assert re.fullmatch(r"subnet-0[0-9a-f]{16}", by_type["aws:ec2/subnet:Subnet"]["id"])
    assert re.fullmatch(r"nat-0[0-9a-f]{16}", by_type["aws:ec2/natGateway:NatGateway"]["id"])
    secret_arn = prod_document["outputs"]["secretArns"]["SECRET_KEY"]
    assert re.fullmatch(
        r"arn:aws:secretsmanager:us-east-1:123456789012:secret:shopfront-prod/SECRET_KEY-\S+", secret_arn
    )
    version = by_type["aws:secretsmanager/secretVersion:SecretVersion"]
    assert version["inputs"]["secretId"] == secret_arn


def test_secret_values_are_masked_everywhere(prod_document: dict) -> None:
    text = json.dumps(prod_document)
    assert SECRET_VALUE not in text and SECURE_PLACEHOLDER not in text
    version = next(r for r in prod_document["resources"] if r["type"].endswith("SecretVersion"))
    assert version["inputs"]["secretString"] == SECRET_MASK


def test_secret_outputs_are_masked(tmp_path: Path) -> None:
    program = tmp_path / "__main__.py"
    program.write_text(
        "import pulumi\n"
        "pulumi.export('token', pulumi.Output.secret('hidden-token-9'))\n"
        "pulumi.export('nested', {'inner': pulumi.Output.secret('hidden-token-10')})\n"
        "pulumi.export('plain', 'visible')\n"
    )
    outputs = render(ConfigSource(stack="t"), program).document()["outputs"]
    assert outputs == {"token": SECRET_MASK, "nested": SECRET_MASK, "plain": "visible"}


def test_protect_and_retain_on_delete_are_recorded(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def create():
        import pulumi_aws as aws

        aws.ec2.Vpc(
            "kept", cidr_block="10.0.0.0/16", opts=pulumi.ResourceOptions(protect=True, retain_on_delete=True)
        )
        aws.ec2.Vpc("plain", cidr_block="10.1.0.0/16")

    create()
    kept = monitor.registrations["urn:pulumi:test::stackyard::aws:ec2/vpc:Vpc::kept"]
    plain = monitor.registrations["urn:pulumi:test::stackyard::aws:ec2/vpc:Vpc::plain"]
    assert (kept.protect, kept.retain_on_delete) == (True, True)
    assert (plain.protect, plain.retain_on_delete) == (False, False)


def test_text_mode_prints_a_tree_and_a_summary_and_no_secret() -> None:
    result = run_cli("plan", "staging", "--secret", f"secrets.SECRET_KEY={SECRET_VALUE}", process=True)
    assert result.returncode == 0, result.stderr
    assert SECRET_VALUE not in result.stdout + result.stderr
    assert "secretString=[secret]" in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].startswith("stackyard plan · project stackyard · stack staging · cloud aws")
    assert re.search(r"^[├└]─ stackyard-aws:index:Vpc  shopfront$", result.stdout, flags=re.M)
    assert re.search(
        r"aws:ec2/subnet:Subnet  shopfront-private-us-east-1a  cidrBlock=10\.10\.0\.0/20", result.stdout
    )
    assert re.fullmatch(r"\d+ resources: \d+ cloud resources in \d+ components; .*", lines[-1])


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    """`stackyard plan … --json` in this process (the same `main` the console script calls)."""
    assert cli.main(["plan", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_set_overrides_a_value(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    document = cli_json(
        capsys, "staging", "--set", "app.network.nat=per-zone", "--set", "app.network.zones=3"
    )
    assert sum(r["type"] == "aws:ec2/natGateway:NatGateway" for r in document["resources"]) == 3


def test_config_file_plans_any_stack_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    stack_file = tmp_path / "Pulumi.elsewhere.yaml"
    stack_file.write_text((ROOT / "Pulumi.staging.yaml").read_text())
    assert cli_json(capsys, "--config-file", str(stack_file))["stack"] == "elsewhere"
    assert cli_json(capsys, "renamed", "--config-file", str(stack_file))["stack"] == "renamed"


@pytest.mark.parametrize(
    ("stack_file", "expected"),
    [
        ("Pulumi.misspelled.yaml", "stackyard:app.netwrok: unknown key; did you mean 'network'?"),
        ("Pulumi.invalid-value.yaml", "stackyard:app.services.api.cpu: 3 is not a Fargate size"),
    ],
)
def test_invalid_stack_files_exit_2_with_the_key_path(stack_file: str, expected: str) -> None:
    for extra in ([], ["--json"]):
        result = run_cli("plan", "--config-file", str(FIXTURES / stack_file), *extra)
        assert result.returncode == 2
        assert expected in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stdout == ""


def test_unknown_stack_and_bad_override_exit_2() -> None:
    missing = run_cli("plan", "qa", process=True)
    assert (
        missing.returncode == 2
        and "no stack file Pulumi.qa.yaml; stacks here: prod, staging" in missing.stderr
    )
    bad = run_cli("plan", "staging", "--set", "no-equals-sign")
    assert bad.returncode == 2 and "expected KEY=VALUE" in bad.stderr


def test_invalid_config_creates_nothing_and_is_a_clean_run_error(monitor: RecordingMonitor) -> None:
    """Under `pulumi up` the language host prints a RunError's message without a traceback; the program
    must fail that way, before registering any resource."""
    pulumi.runtime.set_all_config(stack_source(FIXTURES / "Pulumi.misspelled.yaml").as_pulumi_config(), [])
    program = pulumi.runtime.test(lambda: __import__("runpy").run_path(str(MAIN), run_name="__main__"))
    with pytest.raises(ConfigError) as caught:
        program()
    assert isinstance(caught.value, pulumi.RunError)
    assert [r.type for r in monitor.registrations.values()] == ["pulumi:pulumi:Stack"]


def test_an_aws_stack_switched_to_gcp_names_what_gcp_cannot_honour() -> None:
    """The root staging file asks for ElastiCache's Redis 7.1; on gcp that is one clean config error."""
    result = run_cli(
        "plan",
        "staging",
        "--set",
        "stackyard:cloud=gcp",
        "--set",
        "gcp:project=p",
        "--set",
        "gcp:region=us-central1",
    )
    assert result.returncode == 2
    assert "stackyard:app.cache.version: 7.1 is not a Memorystore for Redis version" in result.stderr
    assert "Traceback" not in result.stderr
