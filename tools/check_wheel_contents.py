"""Check the three built wheels against what each user group is promised (issue 11).

    python tools/check_wheel_contents.py DIST_DIR     # DIST_DIR holds the wheels scripts/check_wheels.sh built

- `kllgraph` (the SDK): under 300 KB, exactly the files of sdk/kllgraph, no gateway or codegen code, no console
  script, and only httpx, pydantic and cachetools as unconditional requirements;
- `kllgraph-gateway`: exactly the files of gateway/kllgraph_gateway (so the bundled snapshot and the vendored
  GraphiQL assets) and the `kllgraph-gateway` console script;
- `kllgraph-codegen`: exactly the files of codegen/kllgraph_codegen and the `kllgraph-codegen` console script;
- each wheel carries the repository's LICENSE, byte for byte.

Prints one line per wheel and exits 1 listing every problem found.
"""

from __future__ import annotations

import configparser
import sys
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
SDK_WHEEL_LIMIT_BYTES = 300 * 1024
SDK_REQUIREMENTS = frozenset({"httpx", "pydantic", "cachetools"})


@dataclass(frozen=True)
class WheelSpec:
    """What one distribution's wheel must hold."""

    distribution: str  # normalised as in wheel file names
    package_dir: Path  # the package in the checkout; the wheel holds exactly its files
    console_scripts: frozenset[str]
    max_bytes: int | None = None


SPECS = (
    WheelSpec("kllgraph", REPO / "sdk" / "kllgraph", frozenset(), SDK_WHEEL_LIMIT_BYTES),
    WheelSpec("kllgraph_gateway", REPO / "gateway" / "kllgraph_gateway", frozenset({"kllgraph-gateway"})),
    WheelSpec("kllgraph_codegen", REPO / "codegen" / "kllgraph_codegen", frozenset({"kllgraph-codegen"})),
)


def package_files(package_dir: Path) -> set[str]:
    """Paths (as in a wheel: `package/sub/file`) of the package's files in the checkout, without caches."""
    return {
        path.relative_to(package_dir.parent).as_posix()
        for path in package_dir.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def check_wheel(wheel: Path, spec: WheelSpec, license_text: bytes) -> list[str]:
    """Every way `wheel` differs from `spec`, as readable sentences (empty: it is as promised)."""
    problems: list[str] = []
    if spec.max_bytes is not None and wheel.stat().st_size >= spec.max_bytes:
        problems.append(f"{wheel.name} is {wheel.stat().st_size} bytes, limit {spec.max_bytes}")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = next((name.split("/")[0] for name in names if name.split("/")[0].endswith(".dist-info")), "")
        code = {name for name in names if not name.startswith(dist_info + "/")}
        expected = package_files(spec.package_dir)
        if missing := sorted(expected - code):
            problems.append(f"{wheel.name} lacks {len(missing)} package files, e.g. {missing[:3]}")
        if extra := sorted(code - expected):
            problems.append(f"{wheel.name} holds {len(extra)} files not in {spec.package_dir.name}, e.g. {extra[:3]}")
        scripts = _console_scripts(archive, f"{dist_info}/entry_points.txt")
        if scripts != spec.console_scripts:
            problems.append(f"{wheel.name} console scripts {sorted(scripts)}, expected {sorted(spec.console_scripts)}")
        license_name = f"{dist_info}/licenses/LICENSE"
        if license_name not in names or archive.read(license_name) != license_text:
            problems.append(f"{wheel.name} lacks the repository's LICENSE as {license_name}")
        if spec.distribution == "kllgraph":
            problems += _sdk_requirement_problems(wheel.name, archive.read(f"{dist_info}/METADATA").decode())
    return problems


def _console_scripts(archive: zipfile.ZipFile, entry_points_name: str) -> frozenset[str]:
    if entry_points_name not in archive.namelist():
        return frozenset()
    parser = configparser.ConfigParser(delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep script names' case
    parser.read_string(archive.read(entry_points_name).decode())
    return frozenset(parser["console_scripts"]) if parser.has_section("console_scripts") else frozenset()


def _sdk_requirement_problems(wheel_name: str, metadata_text: str) -> list[str]:
    metadata = Parser().parsestr(metadata_text)
    unconditional = {
        Requirement(text).name.lower() for text in metadata.get_all("Requires-Dist") or [] if ";" not in text
    }
    if unconditional != SDK_REQUIREMENTS:
        return [f"{wheel_name} requires {sorted(unconditional)} unconditionally, expected {sorted(SDK_REQUIREMENTS)}"]
    return []


def check_dist(dist: Path) -> list[str]:
    """Check the one wheel of each distribution in `dist`; print a line per wheel; return all problems."""
    license_text = (REPO / "LICENSE").read_bytes()
    problems: list[str] = []
    for spec in SPECS:
        wheels = sorted(dist.glob(f"{spec.distribution}-*.whl"))
        if len(wheels) != 1:
            problems.append(f"expected one {spec.distribution} wheel in {dist}, found {[w.name for w in wheels]}")
            continue
        found = check_wheel(wheels[0], spec, license_text)
        problems += found
        size_kb = wheels[0].stat().st_size / 1024
        print(f"{wheels[0].name}: {size_kb:.0f} KB, {'ok' if not found else f'{len(found)} problem(s)'}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check_dist(Path(argv[0]))
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
