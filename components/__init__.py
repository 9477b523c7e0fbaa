"""stackyard components: reusable Pulumi ComponentResources, one package per cloud.

`components.aws`, `components.gcp` and `components.k8s` use the same class names for the same roles, so
switching clouds means switching the import. Components never read `pulumi.Config`.
"""
