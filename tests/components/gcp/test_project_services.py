"""components.gcp.ProjectServices: APIs switched on, never switched off by a destroy."""

from __future__ import annotations

import pulumi
import pytest

from components.gcp.project_services import ProjectServices, ProjectServicesArgs
from stacks.mocks import RecordingMonitor
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

SERVICE = "gcp:projects/service:Service"


def test_one_service_per_api_never_disabled_on_destroy(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        ProjectServices(
            "app", {"services": ["sqladmin.googleapis.com", "run.googleapis.com", "run.googleapis.com"]}
        )

    program()
    apis = {r.name: r.inputs for r in of_type(monitor, SERVICE)}
    assert set(apis) == {"app-run", "app-sqladmin"}
    assert apis["app-run"]["service"] == "run.googleapis.com"
    assert all(
        a["disableOnDestroy"] is False and a["disableDependentServices"] is False for a in apis.values()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [({}, "services is required"), ({"services": ["run"]}, r"\['run'\] are not API names")],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: ProjectServicesArgs, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ProjectServices("bad", args)
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(ProjectServices)
    assert len(of_type(monitor, SERVICE)) == 2
