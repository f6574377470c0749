"""tools/check_wheel_contents.py (run by scripts/check_wheels.sh in CI) tells a lean SDK wheel from a fat one."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ..conftest import REPO

LICENSE = (REPO / "LICENSE").read_bytes()
GATEWAY_SCRIPT = "[console_scripts]\nkllgraph-gateway = kllgraph_gateway._cli:main\n"
SDK_METADATA = (
    "Metadata-Version: 2.4\nName: kllgraph\nVersion: 0.1.0\n"
    "Requires-Dist: cachetools>=5.3\nRequires-Dist: httpx>=0.27\nRequires-Dist: pydantic>=2.7\n"
    "Requires-Dist: pandas>=2.0; extra == 'notebook'\n"
)


@pytest.fixture(scope="module")
def checker() -> Any:
    spec = importlib.util.spec_from_file_location("check_wheel_contents", REPO / "tools" / "check_wheel_contents.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass resolves annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def _sdk_wheel(path: Path, *, extra_files: dict[str, str] | None = None, metadata: str = SDK_METADATA) -> Path:
    """A wheel of the checkout's sdk/kllgraph, plus `extra_files` (name -> text)."""
    sdk = REPO / "sdk"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted((sdk / "kllgraph").rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".pyc":
                archive.write(file, file.relative_to(sdk).as_posix())
        archive.writestr("kllgraph-0.1.0.dist-info/METADATA", metadata)
        archive.writestr("kllgraph-0.1.0.dist-info/licenses/LICENSE", LICENSE)
        for name, text in (extra_files or {}).items():
            archive.writestr(name, text)
    return path


def test_a_wheel_of_exactly_the_sdk_passes(checker: Any, tmp_path: Path) -> None:
    wheel = _sdk_wheel(tmp_path / "kllgraph-0.1.0-py3-none-any.whl")
    assert checker.check_wheel(wheel, checker.SPECS[0], LICENSE) == []


def test_server_code_console_scripts_and_server_requirements_are_each_reported(checker: Any, tmp_path: Path) -> None:
    wheel = _sdk_wheel(
        tmp_path / "kllgraph-0.1.0-py3-none-any.whl",
        extra_files={
            "kllgraph_gateway/__init__.py": "",
            "kllgraph-0.1.0.dist-info/entry_points.txt": GATEWAY_SCRIPT,
        },
        metadata=SDK_METADATA + "Requires-Dist: starlette>=0.37\n",
    )
    problems = "\n".join(checker.check_wheel(wheel, checker.SPECS[0], LICENSE))
    assert "kllgraph_gateway/__init__.py" in problems
    assert "console scripts ['kllgraph-gateway']" in problems
    assert "'starlette'" in problems


def test_a_gateway_wheel_without_its_snapshot_is_reported(checker: Any, tmp_path: Path) -> None:
    wheel = tmp_path / "kllgraph_gateway-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("kllgraph_gateway/__init__.py", "")
        archive.writestr("kllgraph_gateway-0.1.0.dist-info/licenses/LICENSE", LICENSE)
        archive.writestr("kllgraph_gateway-0.1.0.dist-info/entry_points.txt", GATEWAY_SCRIPT)
    problems = "\n".join(checker.check_wheel(wheel, checker.SPECS[1], LICENSE))
    assert "lacks" in problems and "package files" in problems
    assert "console scripts" not in problems
