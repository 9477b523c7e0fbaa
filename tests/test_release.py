"""Versioning and releases: one version, written once, that the installed distribution, the component
providers and CHANGELOG.md agree on; the release workflow can find its notes."""

from __future__ import annotations

import re
import subprocess
from importlib.metadata import version

from components import __version__
from tests.conftest import ROOT

CHANGELOG = (ROOT / "CHANGELOG.md").read_text()
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def test_the_version_is_semantic_and_the_installed_distribution_has_it() -> None:
    assert SEMVER.match(__version__)
    assert version("stackyard") == __version__


def test_the_newest_changelog_entry_is_this_version() -> None:
    headings = re.findall(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", CHANGELOG, flags=re.M)
    assert headings and headings[0][0] == __version__
    versions = [tuple(int(p) for p in v.split(".")) for v, _ in headings]
    assert versions == sorted(versions, reverse=True)


def test_the_release_workflow_extracts_this_versions_notes() -> None:
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text()
    (awk,) = re.findall(r"awk -v heading=\"## \$\{version\} \" '([^']+)' CHANGELOG.md", workflow)
    notes = subprocess.run(
        ["awk", "-v", f"heading=## {__version__} ", awk, "CHANGELOG.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "### Added" in notes and "## " not in notes.replace("### ", "")
