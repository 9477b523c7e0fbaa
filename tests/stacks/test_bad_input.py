"""Bad input gets a clear error, the key path and exit 2, every time (issue #16): never a traceback, never
exit 0, and nothing built.

Every case runs the real command (`stacks.cli.main`, in this process) on a stack file written to a temporary
directory, and asserts exit 2, the key path (or the file or flag) on stderr, no traceback, nothing on stdout,
and that the stack's builder never ran: the stack file is refused before any resource exists.

`COMPONENT_RULES` drives the components' own argument checks through the stack layer: each case is a value
that a component refuses. The config check refuses it first (`test_component_rules_are_checked_first`);
and with the config's cross-key rules switched off, the component's own error still reaches the user as a
config error with the key path (`test_a_component_error_is_mapped_to_its_key`), which proves the case is a
component rule and that `stacks.errors.component_error` maps it.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import stacks.config
from stacks import cli, program
from tests.conftest import ROOT

SECRET = {"secure": "v1:cGxhY2Vob2xkZXI="}

AWS: dict[str, Any] = {
    "aws:region": "us-east-1",
    "stackyard:cloud": "aws",
    "stackyard:environment": "staging",
    "stackyard:app": {
        "name": "shop",
        "domain": "shop.example.com",
        "database": {"version": "16", "size": "small"},
        "cache": {"version": "7.1", "size": "micro"},
        "buckets": {"photos": {}},
        "services": {
            "api": {"port": 8000, "public": True, "secrets": ["SECRET_KEY"]},
            "worker": {"command": ["celery", "worker"]},
            "nightly": {"schedule": "0 3 * * *", "command": ["python", "-m", "shop.report"]},
        },
        "secrets": ["SECRET_KEY"],
    },
    "stackyard:secrets": {"SECRET_KEY": SECRET},
}


def _variant(base: dict[str, Any], provider: dict[str, Any], **changes: Any) -> dict[str, Any]:
    config = {k: v for k, v in copy.deepcopy(base).items() if not k.startswith("aws:")}
    config.update(provider)
    for key, value in changes.items():
        if key in ("cloud", "environment"):
            config[f"stackyard:{key}"] = value
        else:
            config["stackyard:app"][key] = value
    return config


GCP = _variant(
    AWS, {"gcp:project": "shop-staging", "gcp:region": "us-east1"}, cloud="gcp", cache={"version": "7.2"}
)
GCP["stackyard:app"]["services"]["api"]["cpu"] = 1
GCP["stackyard:app"]["services"]["worker"]["cpu"] = 1
IMAGE = "ghcr.io/shop/api:1.0.0"
AWS_K8S = _variant(AWS, {"aws:region": "us-east-1"}, runtime="kubernetes")
for _service in AWS_K8S["stackyard:app"]["services"].values():
    _service["image"] = IMAGE
GCP_K8S = _variant(GCP, {"gcp:project": "shop-staging", "gcp:region": "us-east1"}, runtime="kubernetes")
for _service in GCP_K8S["stackyard:app"]["services"].values():
    _service["image"] = IMAGE
AWS_PROD = _variant(AWS, {"aws:region": "us-east-1"}, environment="prod")
BASES = {"aws": AWS, "gcp": GCP, "aws-k8s": AWS_K8S, "gcp-k8s": GCP_K8S, "aws-prod": AWS_PROD}


def stack_file(directory: Path, config: dict[str, Any], name: str = "Pulumi.test.yaml") -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump({"config": config}, sort_keys=False))
    return path


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The clouds whose stack builder ran (`stacks.program.builder`): a refused stack file builds nothing."""
    built: list[str] = []
    real = program.builder

    def recording(cloud: str) -> program.Builder:
        built.append(cloud)
        return real(cloud)

    monkeypatch.setattr(program, "builder", recording)
    return built


def plan(*args: str) -> tuple[int, str, str]:
    """`stackyard plan --json ARGS` from the project root: (exit code, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(["plan", "--json", *args])
    return code, stdout.getvalue(), stderr.getvalue()


def refused(result: tuple[int, str, str], *expected: str, built: list[str] | None = None) -> str:
    """Assert exit 2, each of `expected` on stderr, no traceback, nothing rendered and (with `built`) nothing
    built; return stderr."""
    code, out, err = result
    assert code == 2, f"exit {code}, expected 2; stderr:\n{err}"
    assert out == "", "nothing is rendered for a refused stack file"
    assert "Traceback" not in err and 'File "' not in err, err
    for text in expected:
        assert text in err, f"{text!r} not in:\n{err}"
    if built is not None:
        assert built == [], "the stack was built although its file is refused"
    return err


# -- a component's rule: checked against the stack file first, mapped back to the key otherwise ------------

# (id, base, --set assignments, the key path the config check names, the key path the component's own error
# maps to when the config check is switched off; None for a rule of the model itself, which cannot be)
COMPONENT_RULES: list[tuple[str, str, list[str], str, str | None]] = [
    (
        "eventbridge-both-day-fields",
        "aws",
        ["app.services.nightly.schedule=0 3 1 * 1"],
        "stackyard:app.services.nightly.schedule",
        "stackyard:app.services.nightly.schedule",
    ),
    (
        "eventbridge-weekday-step",
        "aws",
        ["app.services.nightly.schedule=0 3 * * */2"],
        "stackyard:app.services.nightly.schedule",
        "stackyard:app.services.nightly.schedule",
    ),
    ("cron-step-zero", "gcp", ["app.services.nightly.schedule=*/0 3 * * *"], "nightly.schedule", None),
    (
        "health-path-with-a-space",
        "aws",
        ["app.services.api.health_path=/he alth"],
        "stackyard:app.services.api.health_path",
        None,
    ),
    (
        "health-path-with-a-space-gcp",
        "gcp",
        ["app.services.api.health_path=/he alth"],
        "stackyard:app.services.api.health_path",
        None,
    ),
    (
        "probe-path-with-a-query",
        "aws-k8s",
        ["app.services.api.health_path=/health?deep=1"],
        "stackyard:app.services.api.health_path",
        "stackyard:app.services.api.health_path",
    ),
    (
        "unknown-database-size",
        "aws",
        ["app.database.size=huge"],
        "stackyard:app.database.size",
        "stackyard:app.database.size",
    ),
    (
        "unknown-cache-size",
        "aws",
        ["app.cache.size=huge"],
        "stackyard:app.cache.size",
        "stackyard:app.cache.size",
    ),
    (
        "empty-command-word",
        "aws",
        ['app.services.worker.command=[celery, ""]'],
        "stackyard:app.services.worker.command",
        None,
    ),
    (
        "empty-entrypoint-word",
        "gcp",
        ['app.services.worker.entrypoint=[""]'],
        "stackyard:app.services.worker.entrypoint",
        None,
    ),
    (
        "plain-value-shadows-a-stack-secret",
        "aws",
        ["app.services.api.environment={DATABASE_URL: postgres://localhost/shop}"],
        "stackyard:app.services.api.environment.DATABASE_URL",
        "stackyard:app.services.api.environment",
    ),
    (
        "plain-value-shadows-a-stack-secret-gcp",
        "gcp",
        ["app.services.worker.environment={REDIS_URL: redis://localhost}"],
        "stackyard:app.services.worker.environment.REDIS_URL",
        "stackyard:app.services.worker.environment",
    ),
    (
        "plain-value-shadows-a-stack-secret-k8s",
        "aws-k8s",
        ["app.services.api.environment={DATABASE_PASSWORD: hunter2}"],
        "stackyard:app.services.api.environment.DATABASE_PASSWORD",
        "stackyard:app.services.api.environment",
    ),
    (
        "gcp-cache-version-on-aws",
        "aws",
        ["app.cache.version=7.2"],
        "stackyard:app.cache.version",
        "stackyard:app.cache.version",
    ),
    (
        "certificate-domain-too-long",
        "aws",
        [f"app.domain={'a' * 60}.example.com"],
        "stackyard:app.domain",
        "stackyard:app.domain",
    ),
    (
        "route53-zone-id",
        "aws",
        ["app.hosted_zone_id=not a zone"],
        "stackyard:app.hosted_zone_id",
        "stackyard:app.hosted_zone_id",
    ),
    (
        "host-outside-the-zone",
        "aws",
        ["app.services.api.host=api.other.org"],
        "stackyard:app.services.api.host",
        "stackyard:app.services",
    ),
    (
        "cors-origin",
        "aws",
        ['app.buckets.photos={cors_origins: ["*"]}'],
        "stackyard:app.buckets.photos.cors_origins[0]",
        "stackyard:app.buckets.photos.cors_origins",
    ),
    ("image-with-a-space", "gcp", ["app.services.api.image=ghcr.io/shop/api 1.0"], "api.image", None),
    (
        "health-check-empty-word",
        "aws",
        ['app.services.api.health_check={command: [CMD, ""]}'],
        "stackyard:app.services.api.health_check.command",
        None,
    ),
    (
        "cloudfront-api-path",
        "aws",
        [f"app.site={{api_service: api, api_path: /{'a' * 300}/*}}"],
        "stackyard:app.site.api_path",
        "stackyard:app.site",
    ),
    (
        "alarm-email-twice",
        "aws",
        ["app.alarms={emails: [ops@shop.example.com, ops@shop.example.com]}"],
        "stackyard:app.alarms.emails",
        None,
    ),
    (
        "cloud-sql-database-name",
        "gcp",
        ["app.database.name=postgres"],
        "stackyard:app.database.name",
        "stackyard:app.database.name",
    ),
    (
        "cloud-dns-zone",
        "gcp",
        ["app.hosted_zone_id=Not A Zone"],
        "stackyard:app.hosted_zone_id",
        "stackyard:app.hosted_zone_id",
    ),
    (
        "ingress-path",
        "aws-k8s",
        ['app.services.api.paths=["/a?b"]'],
        "stackyard:app.services.api.paths[0]",
        "stackyard:app.services.api.paths",
    ),
    (
        "hpa-from-zero",
        "gcp-k8s",
        ["app.services.api.scale={min: 0, max: 3}"],
        "stackyard:app.services.api.scale.min",
        "stackyard:app.services.api.scale.min",
    ),
    (
        "eks-version",
        "aws-k8s",
        ["app.kubernetes={version: '1.99'}"],
        "stackyard:app.kubernetes.version",
        "stackyard:app.kubernetes",
    ),
    (
        "eks-admin",
        "aws-k8s",
        ["app.kubernetes={admins: [not-an-arn]}"],
        "stackyard:app.kubernetes.admins[0]",
        "stackyard:app.kubernetes",
    ),
    (
        "route53-uptime-path",
        "aws-prod",
        [f"app.services.api.health_path=/{'h' * 300}", "app.alarms={emails: [ops@shop.example.com]}"],
        "stackyard:app.services.api.health_path",
        "stackyard:app.alarms",
    ),
    (
        "vpc-endpoint-twice",
        "aws",
        ["app.network={nat: none, endpoints: [logs, logs]}"],
        "stackyard:app.network.endpoints",
        None,
    ),
]


def _with_sets(assignments: list[str]) -> list[str]:
    return [arg for assignment in assignments for arg in ("--set", assignment)]


def test_every_base_stack_plans(tmp_path: Path) -> None:
    """The cases below change one thing of a stack that plans: what they refuse is that one thing."""
    for name, config in BASES.items():
        code, out, err = plan("--config-file", str(stack_file(tmp_path, config, f"Pulumi.{name}.yaml")))
        assert code == 0, f"{name}: {err}"
        assert json.loads(out)["resources"]


@pytest.mark.parametrize(
    ("base", "assignments", "path"),
    [pytest.param(base, sets, path, id=case) for case, base, sets, path, _ in COMPONENT_RULES],
)
def test_component_rules_are_checked_first(
    tmp_path: Path, builds: list[str], base: str, assignments: list[str], path: str
) -> None:
    file = stack_file(tmp_path, BASES[base])
    refused(plan("--config-file", str(file), *_with_sets(assignments)), path, built=builds)


@pytest.mark.parametrize(
    ("base", "assignments", "path"),
    [
        pytest.param(base, sets, mapped, id=case)
        for case, base, sets, _, mapped in COMPONENT_RULES
        if mapped is not None
    ],
)
def test_a_component_error_is_mapped_to_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str, assignments: list[str], path: str
) -> None:
    monkeypatch.setattr(stacks.config, "semantic_problems", lambda *args, **kwargs: [])
    file = stack_file(tmp_path, BASES[base])
    err = refused(plan("--config-file", str(file), *_with_sets(assignments)), path)
    # The component's own message, after the key path.
    assert any(f"{path}" in line and ": " in line for line in err.splitlines())


def test_a_fault_of_the_program_is_not_called_a_config_error() -> None:
    """`component_error` maps only what a stackyard component raised; anything else stays a program fault."""
    from stacks.config import App
    from stacks.errors import component_error

    try:
        int("not a number")
    except ValueError as error:
        assert component_error(error, App(name="shop")) is None


# -- files that cannot be read -------------------------------------------------------------------------------


def test_a_directory_is_not_a_stack_file(builds: list[str]) -> None:
    err = refused(plan("--config-file", str(ROOT / "blueprints" / "karigar")), built=builds)
    assert (
        "blueprints/karigar: is a directory, not a stack file; its stack files: Pulumi.gcp-prod.yaml" in err
    )


def test_a_file_that_is_not_utf8(tmp_path: Path, builds: list[str]) -> None:
    file = tmp_path / "Pulumi.latin1.yaml"
    file.write_bytes("config:\n  stackyard:cloud: aws\n  aws:region: caf\xe9\n".encode("latin-1"))
    refused(plan("--config-file", str(file)), f"{file}:3: not UTF-8 text (byte 0xe9)", built=builds)


def test_a_file_with_a_character_yaml_refuses(tmp_path: Path, builds: list[str]) -> None:
    file = tmp_path / "Pulumi.bell.yaml"
    file.write_text("config:\n  aws:region: us-east-1\x07\n")
    refused(
        plan("--config-file", str(file)),
        f"{file}: not valid YAML: unacceptable character #x0007",
        built=builds,
    )


def test_a_missing_file(tmp_path: Path, builds: list[str]) -> None:
    refused(plan("--config-file", str(tmp_path / "Pulumi.nope.yaml")), "Pulumi.nope.yaml: no such stack file")
    assert builds == []


# -- what was accepted silently ------------------------------------------------------------------------------


def test_a_repeated_key_names_the_key_and_both_lines(tmp_path: Path, builds: list[str]) -> None:
    text = yaml.safe_dump({"config": AWS}, sort_keys=False).replace(
        "      api:\n        port: 8000\n", "      api:\n        port: 8000\n        port: 9000\n"
    )
    assert "port: 9000" in text
    file = tmp_path / "Pulumi.twice.yaml"
    file.write_text(text)
    first = text.splitlines().index("        port: 8000") + 1
    refused(
        plan("--config-file", str(file)),
        f"{file}:{first + 1}: stackyard:app.services.api.port: repeated key (first at line {first})",
        built=builds,
    )


def test_a_repeated_top_level_key(tmp_path: Path, builds: list[str]) -> None:
    file = tmp_path / "Pulumi.twice.yaml"
    file.write_text(yaml.safe_dump({"config": AWS}, sort_keys=False) + "  aws:region: eu-west-1\n")
    refused(plan("--config-file", str(file)), "aws:region: repeated key (first at line 2)", built=builds)


def test_a_repeated_key_in_a_flag(tmp_path: Path, builds: list[str]) -> None:
    file = stack_file(tmp_path, AWS)
    refused(
        plan("--config-file", str(file), "--set", "app.services.api.environment={A: '1', A: '2'}"),
        "stackyard:app.services.api.environment.A: repeated key in --set app.services.api.environment",
        built=builds,
    )


@pytest.mark.parametrize(
    ("assignment", "path"),
    [
        ("app.services.api.port=true", "stackyard:app.services.api.port: true is a boolean where a number"),
        ("app.services.api.cpu=true", "stackyard:app.services.api.cpu: true is a boolean"),
        ("app.services.api.scale={min: false}", "stackyard:app.services.api.scale.min: false is a boolean"),
        (
            "app.cache.snapshot_every_hours=true",
            "stackyard:app.cache.snapshot_every_hours: true is a boolean",
        ),
        ("app.services.api.public=1", "stackyard:app.services.api.public: 1 is a number where a boolean"),
    ],
)
def test_a_boolean_is_not_a_number(tmp_path: Path, builds: list[str], assignment: str, path: str) -> None:
    refused(plan("--config-file", str(stack_file(tmp_path, AWS)), "--set", assignment), path, built=builds)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("stackyard:cloud", "stackyard:cloud: required key is missing"),
        ("aws:region", "aws:region: required for stackyard:cloud aws"),
        ("stackyard:app", "stackyard:app: required key is missing"),
    ],
)
def test_null_for_a_required_value(tmp_path: Path, builds: list[str], key: str, expected: str) -> None:
    config = {**AWS, key: None}
    refused(plan("--config-file", str(stack_file(tmp_path, config))), expected, built=builds)


def test_null_inside_the_app_names_the_key(tmp_path: Path, builds: list[str]) -> None:
    file = stack_file(tmp_path, AWS)
    refused(
        plan("--config-file", str(file), "--set", "app.services.api.port=null"),
        "stackyard:app.services.api.port: null, but a value is required here; input should be a valid "
        "integer",
        built=builds,
    )


def test_a_flag_naming_a_place_no_file_can_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    refused(
        plan("--config-file", str(stack_file(tmp_path, AWS_K8S)), "--manifests", str(blocker / "k8s")),
        f"--manifests {blocker / 'k8s'}: cannot write there",
    )


@pytest.mark.parametrize(
    ("base", "assignment", "expected"),
    [
        ("aws", "aws:region=us-moon-1", "aws:region: 'us-moon-1' is not an AWS region"),
        (
            "aws",
            "aws:region=us-east1",
            "aws:region: 'us-east1' is not an AWS region; did you mean 'us-east-1'?",
        ),
        ("gcp", "gcp:region=us-east-1", "gcp:region: 'us-east-1' is not a Google Cloud region; did you mean"),
        (
            "aws",
            "app.database.cross_region_replica=us-wst-2",
            "stackyard:app.database.cross_region_replica: 'us-wst-2' is not an AWS region",
        ),
        (
            "aws",
            "app.buckets.photos={replication_region: mars-1}",
            "stackyard:app.buckets.photos.replication_region: 'mars-1' is not an AWS region",
        ),
    ],
)
def test_an_unknown_region(
    tmp_path: Path, builds: list[str], base: str, assignment: str, expected: str
) -> None:
    file = stack_file(tmp_path, BASES[base])
    refused(plan("--config-file", str(file), "--set", assignment), expected, built=builds)


def test_zones_of_another_region(tmp_path: Path, builds: list[str]) -> None:
    file = stack_file(tmp_path, AWS)
    refused(
        plan("--config-file", str(file), "--set", "app.network.availability_zones=[us-east-1a, eu-west-1b]"),
        "stackyard:app.network.availability_zones[1]: eu-west-1b is a zone of eu-west-1, not of aws:region "
        "us-east-1",
        built=builds,
    )


@pytest.mark.parametrize(
    ("cidr", "what"),
    [
        ("127.0.0.0/16", "loopback"),
        ("224.0.0.0/16", "multicast"),
        ("169.254.0.0/16", "link-local"),
        ("240.0.0.0/16", "reserved"),
        ("0.0.0.0/16", "'this network'"),
    ],
)
def test_a_network_that_cannot_be_a_vpc(tmp_path: Path, builds: list[str], cidr: str, what: str) -> None:
    file = stack_file(tmp_path, AWS)
    refused(
        plan("--config-file", str(file), "--set", f"app.network.cidr={cidr}"),
        f"stackyard:app.network.cidr: {cidr} is in the {what}",
        built=builds,
    )


@pytest.mark.parametrize(
    ("cidrs", "expected"),
    [
        ("[203.0.113.0/24, 203.0.113.0/24]", "203.0.113.0/24 is listed twice"),
        (
            "[203.0.113.0/24, 198.51.100.0/24, 203.0.113.128/25]",
            "203.0.113.128/25 lies inside 203.0.113.0/24",
        ),
    ],
)
def test_duplicate_or_overlapping_cidrs(tmp_path: Path, builds: list[str], cidrs: str, expected: str) -> None:
    file = stack_file(tmp_path, AWS_K8S)
    refused(
        plan("--config-file", str(file), "--set", f"app.kubernetes={{api_access_cidrs: {cidrs}}}"),
        f"stackyard:app.kubernetes.api_access_cidrs: {expected}",
        built=builds,
    )


def test_non_ascii_in_a_health_path(tmp_path: Path, builds: list[str]) -> None:
    file = stack_file(tmp_path, AWS)
    refused(
        plan("--config-file", str(file), "--set", "app.services.api.health_path=/santé"),
        "stackyard:app.services.api.health_path: '/santé' is not printable ASCII; percent-encode the other "
        "characters, e.g. /sant%C3%A9",
        built=builds,
    )


def test_a_task_definition_over_the_ecs_quota(tmp_path: Path, builds: list[str]) -> None:
    config = copy.deepcopy(AWS)
    config["stackyard:app"]["services"]["api"]["environment"] = {"CATALOGUE": "x" * 70_000}
    err = refused(
        plan("--config-file", str(stack_file(tmp_path, config))),
        "stackyard:app.services.api.environment: the service's ECS task definition would hold at least",
        "over 64 KiB",
        built=builds,
    )
    assert "worker" not in err  # the other services' task definitions are small


def test_a_task_definition_under_the_quota_plans(tmp_path: Path) -> None:
    config = copy.deepcopy(AWS)
    config["stackyard:app"]["services"]["api"]["environment"] = {"CATALOGUE": "x" * 50_000}
    code, _, err = plan("--config-file", str(stack_file(tmp_path, config)))
    assert code == 0, err


def test_a_config_map_over_the_kubernetes_limit(tmp_path: Path, builds: list[str]) -> None:
    config = copy.deepcopy(AWS_K8S)
    config["stackyard:app"]["services"]["worker"]["environment"] = {"BLOB": "x" * (1024 * 1024 + 1)}
    refused(
        plan("--config-file", str(stack_file(tmp_path, config))),
        "stackyard:app.services.worker.environment: the service's settings take",
        "a Kubernetes ConfigMap holds at most 1 MiB",
        built=builds,
    )


# -- engine_version: 16 -------------------------------------------------------------------------------------


def test_a_database_version_written_as_a_number_plans(tmp_path: Path) -> None:
    config = copy.deepcopy(AWS)
    config["stackyard:app"]["database"]["version"] = 16  # YAML: version: 16
    file = stack_file(tmp_path, config)
    assert "version: 16\n" in file.read_text()
    code, out, err = plan("--config-file", str(file))
    assert code == 0, err
    instances = [r for r in json.loads(out)["resources"] if r["type"] == "aws:rds/instance:Instance"]
    assert [r["inputs"]["engineVersion"] for r in instances] == ["16"]


def test_the_components_take_engine_version_as_a_number() -> None:
    from components.aws.postgres import _Settings
    from components.gcp.postgres_settings import PostgresSettings

    def args(version: int) -> Any:  # YAML's `engine_version: 16`, not the declared str
        return {"vpc_id": "vpc-1", "subnet_ids": ["subnet-a", "subnet-b"], "engine_version": version}

    aws = _Settings("shop", args(16))
    gcp = PostgresSettings({"network_id": "projects/p/global/networks/n", "engine_version": 16})
    assert (aws.engine_version, gcp.engine_version) == ("16", "16")
    with pytest.raises(ValueError, match="engine_version '12' is not allowed"):
        _Settings("shop", args(12))
