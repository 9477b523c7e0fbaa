"""The version `stackyard --version` prints: the installed distribution's, from its metadata; the source
tree's own (`components.__version__`, which the build reads) when stackyard runs uninstalled."""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "stackyard"


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        from components import __version__

        return __version__


def version_line() -> str:
    """What `stackyard --version` prints: `stackyard X.Y.Z`."""
    return f"{DISTRIBUTION} {version()}"
