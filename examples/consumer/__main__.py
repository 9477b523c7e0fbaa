"""A small service on AWS from stackyard's components: a network, an ECS cluster, a PostgreSQL database and
an API container that may reach it. Plain Pulumi: the components take arguments, not stack files.

stackyard installs as `stackyard` (stackyard.aws, stackyard.gcp, stackyard.k8s), so this project keeps
its own `components` package (components/tags.py) under that common name."""

import pulumi
from components.tags import team_tags
from stackyard.aws import Cluster, ContainerService, ManagedPostgres, Vpc

config = pulumi.Config()
image = config.get("image") or "public.ecr.aws/nginx/nginx:1.27"
tags = team_tags("orders", "cc-1234")

network = Vpc("orders", {"cidr_block": "10.40.0.0/16", "zone_count": 2, "nat": "single", "tags": tags})
cluster = Cluster("orders", {"vpc_id": network.vpc_id, "tags": tags})
database = ManagedPostgres(
    "orders",
    {
        "vpc_id": network.vpc_id,
        "subnet_ids": network.isolated_subnet_ids,
        "instance_class": "db.t4g.small",
        "multi_az": False,
        "deletion_protection": False,
        "final_snapshot": False,
        "protect": False,
    },
)
api = ContainerService(
    "orders-api",
    {
        "cluster_arn": cluster.arn,
        "cluster_name": cluster.name,
        "vpc_id": network.vpc_id,
        "vpc_cidr": network.cidr_block,
        "subnet_ids": network.private_subnet_ids,
        "image": image,
        "port": 8080,
        "cpu": 0.5,
        "memory_gb": 1,
        "environment": {"DATABASE_HOST": database.endpoint, "DATABASE_SSLMODE": "require"},
        # By reference: ECS reads the password from Secrets Manager when a task starts.
        "secrets": {"DATABASE_PASSWORD": database.secret_arn.apply(lambda arn: f"{arn}:password::")},
    },
)
database.allow_from("orders-api", api.security_group_id)

pulumi.export("apiServiceName", api.service_name)
pulumi.export("databaseEndpoint", database.endpoint)
