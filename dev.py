#!/usr/bin/env python3
"""Set up and run kllgraph on a fresh machine with only Python 3.11+ and pip.

    python3 dev.py serve    # gateway on the bundled offline snapshot; prints the GraphiQL URL
    python3 dev.py test     # lint (ruff), type-check (mypy) and the test suite (pytest)

Both create `.venv` on first use and reinstall when pyproject.toml changes. Extra arguments go to the
underlying command (`python3 dev.py serve --port 9000`, `python3 dev.py test -k pagination`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


# What each command installs into .venv, all editable: the SDK (this directory, `kllgraph`), then the sibling
# distributions gateway/ (`kllgraph-gateway`) and codegen/ (`kllgraph-codegen`). Two pip runs, SDK first: in a
# .venv from before the split, reinstalling `kllgraph` removes the console scripts it used to own, so the
# siblings must install theirs after that.
INSTALLS = {
    "serve": [["-e", "."], ["-e", "./gateway"]],
    "test": [["-e", ".[dev]"], ["-e", "./gateway[redis,otel]", "-e", "./codegen"]],
}
PYPROJECTS = [ROOT / "pyproject.toml", ROOT / "gateway" / "pyproject.toml", ROOT / "codegen" / "pyproject.toml"]


def _ensure_env(command: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 -- dev.py may be started by an older python3
        sys.exit(f"kllgraph needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    steps = INSTALLS[command]
    stamp = VENV / f".kllgraph-installed-{command}"
    digest = hashlib.sha256(repr(steps).encode())
    for pyproject in PYPROJECTS:
        digest.update(pyproject.read_bytes())
    wanted = digest.hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    names = [part for step in steps for part in step if part != "-e"]
    print(f"installing {' '.join(names)} (editable) into {VENV} ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    for step in steps:
        subprocess.run([*pip, *step], check=True, cwd=ROOT)
    stamp.write_text(wanted)


def serve(args: list[str]) -> int:
    _ensure_env("serve")
    return subprocess.call([str(BIN / "kllgraph-gateway"), "serve", "--offline", *args], cwd=ROOT)


def test(args: list[str]) -> int:
    _ensure_env("test")
    steps = [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "mypy")],
        [str(PYTHON), "-m", "pytest", *args],
    ]
    for step in steps:
        print("$", " ".join(Path(step[0]).name if i == 0 else part for i, part in enumerate(step)), flush=True)
        code = subprocess.call(step, cwd=ROOT)
        if code != 0:
            return code
    return 0


def main() -> int:
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
