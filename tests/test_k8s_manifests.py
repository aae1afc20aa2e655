"""deploy/k8s builds with kustomize and every object validates against the Kubernetes JSON schemas
shipped in the `kubernetes-validate` package (strict: unknown fields fail), offline; the
RabbitmqCluster against the schema in deploy/k8s/schemas. Then what an operator relies on:
probes, resources, budgets, autoscalers, and every credential from a Secret with no default."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from deploy.run import SERVICES

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.33.0"
CREDENTIALS = {
    "intake": {
        "HELPDESK_WHATSAPP_APP_SECRET",
        "HELPDESK_WHATSAPP_VERIFY_TOKEN",
        "HELPDESK_FILE_LINK_SECRET",
    },
    "tickets": {"HELPDESK_CUSTOMER_TOKEN_SECRET", "HELPDESK_FILE_LINK_SECRET"},
    "chat": {"HELPDESK_FILE_LINK_SECRET"},
    "notify": {"HELPDESK_SMTP_PASSWORD", "HELPDESK_WHATSAPP_TOKEN"},
}
EVERY_SERVICE_CREDENTIALS = {"HELPDESK_AMQP_URL", "HELPDESK_MONGO_URL"}


@pytest.fixture(scope="module")
def objects() -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.fail("kubectl (Debian/apt package `kubectl`) is needed for `kubectl kustomize`")
    built = subprocess.run(
        [kubectl, "kustomize", str(K8S)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return [doc for doc in yaml.safe_load_all(built) if doc]


def by_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def test_every_manifest_validates_against_the_kubernetes_schemas(
    objects: list[dict[str, Any]],
) -> None:
    schema_file = K8S / "schemas" / "rabbitmqcluster-rabbitmq-v1beta1.json"
    operator_schema = json.loads(schema_file.read_text())
    for obj in objects:
        if obj["kind"] == "RabbitmqCluster":
            jsonschema.validate(obj, operator_schema)
        else:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


def test_a_typo_in_a_manifest_is_caught(objects: list[dict[str, Any]]) -> None:
    deployment = json.loads(json.dumps(by_kind(objects, "Deployment")["tickets"]))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbe"]["httpGet"]["pth"] = "/"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_every_service_has_probes_resources_budget_and_autoscaler(
    objects: list[dict[str, Any]],
) -> None:
    deployments = by_kind(objects, "Deployment")
    assert set(deployments) == set(SERVICES)
    for name, port in SERVICES.items():
        pod = deployments[name]["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert container["command"] == ["python", "-m", name]
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert {"cpu", "memory"} <= set(container["resources"]["limits"])
        assert {"name": "http", "containerPort": port} in container["ports"]
        assert by_kind(objects, "Service")[name]["spec"]["ports"][0]["port"] == port
        assert by_kind(objects, "PodDisruptionBudget")[name]["spec"]["minAvailable"] >= 1
        hpa = by_kind(objects, "HorizontalPodAutoscaler")[name]["spec"]
        assert hpa["scaleTargetRef"]["name"] == name
        assert hpa["minReplicas"] >= 2
        assert hpa["metrics"][0]["resource"]["name"] == "cpu"


def test_every_credential_comes_from_a_secret_without_a_default(
    objects: list[dict[str, Any]],
) -> None:
    for name, deployment in by_kind(objects, "Deployment").items():
        env = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
        for variable in EVERY_SERVICE_CREDENTIALS | CREDENTIALS.get(name, set()):
            reference = env[variable]["valueFrom"]["secretKeyRef"]
            assert "value" not in env[variable]
            assert reference.get("optional", False) is False, f"{name}: {variable} optional"
    assert not by_kind(objects, "Secret"), "Secrets are created by the operator, never shipped"


def test_the_smtp_door_is_a_service(objects: list[dict[str, Any]]) -> None:
    door = by_kind(objects, "Service")["intake-smtp"]["spec"]
    assert door["ports"] == [{"name": "smtp", "port": 2525, "targetPort": "smtp"}]
    assert door["selector"] == {"app.kubernetes.io/name": "intake"}


def test_broker_and_database_run_three_members(objects: list[dict[str, Any]]) -> None:
    assert by_kind(objects, "RabbitmqCluster")["helpdesk-rabbitmq"]["spec"]["replicas"] == 3
    mongo = by_kind(objects, "StatefulSet")["helpdesk-mongo"]["spec"]
    assert mongo["replicas"] == 3
    assert "--replSet" in mongo["template"]["spec"]["containers"][0]["args"]
    assert by_kind(objects, "Service")[mongo["serviceName"]]["spec"]["clusterIP"] == "None"
