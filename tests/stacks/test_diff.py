"""`stackyard diff`: property-level changes, replacements, aliases, secrets, exit codes and formats.

Plans come from `tests.conftest.plan_of` (each stack file and override set rendered once per session); the
command runs in-process on saved plan files (`--before` / `--after`), except where the rendering path
itself is under test.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from stacks import cli
from stacks.diff import compare, diff_documents
from stacks.diff_render import GITHUB_COMMENT_LIMIT, RED, render_markdown, render_text
from stacks.diff_sources import render_document
from stacks.replacement import MISSING
from stacks.stackfile import ConfigSource
from tests.conftest import ROOT, plan_of

PROD = "Pulumi.prod.yaml"
ENV_VAR = "app.services.api.environment.FEATURE_X=enabled"
NEW_NAMES = "app.name_suffix=blue"  # a new physical base: the database identifier changes
RDS = "aws:rds/instance:Instance"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE = "aws:ecs/service:Service"


def document(*sets: str, secrets: tuple[str, ...] = ()) -> dict[str, Any]:
    return plan_of(PROD, sets=tuple(sets), secrets=secrets).document()


def saved(tmp_path: Path, name: str, doc: dict[str, Any]) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc))
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def resource(doc: dict[str, Any], type_: str, name: str) -> dict[str, Any]:
    (found,) = [r for r in doc["resources"] if r["type"] == type_ and r["name"] == name]
    return found


# -- what changes --------------------------------------------------------------------------------------------


def test_an_added_environment_variable_is_exactly_that_one_property_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    diff = diff_documents(document(), document(ENV_VAR))
    (changed,) = diff.resources
    assert (changed.type, changed.name) == (TASK, "shopfront-api-task")
    (change,) = changed.changes
    assert change.path == "containerDefinitions{json}[name=app].environment[name=FEATURE_X]"
    assert (change.before, change.after) == (MISSING, {"name": "FEATURE_X", "value": "enabled"})
    # A task definition takes a new revision for any change; nothing stateful is touched. The service
    # that reads its ARN updates at `pulumi up`, which the plan's mock ARNs cannot show.
    assert changed.action == "replace" and not diff.dangerous and not diff.outputs
    assert [(d.type, d.name) for d in diff.dependents] == [
        ("aws:ecs/service:Service", "shopfront-api-service")
    ]

    code, out, _ = run(
        capsys,
        "--before",
        saved(tmp_path, "a", document()),
        "--after",
        saved(tmp_path, "b", document(ENV_VAR)),
    )
    assert code == 0
    assert "+ containerDefinitions{json}[name=app].environment[name=FEATURE_X]" in out
    assert "0 to create, 0 to update, 1 to replace, 0 to delete" in out


def test_a_new_database_identifier_is_a_stateful_replacement_and_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    diff = diff_documents(document(), document(NEW_NAMES))
    (database,) = [r for r in diff.dangerous if r.type == RDS and r.name == "shopfront"]
    assert database.action == "replace" and database.kind == "database" and database.protect
    assert "identifier forces replacement" in database.reasons
    (identifier,) = [c for c in database.changes if c.path == "identifier"]
    assert identifier.forces_replacement
    assert (identifier.before, identifier.after) == ("shopfront-prod-db", "shopfront-blue-db")
    assert RED in render_text(diff, color=True).split("Resources:")[0]

    before, after = saved(tmp_path, "a", document()), saved(tmp_path, "b", document(NEW_NAMES))
    code, out, err = run(capsys, "--before", before, "--after", after)
    assert code == 3
    assert out.index("Stateful resources that would be replaced or deleted") < out.index("Resources:")
    assert "\033[" not in out  # red only on a terminal
    assert "exit 3" in err
    code, _, err = run(capsys, "--before", before, "--after", after, "--allow-replace")
    assert code == 0 and "allowed by --allow-replace" in err


def test_a_changed_engine_and_a_changed_subnet_cidr_are_stateful_replacements() -> None:
    before = document()
    after = copy.deepcopy(before)
    resource(after, RDS, "shopfront")["inputs"]["engine"] = "mysql"
    subnet = next(r for r in after["resources"] if r["type"] == "aws:ec2/subnet:Subnet")
    subnet["inputs"]["cidrBlock"] = "10.20.250.0/24"
    diff = diff_documents(before, after)
    assert {(r.type, r.name) for r in diff.dangerous} == {
        (RDS, "shopfront"),
        (subnet["type"], subnet["name"]),
    }
    assert all(r.action == "replace" for r in diff.dangerous)
    assert {r.kind for r in diff.dangerous} == {"database", "network"}


def test_an_update_that_forces_nothing_is_an_update() -> None:
    before = document()
    after = copy.deepcopy(before)
    resource(after, RDS, "shopfront")["inputs"]["instanceClass"] = "db.r7g.large"
    (changed,) = diff_documents(before, after).resources
    assert changed.action == "update" and not changed.dangerous and not changed.reasons


def test_identical_plans_have_no_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = document()
    diff = diff_documents(doc, copy.deepcopy(doc))
    assert not diff.has_changes and diff.unchanged == len(doc["resources"]) - 1  # less the root stack
    path = saved(tmp_path, "a", doc)
    code, out, _ = run(capsys, "--before", path, "--after", path)
    assert code == 0 and "No changes" in out
    code, out, _ = run(capsys, "--before", path, "--after", path, "--markdown")
    assert code == 0 and "no changes" in out
    code, out, _ = run(capsys, "--before", path, "--after", path, "--json")
    assert code == 0 and json.loads(out)["resources"] == []


def test_added_and_removed_stateful_resources() -> None:
    doc = document()
    bucket = resource(doc, "aws:s3/bucket:Bucket", "shopfront-uploads")
    without = copy.deepcopy(doc)
    without["resources"] = [r for r in doc["resources"] if r["urn"] != bucket["urn"]]
    removed = diff_documents(doc, without)
    (gone,) = removed.resources
    assert gone.action == "delete" and gone.dangerous
    added = diff_documents(without, doc)
    (new,) = added.resources
    assert new.action == "create" and not new.dangerous and not added.dangerous


# -- URNs and aliases ----------------------------------------------------------------------------------------


PROGRAM = """
import os
import pulumi
import pulumi_aws as aws

class Thing(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("stackyard-aws:index:Thing", name, None, opts)
        aws.rds.Instance(
            f"{name}-db",
            identifier="thing-db",
            engine="postgres",
            instance_class="db.t4g.micro",
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({})

alias = os.environ.get("THING_ALIAS")
aliases = [pulumi.Alias(name=alias)] if alias else []
Thing(os.environ["THING_NAME"], opts=pulumi.ResourceOptions(aliases=aliases))
"""


def render_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, alias: str = ""
) -> dict[str, Any]:
    program = tmp_path / "__main__.py"
    program.write_text(PROGRAM)
    monkeypatch.setenv("THING_NAME", name)
    monkeypatch.setenv("THING_ALIAS", alias)
    return render_document(ConfigSource(stack="test", values={"aws:region": "us-east-1"}), program)


def test_a_rename_kept_by_an_alias_is_not_a_replacement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = render_program(tmp_path, monkeypatch, "shop")
    renamed = render_program(tmp_path, monkeypatch, "store", alias="shop")
    component = resource(renamed, "stackyard-aws:index:Thing", "store")
    assert component["aliases"] == ["urn:pulumi:test::stackyard::stackyard-aws:index:Thing::shop"]

    diff = diff_documents(before, renamed)
    assert not diff.dangerous and diff.count("create") == diff.count("delete") == diff.count("replace") == 0
    database = next(r for r in diff.resources if r.type == RDS)
    # The child inherits the parent's alias, its name re-prefixed: store-db answers to shop-db.
    assert database.aliased and database.old_urn and database.old_urn.endswith("::shop-db")

    unaliased = diff_documents(before, render_program(tmp_path, monkeypatch, "store"))
    (database,) = unaliased.dangerous
    assert database.action == "delete" and database.type == RDS
    assert unaliased.count("create") == 2


def test_a_resource_moved_under_another_parent_without_an_alias_is_replaced() -> None:
    doc = document()
    db = resource(doc, RDS, "shopfront")
    moved = copy.deepcopy(doc)
    target = resource(moved, RDS, "shopfront")
    target["urn"] = target["urn"].replace(
        "stackyard-aws:index:ManagedPostgres$", "stackyard-aws:index:Database$"
    )
    (found,) = diff_documents(doc, moved).resources
    assert found.action == "replace" and found.dangerous and found.old_urn == db["urn"]
    assert "the URN changed" in found.reasons[0]
    target["aliases"] = [db["urn"]]
    (found,) = diff_documents(doc, moved).resources
    assert found.action == "update" and found.aliased and not found.dangerous


# -- structure -----------------------------------------------------------------------------------------------


def test_json_in_strings_is_compared_structurally() -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"},
            {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"},
        ],
    }
    reordered = json.dumps({**policy, "Statement": policy["Statement"][::-1]}, indent=4, sort_keys=True)
    assert list(compare({"policy": json.dumps(policy)}, {"policy": reordered})) == []

    widened = copy.deepcopy(policy)
    widened["Statement"][0]["Action"].append("s3:ListBucket")
    (change,) = compare({"policy": json.dumps(policy)}, {"policy": json.dumps(widened)})
    assert change.path == "policy{json}.Statement[Sid=Read].Action[1]"
    assert (change.before, change.after) == (MISSING, "s3:ListBucket")


def test_lists_without_names_are_compared_as_sequences() -> None:
    (inserted,) = compare({"subnets": ["a", "b", "c"]}, {"subnets": ["a", "x", "b", "c"]})
    assert (inserted.path, inserted.after) == ("subnets[1]", "x")
    (changed,) = compare({"ports": [{"port": 80}, {"port": 443}]}, {"ports": [{"port": 80}, {"port": 8443}]})
    assert (changed.path, changed.before, changed.after) == ("ports[1].port", 443, 8443)
    assert list(compare({"flag": True}, {"flag": 1})) != []  # a bool is not a number


def test_a_changed_secret_value_never_appears(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = "old-secret-value-7f3a", "new-secret-value-9c1e"
    before = document(secrets=(f"secrets.SECRET_KEY={old}",))
    after = document(secrets=(f"secrets.SECRET_KEY={new}",))
    a, b = saved(tmp_path, "a", before), saved(tmp_path, "b", after)
    assert old not in Path(a).read_text() and new not in Path(b).read_text()
    for form in ((), ("--json",), ("--markdown",)):
        code, out, err = run(capsys, "--before", a, "--after", b, *form)
        assert code == 0 and old not in out + err and new not in out + err
    # The working-tree path: rendered here, with the value only on the command line.
    code, out, err = run(capsys, "prod", "--secret", f"secrets.SECRET_KEY={new}")
    assert code == 0 and new not in out + err
    assert "--secret secrets.SECRET_KEY=…" in out


# -- formats and arguments -----------------------------------------------------------------------------------


def test_markdown_has_the_summary_first_and_stays_under_the_limit() -> None:
    diff = diff_documents(document(), document(NEW_NAMES))
    full = render_markdown(diff, rerun="stackyard diff prod --base origin/main")
    assert len(full) <= GITHUB_COMMENT_LIMIT
    assert full.index("[!CAUTION]") < full.index("| Action | Resource |") < full.index("<details>")
    short = render_markdown(diff, max_chars=6_000, rerun="stackyard diff prod --base origin/main")
    assert len(short) <= 6_000
    assert "[!CAUTION]" in short and "Truncated to stay under GitHub's comment size limit" in short
    assert "`stackyard diff prod --base origin/main`" in short
    # Everything created: the largest a comment gets for this stack, still under the limit.
    everything = diff_documents({"resources": []}, document())
    text = render_markdown(everything)
    assert len(text) <= GITHUB_COMMENT_LIMIT and "Truncated" in text
    assert f"{everything.count('create')} to create" in text


def test_json_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, after = saved(tmp_path, "a", document()), saved(tmp_path, "b", document(NEW_NAMES))
    code, out, _ = run(capsys, "--before", before, "--after", after, "--json", "--allow-replace")
    found = json.loads(out)
    assert code == 0 and found["summary"]["dangerous"] == len(found["dangerous"]) > 0
    db = next(r for r in found["resources"] if r["type"] == RDS and r["name"] == "shopfront")
    identifier = {
        "path": "identifier",
        "kind": "update",
        "before": "shopfront-prod-db",
        "after": "shopfront-blue-db",
        "forcesReplacement": True,
    }
    assert db["dangerous"] and identifier in db["changes"]
    # A new name costs the same (stacks.cost prices the instance class and storage, not the name).
    assert db["monthlyDelta"] == 0 and found["summary"]["monthlyDelta"] == 0


def test_the_cost_hook_fills_a_column_only_when_given() -> None:
    def estimate(doc: Mapping[str, Any]) -> dict[str, float | None]:
        tasks = [r for r in doc["resources"] if r["type"] == TASK]
        containers = [c for t in tasks for c in json.loads(t["inputs"]["containerDefinitions"])]
        variables = sum(len(c["environment"]) for c in containers)
        return {r["urn"]: variables * 0.5 if r["type"] == TASK else None for r in doc["resources"]}

    plain = diff_documents(document(), document(ENV_VAR))
    assert plain.monthly_delta is None and "USD" not in render_text(plain) + render_markdown(plain)
    diff = diff_documents(document(), document(ENV_VAR), cost=estimate)
    (task,) = diff.resources
    assert task.monthly_delta == 0.5 and diff.monthly_delta == 0.5 * 3  # three task definitions
    assert "+0.50 USD/month" in render_text(diff) and "Monthly Δ" in render_markdown(diff)


def test_a_cost_that_moves_with_another_change_is_listed_on_its_own_resource() -> None:
    """An ECS service prices its task definition's size: when only the task definition changes, the
    service's cost still moves, and the diff names it rather than leaving the delta unexplained."""

    def estimate(doc: Mapping[str, Any]) -> dict[str, float | None]:
        tasks = [r for r in doc["resources"] if r["type"] == TASK]
        containers = [c for t in tasks for c in json.loads(t["inputs"]["containerDefinitions"])]
        variables = sum(len(c["environment"]) for c in containers)
        return {r["urn"]: variables * 0.5 if r["type"] == SERVICE else 0.0 for r in doc["resources"]}

    diff = diff_documents(document(), document(ENV_VAR), cost=estimate)
    services = [r for r in document()["resources"] if r["type"] == SERVICE]
    assert {c.urn for c in diff.cost_shifts} == {r["urn"] for r in services} and services
    assert all(c.monthly_delta == 0.5 for c in diff.cost_shifts)
    assert "Cost moves with another change" in render_text(diff)
    assert "whose cost moves with another change" in render_markdown(diff)
    assert diff.document()["costShifts"][0]["monthlyDelta"] == 0.5
    assert not diff_documents(document(), document(ENV_VAR)).cost_shifts  # no estimate, no shifts


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["prod"], "compare with what?"),
        (["--base", "HEAD"], "give a STACK"),
        (["prod", "--before", "missing.json"], "no such file"),
        (["nosuch", "--base", "HEAD"], "no stack file Pulumi.nosuch.yaml"),
        (["--after", "a.json", "--base", "HEAD"], "--base renders"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err
