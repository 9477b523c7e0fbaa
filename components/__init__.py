"""stackyard components: reusable Pulumi ComponentResources, one package per cloud.

`components.aws`, `components.gcp` and `components.k8s` use the same class names for the same roles, so
switching clouds means switching the import. Components never read `pulumi.Config`.
"""

# The one place the version is written: pyproject.toml reads it (hatch), and so do the component
# providers that `pulumi package add` runs. Semantic versioning: see CHANGELOG.md.
__version__ = "0.3.0"
