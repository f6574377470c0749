#!/usr/bin/env bash
# Issue 4's install promise, checked for real: in a fresh venv, `pip install .` (no extras) brings no server-side
# package, and `import kllgraph` works.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="$(mktemp -d "${TMPDIR:-/tmp}/kllgraph-sdk-only.XXXXXX")"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check -q "$repo"
"$venv/bin/python" - <<'PY'
import importlib.util

import kllgraph

present = [name for name in ("strawberry", "starlette", "uvicorn") if importlib.util.find_spec(name) is not None]
assert not present, f"the SDK-only install pulled in {present}"
client = kllgraph.Client(base_url="http://127.0.0.1:9/graphql")
client.close()
print(f"sdk-only install ok: kllgraph {kllgraph.__version__} without strawberry, starlette or uvicorn")
PY
