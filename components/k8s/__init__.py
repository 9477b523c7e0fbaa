"""stackyard components for Kubernetes (type tokens `stackyard-k8s:index:<Class>`). None are built yet."""
