"""`stackyard diff STACK --base REF`: the base is the ref's tree, extracted with `git archive` and rendered
by the ref's own code, and the working tree is never touched.

The tests build a throwaway git repository from a copy of this working tree, with two commits: HEAD~1
changes a tag in stacks/aws.py, HEAD is the copy as it is. `stackyard diff` runs in that repository with
this process's code (the same as HEAD's), so a difference can only come from the base's own code. The real
repository's index and work tree are only read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from stacks import cli
from stacks.diff_sources import BaseRender, BaseRequest, SourceError
from tests.conftest import ROOT

TAG = '"managed-by": "stackyard"'
OLD_TAG = '"managed-by": "stackyard-old"'
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    here = tmp_path_factory.mktemp("repo")
    listed = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (here / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, here / name)
    program = here / "stacks" / "aws.py"
    code = program.read_text()
    assert TAG in code
    git(here, "init", "-q")
    program.write_text(code.replace(TAG, OLD_TAG))
    git(here, "add", "-A")
    git(here, "commit", "-q", "-m", "the old tag")
    program.write_text(code)
    git(here, "commit", "-q", "-am", "the copy as it is")
    yield here


def diff(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    code = cli.main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_base_head_on_a_clean_tree_has_no_changes(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = git(repo, "status", "--porcelain")
    code, out, err = diff(repo, monkeypatch, capsys, "staging", "--base", "HEAD")
    assert code == 0, err
    assert "No changes" in out and "staging at HEAD (" in out
    assert git(repo, "status", "--porcelain") == status == ""  # the work tree is as it was
    assert not [name for name in os.listdir(repo) if name.startswith("stackyard-diff-")]


def test_the_base_is_rendered_by_the_refs_own_code(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """HEAD~1 and HEAD have the same stack file; only the code differs (a tag in stacks/aws.py)."""
    code, out, err = diff(repo, monkeypatch, capsys, "staging", "--base", "HEAD~1", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert found["before"].startswith("staging at HEAD~1 (") and found["after"] == "staging (working tree)"
    assert found["summary"]["update"] > 10 and found["summary"]["create"] == found["summary"]["delete"] == 0
    changes = [c for r in found["resources"] for c in r["changes"]]
    assert changes and all("managed-by" in c["path"] for c in changes)
    assert all((c["before"], c["after"]) == ("stackyard-old", "stackyard") for c in changes)


def test_a_stack_file_missing_at_the_base_is_all_added(repo: Path) -> None:
    new = repo / "Pulumi.extra.yaml"
    shutil.copy2(repo / "Pulumi.staging.yaml", new)
    try:
        with BaseRender(BaseRequest("HEAD", repo, new, "extra")) as base:
            base.start()
            assert base.document()["resources"] == []
            assert base.notes == ["Pulumi.extra.yaml does not exist at HEAD: every resource is added."]
    finally:
        new.unlink()


def test_an_unknown_ref_is_a_usage_error(repo: Path) -> None:
    with (
        pytest.raises(SourceError, match="no such commit"),
        BaseRender(BaseRequest("no-such-branch", repo, repo / "Pulumi.staging.yaml")) as base,
    ):
        base.start()
