"""The connector guide's worked example, run end to end: a toy source added to a temporary copy of the tree exactly
as `docs/connector-guide.md` prints it, so the guide cannot go stale.

In the copy, the test writes the guide's `file:` and `insert:` blocks, runs its `run` commands (compose the snapshot,
print the schema, regenerate the SDK) and then checks, each in a fresh interpreter over the copy:
- the toy's `Municipality.toyThings` link, `node(id:)` and the generated SDK method answer, live (the toy emulator as
  the upstream) and offline (the recomposed snapshot);
- the guard rails pass: snapshot and README row per source, SDK operation per source, every issued id resolves,
  the SDK is fresh, no import cycle, hub seeds name no leaf field;
- nothing changed but the new files, the guide's inserted lines (the one `MODULES` line and the README row) and the
  generated files.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "connector-guide.md"
FILE_BLOCK = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", re.DOTALL)
INSERT_BLOCK = re.compile(r'<!-- insert: (\S+) after "(.+?)" -->\n```\w*\n(.*?)```', re.DOTALL)
RUN_BLOCK = re.compile(r"<!-- run -->\n```sh\n(.*?)```", re.DOTALL)
# What the guide's commands regenerate: these may change beyond the guide's own lines.
GENERATED = ("schema.graphql", "sdk/kllgraph/_generated/", "gateway/kllgraph_gateway/snapshot/")
# The console scripts the guide names, as the interpreter running this test can start them over the copy.
SCRIPTS = {
    ".venv/bin/python": [],
    ".venv/bin/kllgraph-gateway": ["-c", "import sys; from kllgraph_gateway._cli import main; sys.exit(main())"],
    ".venv/bin/kllgraph-codegen": ["-c", "import sys; from kllgraph_codegen._cli import main; sys.exit(main())"],
}
# The guard rails the guide promises, run in the copy with the toy source in place.
GUARD_RAILS = (
    "tests/gateway/test_sources_complete.py",
    "tests/gateway/test_sources_in_sdk.py",
    "tests/gateway/test_node_ids.py",
    "tests/gateway/graph/test_import_graph.py",
    "tests/gateway/graph/test_seeds.py",
    "tests/gateway/graph/test_module_records.py",
    "tests/codegen/test_sdk_freshness.py",
    "tests/test_readme.py::test_readme_sources_table_says_which_sources_need_credentials",
)

# Runs in the copy: the toy link, node(id:) and the SDK's generated method, live against the toy and taxonomy
# emulators, then offline from the recomposed snapshot.
CHECK = r'''
import asyncio, json, warnings, httpx
from kllgraph import AsyncClient, ComposedDataWarning
from kllgraph_gateway import Settings, create_app
from tools.emulators.jobtech import TaxonomyEmulator
from tools.emulators.toy import ToyEmulator

EMULATORS = {e.host: e for e in (TaxonomyEmulator(), ToyEmulator())}

def upstream(request: httpx.Request) -> httpx.Response:
    emulator = EMULATORS.get(request.url.host)
    return (emulator.handle(request) if emulator else None) or httpx.Response(404, json={})

async def answers(settings: Settings, transport: httpx.MockTransport | None) -> dict:
    app = create_app(settings, transport=transport)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gateway") as client:
        async def query(text: str, variables: dict | None = None) -> dict:
            return (await client.post("/graphql", json={"query": text, "variables": variables or {}})).json()
        linked = await query('{ municipality(code: "0180") { name toyThings { nodeId name } } }')
        node_id = linked["data"]["municipality"]["toyThings"][0]["nodeId"]
        node = await query("query N($id: ID!) { node(id: $id) { nodeId ... on ToyThing { name } } }", {"id": node_id})
        async with AsyncClient("http://gateway/graphql", transport=httpx.ASGITransport(app=app)) as sdk:
            things = await sdk.toy_things()
        return {"linked": linked, "node": node, "sdk": [thing.name for thing in things.toy_things]}

async def main() -> None:
    live = await answers(Settings(retry_attempts=1), httpx.MockTransport(upstream))
    with warnings.catch_warnings():  # the SDK says once that the offline answers are composed: expected here
        warnings.simplefilter("ignore", ComposedDataWarning)
        offline = await answers(Settings(offline=True), None)
    print(json.dumps({"live": live, "offline": offline}))

asyncio.run(main())
'''


def _copy_tree(target: Path) -> None:
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in tracked.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, target / name)


def _apply_guide(tree: Path) -> tuple[set[str], dict[str, list[str]]]:
    """Writes the guide's blocks into `tree`: (new files, inserted lines per edited file)."""
    guide = GUIDE.read_text(encoding="utf-8")
    created: set[str] = set()
    for path, body in FILE_BLOCK.findall(guide):
        assert not (tree / path).exists(), f"the guide's new file {path} already exists"
        (tree / path).parent.mkdir(parents=True, exist_ok=True)
        (tree / path).write_text(body, encoding="utf-8")
        created.add(path)
    inserted: dict[str, list[str]] = {}
    for path, anchor, body in INSERT_BLOCK.findall(guide):
        lines = (tree / path).read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.rstrip("\n") == anchor) + 1
        lines[at:at] = body.splitlines(keepends=True)
        (tree / path).write_text("".join(lines), encoding="utf-8")
        inserted.setdefault(path, []).extend(body.splitlines())
    return created, inserted


def _environment(tree: Path) -> dict[str, str]:
    """The copy's packages first on the path (ahead of this checkout's editable installs), no KLLGRAPH_ settings."""
    paths = [tree / "gateway", tree / "codegen", tree / "sdk", tree]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(path) for path in paths)}
    return {k: v for k, v in env.items() if not k.startswith("KLLGRAPH_")}


def _run(tree: Path, argv: list[str], timeout: float) -> str:
    run = subprocess.run(argv, cwd=tree, env=_environment(tree), capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, f"{shlex.join(argv)}:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return run.stdout


def _run_guide_commands(tree: Path) -> list[str]:
    commands = [line for block in RUN_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
                for line in block.splitlines() if line.strip()]
    for command in commands:
        script, *args = shlex.split(command)
        _run(tree, [sys.executable, *SCRIPTS[script], *args], timeout=300)
    return commands


def _changed(tree: Path) -> dict[str, list[str]]:
    """Tracked files that differ from the checkout, with the lines the copy has in addition (a multiset)."""
    changed: dict[str, list[str]] = {}
    for copy in tree.rglob("*"):
        original = ROOT / copy.relative_to(tree)
        if copy.is_file() and original.is_file() and copy.read_bytes() != original.read_bytes():
            name = original.relative_to(ROOT).as_posix()
            if name.startswith(GENERATED):
                changed[name] = []
                continue
            extra = copy.read_text(encoding="utf-8").splitlines()
            for line in original.read_text(encoding="utf-8").splitlines():
                extra.remove(line)  # ValueError: a line of the original was removed or edited
            changed[name] = extra
    return changed


def test_guide_worked_example_adds_a_source_with_one_list_line(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _copy_tree(tree)
    created, inserted = _apply_guide(tree)
    assert {"gateway/kllgraph_gateway/graph/toy.py", "tools/emulators/toy.py", "sdk/operations/toy.graphql"} <= created
    assert any(path.startswith("gateway/kllgraph_gateway/connectors/toy/") for path in created)
    # The one line in one list (the README row is documentation, checked by the guard rail below).
    assert inserted == {"gateway/kllgraph_gateway/_graph.py": ['    "toy",'], "README.md": inserted["README.md"]}
    assert len(inserted["README.md"]) == 1
    assert _run_guide_commands(tree), "the guide gives no commands to run"

    changed = _changed(tree)
    hand_edited = {path: sorted(lines) for path, lines in changed.items() if not path.startswith(GENERATED)}
    assert hand_edited == {path: sorted(lines) for path, lines in inserted.items()}
    assert "schema.graphql" in changed and any(path.startswith("sdk/kllgraph/_generated/") for path in changed)
    assert any((tree / "gateway/kllgraph_gateway/snapshot/toy").iterdir()), "the composed snapshot has no toy exchange"

    answers = json.loads(_run(tree, [sys.executable, "-W", "error", "-c", CHECK], timeout=180).splitlines()[-1])
    for mode in ("live", "offline"):
        linked, node = answers[mode]["linked"], answers[mode]["node"]
        assert "errors" not in linked and "errors" not in node, (mode, linked, node)
        things = linked["data"]["municipality"]["toyThings"]
        assert [thing["name"] for thing in things] == ["Bench"], mode
        assert node["data"]["node"] == {"nodeId": things[0]["nodeId"], "name": "Bench"}, mode
        assert answers[mode]["sdk"] == ["Bench", "Swing"], mode

    report = _run(tree, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error",
                         *GUARD_RAILS], timeout=600)
    assert re.search(r"^\d+ passed in ", report, re.MULTILINE) and "skipped" not in report, report[-2000:]
