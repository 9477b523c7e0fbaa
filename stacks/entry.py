"""The `stackyard` console script. The stack machinery needs the `cli` extra (pydantic, PyYAML); a plain
`pip install stackyard` (components only) gets a one-line hint instead of a traceback."""

from __future__ import annotations

import sys

CLI_MODULES = ("pydantic", "yaml")


def main() -> int:
    if sys.argv[1:] == ["--version"]:  # the same line as `stacks.cli`'s, without importing the SDKs first
        from .version import version_line

        print(version_line())
        return 0
    from .collector import quiet_collector, settle_for_exit

    quiet_collector()
    try:
        from .cli import main as run
    except ModuleNotFoundError as error:
        if error.name not in CLI_MODULES:
            raise
        print(
            'stackyard: this command needs the stack machinery; pip install "stackyard[cli]"', file=sys.stderr
        )
        return 2
    quiet_collector()  # again: freeze what the command imported
    try:
        return run()
    finally:
        settle_for_exit()
