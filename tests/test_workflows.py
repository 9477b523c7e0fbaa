"""The GitHub workflows users copy stay safe (issue #21): every action pinned by commit SHA with its
version, no `pull_request_target`, read-only tokens unless a job needs more, no credentials kept by
checkout, no cache restored where the cloud role or a release is, fork previews commented by a workflow
that never runs the pull request's code, and Dependabot keeping the pins and uv.lock current.

zizmor (`.ci/run`) audits the same files; these tests hold the project's own rules, which zizmor does not
know (which job may write comments, which one may log in to a cloud, how the two preview workflows meet).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW_DIR = ROOT / ".github" / "workflows"
CI = (ROOT / ".ci" / "run").read_text()
README = (ROOT / "README.md").read_text()
GUIDE = (ROOT / "docs" / "guides" / "ci-preview.md").read_text()


def shipped_workflows() -> list[Path]:
    """What .ci/run audits: .github/workflows/ and any workflows/ folder under docs/ or examples/."""
    found = [*WORKFLOW_DIR.glob("*.y*ml")]
    for folder in ("docs", "examples"):
        found += [p for p in (ROOT / folder).rglob("*.y*ml") if "workflows" in p.relative_to(ROOT).parts]
    return sorted(found)


WORKFLOWS = shipped_workflows()
CLOUD_LOGINS = ("aws-actions/configure-aws-credentials", "google-github-actions/auth")
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<comment>\s+#.*)?$")
VERSION_COMMENT = re.compile(r"^\s+#\s+v\d+(?:\.\d+){0,2}\s*$")


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def triggers(workflow: dict[str, Any]) -> set[str]:
    """The events of `on:` (which PyYAML reads as the key True), whatever its form."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on}
    return set(on)


def jobs(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return workflow["jobs"]


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).split("@")[0] == action


def every_step(path: Path) -> list[tuple[str, dict[str, Any]]]:
    return [(name, step) for name, job in jobs(load(path)).items() for step in steps(job)]


def by_name(name: str) -> Path:
    return WORKFLOW_DIR / name


def test_the_shipped_workflows_are_the_expected_ones() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"test.yml", "preview.yml", "preview-offline.yml", "preview-comment.yml", "deploy.yml"} <= names
    assert "stackyard-diff.yml" in names
    assert "release.yml" in names


# -- pins --------------------------------------------------------------------------------------------------


def uses_lines(path: Path) -> list[tuple[int, str, str]]:
    found = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = USES_LINE.match(line)
        if match:
            found.append((number, match["ref"], match["comment"] or ""))
    return found


def uses_values(path: Path) -> list[str]:
    workflow = load(path)
    values = [job["uses"] for job in jobs(workflow).values() if "uses" in job]
    return values + [step["uses"] for _, step in every_step(path) if "uses" in step]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_action_is_pinned_by_commit_sha_with_its_version(path: Path) -> None:
    lines = uses_lines(path)
    # The line scan sees every `uses:` the YAML has (no flow style or quoting slips past it).
    assert sorted(ref for _, ref, _ in lines) == sorted(uses_values(path))
    problems = []
    for number, ref, comment in lines:
        if ref.startswith("./"):  # a workflow of this repository, at the same commit
            continue
        if not SHA_PIN.match(ref):
            problems.append(f"{path.name}:{number}: {ref} is not pinned by a full commit SHA")
        elif not VERSION_COMMENT.match(comment):
            problems.append(f"{path.name}:{number}: {ref} has no version comment such as `# v4.2.2`")
    assert not problems, "\n".join(problems)


def test_one_action_has_one_pin_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for _, ref, comment in uses_lines(path):
            if not ref.startswith("./"):
                action, sha = ref.split("@")
                pins.setdefault(action, set()).add(f"{sha}{comment}")
    assert pins, "no action found"
    assert {action: pin for action, pin in pins.items() if len(pin) > 1} == {}


def test_the_pin_check_catches_a_tag_and_a_missing_comment() -> None:
    assert not SHA_PIN.match("actions/checkout@v4")
    assert not SHA_PIN.match("actions/checkout@11d5960")
    assert SHA_PIN.match("actions/checkout@11d5960a326750d5838078e36cf38b85af677262")
    assert not VERSION_COMMENT.match("")
    assert not VERSION_COMMENT.match("  # latest")
    assert VERSION_COMMENT.match("  # v4.4.0")


def test_uv_is_installed_by_hash_in_the_readmes_version() -> None:
    requirements = (ROOT / ".github" / "uv-requirements.txt").read_text()
    (version,) = re.findall(r"^uv==(\S+) \\$", requirements, flags=re.M)
    assert "--hash=sha256:" in requirements
    assert f"uv=={version}" in CI and f"uv=={version}" in README
    for path in WORKFLOWS:
        for _, step in every_step(path):
            for line in str(step.get("run", "")).splitlines():
                if re.search(r"\bpip install\b", line) and "uv pip install" not in line:
                    assert "--require-hashes" in line, f"{path.name}: {line.strip()} installs without hashes"


# -- triggers and permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_workflow_uses_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in triggers(load(path))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_workflow_level_token_is_read_only(path: Path) -> None:
    workflow = load(path)
    assert "permissions" in workflow, f"{path.name} has no workflow-level permissions"
    permissions = workflow["permissions"]
    assert isinstance(permissions, dict), f"{path.name}: permissions: {permissions} (use a mapping)"
    assert set(permissions.values()) <= {"read", "none"}, f"{path.name}: {permissions}"


def job_permissions(job: dict[str, Any]) -> dict[str, str]:
    permissions = job.get("permissions", {})
    assert isinstance(permissions, dict), f"job permissions {permissions} (use a mapping)"
    return permissions


def all_jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [(path.name, name, job) for path in WORKFLOWS for name, job in jobs(load(path)).items()]


def test_only_jobs_that_log_in_to_a_cloud_get_an_oidc_token() -> None:
    with_token = {
        (workflow, name)
        for workflow, name, job in all_jobs()
        if job_permissions(job).get("id-token") == "write"
    }
    logging_in = {
        (workflow, name)
        for workflow, name, job in all_jobs()
        if any(uses(step, action) for step in steps(job) for action in CLOUD_LOGINS)
    }
    assert with_token == logging_in
    assert {("deploy.yml", "staging"), ("deploy.yml", "prod"), ("preview.yml", "preview")} <= with_token


def comments(job: dict[str, Any]) -> bool:
    for step in steps(job):
        if uses(step, "pulumi/actions") and step.get("with", {}).get("comment-on-pr"):
            return True
        if re.search(
            r"gh api .*issues/(?:comments/|\$\{pr\}/comments)", str(step.get("run", "")).replace("\\\n", "")
        ):
            return True
    return False


def test_only_jobs_that_comment_may_write_to_pull_requests() -> None:
    writing = {
        (workflow, name)
        for workflow, name, job in all_jobs()
        if job_permissions(job).get("pull-requests") == "write"
    }
    commenting = {(workflow, name) for workflow, name, job in all_jobs() if comments(job)}
    assert writing == commenting
    assert {("preview-comment.yml", "comment"), ("preview.yml", "preview")} == writing


def test_only_the_release_job_may_write_contents() -> None:
    writing = {
        (workflow, name)
        for workflow, name, job in all_jobs()
        if job_permissions(job).get("contents") == "write"
    }
    assert writing == {("release.yml", "release")}


def test_deploy_jobs_run_in_their_stacks_environment() -> None:
    deploy = jobs(load(by_name("deploy.yml")))
    logging_in = {
        name
        for name, job in deploy.items()
        if any(uses(step, action) for step in steps(job) for action in CLOUD_LOGINS)
    }
    assert logging_in == {"staging", "prod"}
    for name in logging_in:
        assert deploy[name]["environment"] == name


# -- credentials and caches --------------------------------------------------------------------------------


def test_checkout_never_keeps_the_token() -> None:
    checkouts = [
        (path.name, step)
        for path in WORKFLOWS
        for _, step in every_step(path)
        if uses(step, "actions/checkout")
    ]
    assert checkouts
    kept = [name for name, step in checkouts if step.get("with", {}).get("persist-credentials") is not False]
    assert not kept, f"checkout without persist-credentials: false in {kept}"


def restores_a_cache(step: dict[str, Any]) -> bool:
    action = str(step.get("uses", "")).split("@")[0]
    if action.startswith("actions/cache"):
        return True
    settings = step.get("with", {})
    if action.startswith("actions/setup-") and settings.get("cache"):
        return True
    return action == "astral-sh/setup-uv" and settings.get("enable-cache") is not False


@pytest.mark.parametrize("name", ["deploy.yml", "release.yml"])
def test_deploy_and_release_restore_no_cache(name: str) -> None:
    own_steps = every_step(by_name(name))
    assert own_steps
    assert [job for job, step in own_steps if restores_a_cache(step)] == []
    assert any(
        "uv sync --locked" in str(step.get("run", "")) or "uv build" in str(step.get("run", ""))
        for _, step in own_steps
    )


def test_the_cache_check_sees_a_cache() -> None:
    assert restores_a_cache({"uses": "actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830"})
    assert restores_a_cache({"uses": "actions/setup-python@x", "with": {"cache": "pip"}})
    assert not restores_a_cache({"uses": "actions/setup-python@x", "with": {"python-version": "3.11"}})


def test_release_pushes_nothing_with_git() -> None:
    runs = " ".join(str(step.get("run", "")) for _, step in every_step(by_name("release.yml")))
    assert "git push" not in runs
    assert "gh release create" in runs and '--target "${GITHUB_SHA}"' in runs


# -- fork previews -----------------------------------------------------------------------------------------


REUSABLE = "stackyard-diff.yml"  # the offline preview users copy unchanged; preview-offline.yml calls it
PR_COMMENT_SCRIPT = ROOT / ".github" / "scripts" / "stackyard-pr-comment.sh"
# What a user sets when calling it: the stacks, the project directory, the Python / uv setup, the base.
REUSABLE_INPUTS = {
    "stacks",
    "working-directory",
    "python-version",
    "uv-requirements",
    "base-ref",
    "allow-label",
}
# The variables the script reads (its header), which the workflow and .ci/run give it.
SCRIPT_VARIABLES = {"STACKS", "BASE", "OUT", "PR_NUMBER", "ALLOW_LABEL"}


def workflow_call(path: Path) -> dict[str, Any]:
    on = load(path).get("on", load(path).get(True))
    return on["workflow_call"] or {}


def diff_step() -> dict[str, Any]:
    (step,) = [s for _, s in every_step(by_name(REUSABLE)) if "stackyard-pr-comment.sh" in str(s.get("run"))]
    return step


def test_the_offline_preview_is_the_reusable_workflow_with_this_projects_inputs() -> None:
    workflow = load(by_name("preview-offline.yml"))
    assert triggers(workflow) == {"pull_request"}
    assert workflow["on" if "on" in workflow else True]["pull_request"]["types"] == [
        "opened",
        "synchronize",
        "reopened",
        "labeled",
        "unlabeled",
    ]
    declared = workflow_call(by_name(REUSABLE))["inputs"]
    required = {name for name, spec in declared.items() if spec.get("required")}
    for name, job in jobs(workflow).items():
        # Exactly what users copy, called with a read-only token and no secret at all.
        assert job["uses"] == f"./.github/workflows/{REUSABLE}", name
        assert job_permissions(job) == {"contents": "read"}, name
        assert "secrets" not in job, f"{name}: pass no secret (no `secrets: inherit`) to code a PR changes"
        assert required <= set(job["with"]) <= set(declared), name
        assert job["with"]["stacks"].split() == ["staging", "prod"]
        assert (ROOT / job["with"]["uv-requirements"]).is_file()
        for stack in job["with"]["stacks"].split():
            assert (ROOT / job["with"]["working-directory"] / f"Pulumi.{stack}.yaml").is_file()


def test_the_reusable_workflow_declares_its_inputs_and_uses_each() -> None:
    path = by_name(REUSABLE)
    assert triggers(load(path)) == {"workflow_call"}
    call = workflow_call(path)
    assert set(call["inputs"]) == REUSABLE_INPUTS
    assert "secrets" not in call, "the reusable preview takes no secret"
    for name, spec in call["inputs"].items():
        assert spec["type"] == "string" and spec["description"], name
        assert spec.get("required") or "default" in spec, f"{name}: required, or a default"
    assert call["inputs"]["stacks"]["required"] is True
    assert call["inputs"]["working-directory"]["default"] == "."
    assert (ROOT / call["inputs"]["uv-requirements"]["default"]).is_file()
    text = path.read_text()
    used = set(re.findall(r"\binputs\.([\w-]+)", text.split("\njobs:", 1)[1]))
    assert used == REUSABLE_INPUTS, "an input is declared but never used, or used but not declared"
    assert set(call["outputs"]) == {"replaced", "failed"}


def test_the_reusable_workflow_runs_without_credentials() -> None:
    path = by_name(REUSABLE)
    workflow = load(path)
    for name, job in jobs(workflow).items():
        assert job_permissions(job) == {"contents": "read"}, name
        assert not any(uses(step, action) for step in steps(job) for action in CLOUD_LOGINS)
        assert "secrets." not in yaml.safe_dump(job)
    uploads = [s for _, s in every_step(path) if uses(s, "actions/upload-artifact")]
    assert [s["with"]["name"] for s in uploads] == ["stackyard-diff"]
    checkout = next(s for _, s in every_step(path) if uses(s, "actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch too
    setup = next(s for _, s in every_step(path) if uses(s, "actions/setup-python"))
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    # The project's steps run in its directory: the install and the diff.
    in_project = [s for _, s in every_step(path) if "working-directory" in s]
    assert [s["name"] for s in in_project] == ["Install project", "stackyard diff of every stack"]
    assert {s["working-directory"] for s in in_project} == {"${{ inputs.working-directory }}"}


def test_the_reusable_workflow_runs_the_script_and_gates_on_its_outputs() -> None:
    step = diff_step()
    run = str(step["run"])
    assert 'bash "${GITHUB_WORKSPACE}/.github/scripts/stackyard-pr-comment.sh"' in run
    assert 'BASE="origin/${BASE_BRANCH}"' in run and 'OUT="${RUNNER_TEMP}/stackyard-diff"' in run
    given = set(step["env"]) | set(re.findall(r"\b([A-Z_]+)=", run))
    assert given >= SCRIPT_VARIABLES
    assert step["env"]["BASE_BRANCH"] == "${{ inputs.base-ref || github.base_ref }}"
    assert step["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"
    gate = [s for _, s in every_step(by_name(REUSABLE)) if "REPLACED" in s.get("env", {})]
    assert len(gate) == 1
    assert gate[0]["env"]["REPLACED"] == f"${{{{ steps.{step['id']}.outputs.replaced }}}}"
    assert gate[0]["env"]["FAILED"] == f"${{{{ steps.{step['id']}.outputs.failed }}}}"
    assert (
        "contains(github.event.pull_request.labels.*.name, inputs.allow-label)" in gate[0]["env"]["ALLOWED"]
    )
    assert "exit 1" in gate[0]["run"]


def test_the_script_runs_stackyard_diff_and_reads_the_documented_variables() -> None:
    script = PR_COMMENT_SCRIPT.read_text()
    assert script.startswith("#!/usr/bin/env bash\n")
    assert 'uv run --locked stackyard diff "$stack" --base "$BASE" --markdown --max-chars' in script
    read = set(re.findall(r"\$\{?([A-Z][A-Z_]+)", script)) - {"GITHUB_OUTPUT", "GITHUB_RUN_ID"}
    read -= {"GITHUB_SERVER_URL", "GITHUB_REPOSITORY"}
    assert read == SCRIPT_VARIABLES | {"RUN_URL", "MAX_CHARS"}
    header = script.split("set -euo pipefail", 1)[0]
    for variable in read | {"GITHUB_OUTPUT"}:
        assert f"#   {variable} " in header, f"the script's header does not document {variable}"


def test_ci_runs_the_script_in_a_fork_like_setting() -> None:
    """.ci/run runs the same script on a known change in a temporary clone, with `env -i` (no secret)."""
    run = CI.replace("\\\n", " ")
    (line,) = [line for line in run.splitlines() if "stackyard-pr-comment.sh" in line and "bash" in line]
    assert "env -i " in line and 'bash "$OLDPWD/.github/scripts/stackyard-pr-comment.sh"' in line
    assert set(re.findall(r"\b([A-Z_]+)=", line)) >= SCRIPT_VARIABLES
    assert "BASE=origin/main" in line and 'STACKS="staging prod"' in line
    assert "GITHUB_TOKEN" not in line and "SECRET" not in line
    assert (
        "git clone" in CI
        and "change='+ containerDefinitions{json}[name=app].environment[name=LOG_LEVEL]" in CI
    )


def test_the_comment_workflow_never_runs_the_pull_requests_code() -> None:
    workflow = load(by_name("preview-comment.yml"))
    assert triggers(workflow) == {"workflow_run"}
    on = workflow.get("on", workflow.get(True))
    # It follows the offline preview, by that workflow's name.
    assert on["workflow_run"]["workflows"] == [load(by_name("preview-offline.yml"))["name"]]
    all_steps = [step for _, step in every_step(by_name("preview-comment.yml"))]
    assert all_steps
    assert not any(uses(step, "actions/checkout") for step in all_steps)
    actions = {str(step["uses"]).split("@")[0] for step in all_steps if "uses" in step}
    assert actions == {"actions/download-artifact"}
    runs = "\n".join(str(step.get("run", "")) for step in all_steps)
    # Only gh, jq and coreutils: nothing that could run code from the repository.
    runners = re.findall(
        r"(?:^|[\s;|&(])(git|uv|uvx|pip|python3?|stackyard|bash|sh|source|eval|make|npm|npx|node)\s", runs
    )
    assert runners == []
    # The artifact's number is checked as an integer, and against the commit the run diffed.
    assert "^[1-9][0-9]{0,9}$" in runs
    assert "HEAD_SHA" in runs and "github.event.workflow_run.head_sha" in yaml.safe_dump(workflow)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_an_untrusted_value_never_reaches_a_shell_through_an_expression(path: Path) -> None:
    """`${{ github.event.* }}`, `${{ github.head_ref }}` or `${{ inputs.* }}` (a caller's or a manual run's
    value) in `run:` would be pasted into the script."""
    for name, step in every_step(path):
        script = str(step.get("run", ""))
        assert not re.search(
            r"\$\{\{\s*(github\.event\.|github\.head_ref|github\.base_ref|inputs\.)", script
        ), f"{path.name} job {name}: pass it through env: instead"


# -- Dependabot and CI -------------------------------------------------------------------------------------


def test_dependabot_keeps_the_actions_and_the_uv_lock_current() -> None:
    config = load(ROOT / ".github" / "dependabot.yml")
    assert config["version"] == 2
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert {"github-actions", "uv"} <= set(ecosystems)
    for name in ("github-actions", "uv"):
        assert ecosystems[name]["directory"] == "/"


def test_ci_audits_every_shipped_workflow_offline() -> None:
    assert "zizmor --offline" in CI and "--min-severity medium" in CI
    # Suppressions only inline: no configuration file may switch an audit off.
    assert "--no-config" in CI
    assert not list(ROOT.glob("zizmor.y*ml")) and not list((ROOT / ".github").glob("zizmor.y*ml"))
    assert "-path '*/workflows/*'" in CI and "find .github/workflows docs examples" in CI
    assert "vendor.dependabot .github/dependabot.yml" in CI


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_suppression_gives_its_reason(path: Path) -> None:
    for line in path.read_text().splitlines():
        if "zizmor: ignore[" in line:
            assert re.search(r"zizmor: ignore\[[\w,-]+\]\s+--\s+reason:\s+\S", line), line


# -- docs --------------------------------------------------------------------------------------------------


def test_the_readme_lists_every_workflow() -> None:
    listed = set(re.findall(r"^\| `([\w.-]+\.yml)` \|", README, flags=re.M))
    assert listed == {p.name for p in WORKFLOW_DIR.glob("*.yml")}


@pytest.mark.parametrize("text", [README, GUIDE], ids=["README", "ci-preview"])
def test_the_docs_show_the_trust_conditions_per_environment_on_both_clouds(text: str) -> None:
    aws = re.search(
        r'"token\.actions\.githubusercontent\.com:sub": "repo:my-org/stackyard:environment:prod"', text
    )
    assert aws and '"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"' in text
    for environment in ("staging", "prod"):
        assert f"repo:my-org/stackyard:environment:{environment}" in text  # the AWS subject
        assert f'--member="$pool/subject/repo:my-org/stackyard:environment:{environment}"' in text  # GCP
