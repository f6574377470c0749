#!/usr/bin/env bash
# Issue 11's distributions, checked for real on built wheels and fresh venvs:
#   1. build the three wheels (kllgraph = the SDK, kllgraph-gateway, kllgraph-codegen) and check their contents
#      (tools/check_wheel_contents.py);
#   2. `pip install <repo>` (no extras) in a fresh venv: the SDK imports, and there is no server-side package, no
#      kllgraph_gateway module and no console script;
#   3. `pip install "<repo>[gateway]"` in a fresh venv: `kllgraph-gateway` reads the bundled snapshot from the
#      installed wheel, and the README's first SDK snippet runs as written (it states this install);
#   4. `pip install "<repo>[notebook]"` there too: examples/explore.ipynb runs as shipped and draws its charts.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/kllgraph-wheels.XXXXXX")"
trap 'rm -rf "$work"' EXIT
pip_quiet=(--disable-pip-version-check -q)

python3 -m venv "$work/build-env"
"$work/build-env/bin/python" -m pip wheel "${pip_quiet[@]}" --no-deps --wheel-dir "$work/dist" \
  "$repo" "$repo/gateway" "$repo/codegen"
"$work/build-env/bin/python" -m pip install "${pip_quiet[@]}" packaging
"$work/build-env/bin/python" "$repo/tools/check_wheel_contents.py" "$work/dist"

# --- 2. the SDK alone ---------------------------------------------------------------------------------------------
python3 -m venv "$work/sdk-only"
"$work/sdk-only/bin/python" -m pip install "${pip_quiet[@]}" "$repo"
scripts=$(cd "$work/sdk-only/bin" && ls | grep -E '^kllgraph' || true)
[ -z "$scripts" ] || { echo "the SDK-only install has console scripts: $scripts" >&2; exit 1; }
"$work/sdk-only/bin/python" - <<'PY'
import importlib.metadata
import importlib.util

import kllgraph

server_side = ("kllgraph_gateway", "kllgraph_codegen", "strawberry", "starlette", "uvicorn", "graphql")
present = [name for name in server_side if importlib.util.find_spec(name) is not None]
assert not present, f"the SDK-only install brought {present}"
installed = {dist.metadata["Name"] for dist in importlib.metadata.distributions()}
assert not installed & {"kllgraph-gateway", "kllgraph-codegen"}, installed
assert not importlib.metadata.distribution("kllgraph").entry_points, "the SDK declares console scripts"
try:
    kllgraph.Client.local(offline=True)
except ImportError as error:
    assert 'pip install "kllgraph[gateway]"' in str(error), error
else:
    raise AssertionError("Client.local() worked without the gateway")
kllgraph.Client(base_url="http://127.0.0.1:9/graphql").close()
print(f"sdk-only install ok: kllgraph {kllgraph.__version__}, no server-side module, no console script")
PY

# --- 3. the SDK with its gateway extra ----------------------------------------------------------------------------
python3 -m venv "$work/with-gateway"
"$work/with-gateway/bin/python" -m pip install "${pip_quiet[@]}" "$repo[gateway]"
[ -x "$work/with-gateway/bin/kllgraph-gateway" ] || { echo "kllgraph[gateway] has no kllgraph-gateway" >&2; exit 1; }
[ ! -e "$work/with-gateway/bin/kllgraph-codegen" ] || { echo "kllgraph[gateway] brought kllgraph-codegen" >&2; exit 1; }
# Run outside the checkout, so nothing can be imported from it: the snapshot must come from the installed wheel.
(cd "$work" && "$work/with-gateway/bin/kllgraph-gateway" snapshot info >"$work/snapshot-info.txt")
grep -q '^|' "$work/snapshot-info.txt" || { echo "kllgraph-gateway snapshot info printed no table" >&2; exit 1; }
(cd "$work" && "$work/with-gateway/bin/python" - "$repo/README.md" <<'PY'
import re
import sys
from pathlib import Path

import kllgraph_gateway

assert "site-packages" in kllgraph_gateway.__file__, kllgraph_gateway.__file__
readme = Path(sys.argv[1]).read_text(encoding="utf-8")
section = re.search(r"## The Python SDK.*?```python\n(.*?)```", readme, re.DOTALL)
assert section, "README lost its SDK snippet"
assert 'pip install ".[gateway]"' in readme[section.start() : section.start(1)], "the snippet's setup is unstated"
exec(compile(section.group(1), "README.md", "exec"), {})
print('kllgraph[gateway] install ok: kllgraph-gateway reads its bundled snapshot; the README snippet runs')
PY
)

# --- 4. the notebook extra runs the shipped notebook ----------------------------------------------------------------
# `pip install "<repo>[notebook]"` is the install examples/explore.ipynb declares in its first cell; nbclient (the
# runner, not part of the declared install) executes it in that venv's kernel, outside the checkout.
"$work/with-gateway/bin/python" -m pip install "${pip_quiet[@]}" "$repo[notebook]" "nbclient>=0.10"
(cd "$work" && "$work/with-gateway/bin/python" - "$repo/examples/explore.ipynb" <<'PY'
import sys

import nbclient
import nbformat

notebook = nbformat.read(sys.argv[1], as_version=4)
assert 'pip install "kllgraph[notebook]"' in "".join(notebook.cells[0].source), "the first cell states no install"
nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
images = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
          if "image/png" in output.get("data", {})]
errors = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
          if output.get("output_type") == "error"]
assert not errors and len(images) == 4, (len(images), errors[:1])
print("kllgraph[notebook] install ok: examples/explore.ipynb runs as shipped and draws its 4 charts")
PY
)
