"""deploy/: what can be checked without a container engine.

- Kubernetes: every manifest of the kustomization validates, strictly (unknown fields refused), against the
  Kubernetes OpenAPI schemas bundled in the pinned `kubernetes-validate` package (1.29, the oldest release we claim,
  and 1.37, the newest it bundles); then what the schema cannot see: probes, grace period, secrets, selectors.
- Dockerfile: its structure, and its HEALTHCHECK and CMD run for real (on this machine, with the image's ENV).
- compose.yaml and haproxy.cfg: parsed, every reference resolved; `haproxy -c` when HAProxy is installed.
"""

from __future__ import annotations

import copy
import json
import math
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import httpx
import kubernetes_validate
import pytest
import yaml

from ..conftest import REPO
from ..gateway.served import free_port, gateway_env, serve_process

DEPLOY = REPO / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
KUBERNETES_VERSIONS = ("1.29.0", "1.37.0")
VERSION = tomllib.loads((REPO / "gateway" / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
IMAGE = f"kllgraph-gateway:{VERSION}"


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _manifests() -> dict[str, dict[str, Any]]:
    """kind -> manifest, for every resource the kustomization lists (one resource per file)."""
    kustomization = _yaml(KUBERNETES / "kustomization.yaml")
    found = {}
    for name in kustomization["resources"]:
        manifest = _yaml(KUBERNETES / name)
        found[manifest["kind"]] = manifest
    return found


# --- Kubernetes --------------------------------------------------------------------------------------------------


def test_the_kustomization_lists_every_manifest_in_the_folder() -> None:
    listed = set(_yaml(KUBERNETES / "kustomization.yaml")["resources"])
    assert listed == {path.name for path in KUBERNETES.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(_manifests()) == {"ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler",
                                 "PodDisruptionBudget"}


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_manifest_validates_strictly_against_the_kubernetes_schemas(version: str) -> None:
    for kind, manifest in _manifests().items():
        validated = kubernetes_validate.validate(manifest, version, strict=True)
        assert validated == version.rsplit(".", 1)[0], kind


def test_the_validator_refuses_what_a_cluster_would() -> None:
    deployment = _manifests()["Deployment"]
    typo = copy.deepcopy(deployment)
    container = typo["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError, match="readinesProbe"):
        kubernetes_validate.validate(typo, KUBERNETES_VERSIONS[-1], strict=True)
    wrong_type = copy.deepcopy(deployment)
    wrong_type["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] = "25s"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(wrong_type, KUBERNETES_VERSIONS[-1], strict=True)


def test_the_deployment_probes_healthz_and_drains_within_its_grace_period() -> None:
    manifests = _manifests()
    pod = manifests["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"] == IMAGE
    port_names = {port["name"]: port["containerPort"] for port in container["ports"]}
    settings = manifests["ConfigMap"]["data"]
    assert port_names["http"] == int(settings["KLLGRAPH_PORT"]) and settings["KLLGRAPH_HOST"] == "0.0.0.0"
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/healthz", "port": "http"}, probe
    assert set(container["resources"]["requests"]) == {"cpu", "memory"}
    assert "memory" in container["resources"]["limits"]
    # SIGTERM comes after preStop; the gateway then drains for the request deadline plus one second (_serve.py).
    pre_stop = container["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    drain = math.ceil(float(settings["KLLGRAPH_REQUEST_DEADLINE_SECONDS"])) + 1
    assert pod["terminationGracePeriodSeconds"] >= int(pre_stop[1]) + drain
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    assert container["envFrom"] == [{"configMapRef": {"name": manifests["ConfigMap"]["metadata"]["name"]}}]


def test_secrets_come_from_secret_references_only() -> None:
    manifests = _manifests()
    (container,) = manifests["Deployment"]["spec"]["template"]["spec"]["containers"]
    env = {item["name"]: item for item in container["env"]}
    assert env["KLLGRAPH_REDIS_URL"]["valueFrom"]["secretKeyRef"]["name"] == "kllgraph-redis"
    for name, item in env.items():
        assert "value" not in item, f"{name} is written in clear"
    assert not any(re.search(r"REDIS_URL|TOKEN", key) for key in manifests["ConfigMap"]["data"])
    text = "\n".join(path.read_text(encoding="utf-8") for path in KUBERNETES.glob("*.yaml"))
    assert "kind: Secret\n" not in text  # the Secrets are made by the operator (docs/deploy.md), never committed


def test_service_hpa_and_pdb_point_at_the_deployment() -> None:
    manifests = _manifests()
    deployment = manifests["Deployment"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert manifests["Service"]["spec"]["selector"].items() <= labels.items()
    assert manifests["Service"]["spec"]["ports"][0]["targetPort"] == "http"
    assert manifests["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert manifests["PodDisruptionBudget"]["spec"]["minAvailable"] < manifests["HorizontalPodAutoscaler"]["spec"][
        "minReplicas"]
    target = manifests["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])


# --- Dockerfile --------------------------------------------------------------------------------------------------


def _instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments and parser directives left out."""
    joined = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    found = []
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, arguments = line.strip().partition(" ")
            found.append((keyword.upper(), arguments.strip()))
    return found


def _final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    last_from = max(index for index, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def _env(instructions: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, arguments in instructions:
        if keyword == "ENV":
            for part in shlex.split(arguments):
                key, _, value = part.partition("=")
                env[key] = value
    return env


def _exec_form(arguments: str) -> list[str]:
    parsed = json.loads(arguments)
    assert isinstance(parsed, list) and all(isinstance(part, str) for part in parsed), arguments
    return parsed


def test_dockerfile_slim_base_non_root_gateway_only_offline_by_default() -> None:
    instructions = _instructions(DEPLOY / "Dockerfile")
    args = dict(arguments.split("=", 1) for keyword, arguments in instructions if keyword == "ARG")
    bases = [arguments.split()[0].replace("${PYTHON_IMAGE}", args["PYTHON_IMAGE"])
             for keyword, arguments in instructions if keyword == "FROM"]
    assert bases and all(re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", base) for base in bases), bases
    final = _final_stage(instructions)
    users = [arguments for keyword, arguments in final if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    copied = [arguments.split()[0] for keyword, arguments in instructions if keyword == "COPY"]
    assert copied == ["LICENSE", "gateway"]  # the gateway distribution only
    assert any('"./gateway[redis]"' in arguments for keyword, arguments in instructions if keyword == "RUN")
    env = _env(final)
    assert env["KLLGRAPH_OFFLINE"] == "true" and env["KLLGRAPH_HOST"] == "0.0.0.0"
    (cmd,) = [_exec_form(arguments) for keyword, arguments in final if keyword == "CMD"]
    assert cmd[:2] == ["kllgraph-gateway", "serve"] and "--offline" not in cmd  # KLLGRAPH_OFFLINE=false goes live
    (healthcheck,) = [arguments for keyword, arguments in final if keyword == "HEALTHCHECK"]
    assert "/healthz" in healthcheck
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert ignored[ignored.index("*"):][:3] == ["*", "!LICENSE", "!gateway"]


def test_dockerfile_cmd_and_healthcheck_work_with_the_images_environment(tmp_path: Path) -> None:
    """The image's CMD and HEALTHCHECK, run here with its ENV (loopback instead of 0.0.0.0 in a test)."""
    final = _final_stage(_instructions(DEPLOY / "Dockerfile"))
    env = _env(final) | {"KLLGRAPH_HOST": "127.0.0.1", "KLLGRAPH_PORT": str(free_port())}
    (cmd,) = [_exec_form(arguments) for keyword, arguments in final if keyword == "CMD"]
    (healthcheck,) = [arguments for keyword, arguments in final if keyword == "HEALTHCHECK"]
    check = _exec_form(healthcheck.split(" CMD ", 1)[1])
    assert check[0] == "python"
    check_env = gateway_env(**{key.removeprefix("KLLGRAPH_").lower(): value for key, value in env.items()
                               if key.startswith("KLLGRAPH_")})
    assert cmd[0] == "kllgraph-gateway"
    with serve_process(cmd[2:], check_env, tmp_path) as gateway:
        assert gateway.port == int(env["KLLGRAPH_PORT"])
        gateway.wait_healthy()
        assert httpx.get(gateway.base_url + "/healthz", timeout=5).json()["mode"] == "offline"
        assert subprocess.run([sys.executable, *check[1:]], env=check_env, timeout=30).returncode == 0
        gateway.process.send_signal(signal.SIGTERM)
        assert gateway.process.wait(30) == 0
    refused = subprocess.run([sys.executable, *check[1:]], env=check_env, timeout=30, capture_output=True)
    assert refused.returncode != 0  # the container would turn unhealthy


# --- compose and HAProxy -----------------------------------------------------------------------------------------


def test_compose_references_resolve() -> None:
    compose = _yaml(DEPLOY / "compose.yaml")
    services = compose["services"]
    assert set(services) == {"gateway", "redis", "balancer"}
    gateway = services["gateway"]
    assert (DEPLOY / gateway["build"]["context"] / gateway["build"]["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert gateway["image"] == IMAGE and gateway["deploy"]["replicas"] >= 2
    for name, service in services.items():
        assert service["healthcheck"]["test"][0] == "CMD", name
        for dependency, condition in service.get("depends_on", {}).items():
            assert dependency in services and condition == {"condition": "service_healthy"}, (name, dependency)
            assert "healthcheck" in services[dependency]
    assert "/healthz" in " ".join(gateway["healthcheck"]["test"])
    redis_url = httpx.URL(gateway["environment"]["KLLGRAPH_REDIS_URL"])
    assert redis_url.host in services and not redis_url.password
    assert gateway["stop_grace_period"] == "20s"  # the deadline (15 s) + 1 s drain, and spare
    (mount,) = services["balancer"]["volumes"]
    source, target = mount.split(":")[:2]
    assert (DEPLOY / source).resolve() == DEPLOY / "haproxy.cfg" and target.endswith("haproxy.cfg")
    config = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    template = re.search(r"^\s*server-template \S+ \d+ (\S+):(\d+) ", config, re.MULTILINE)
    assert template is not None and template.group(1) == "gateway" and template.group(2) in gateway["expose"]
    bind = re.search(r"^\s*bind :(\d+)$", config, re.MULTILINE)
    assert bind is not None and services["balancer"]["ports"][0].endswith(f":{bind.group(1)}")
    for option in ("option httpchk GET /healthz", "retry-on all-retryable-errors", "option redispatch"):
        assert option in config


@pytest.mark.skipif(shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists(),
                    reason="haproxy is not installed")
def test_haproxy_accepts_the_configuration() -> None:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    checked = subprocess.run([haproxy, "-c", "-f", str(DEPLOY / "haproxy.cfg")], capture_output=True, text=True,
                             timeout=30)
    assert checked.returncode == 0, checked.stdout + checked.stderr
