"""The connector guide's worked example, run: a toy source added to a temporary copy of the tree exactly as
`docs/connector-guide.md` prints it, so the guide cannot go stale.

Checks: only the guide's new files and its registration lines change the tree; in a fresh interpreter over the copy,
the toy's `Municipality.toyThings` link and `node(id:)` answer from a fake upstream transport.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "connector-guide.md"
FILE_BLOCK = re.compile(r"<!-- file: (\S+) -->\n```python\n(.*?)```", re.DOTALL)
INSERT_BLOCK = re.compile(r'<!-- insert: (\S+) after "(.+?)" -->\n```python\n(.*?)```', re.DOTALL)

# Runs in the copy: the toy upstream is a fake transport; the taxonomy (for Municipality) is the snapshot emulator.
CHECK = r'''
import asyncio, json, httpx
from kllgraph_gateway import Settings, create_app
from tools.emulators.jobtech import TaxonomyEmulator

THINGS = [{"id": "t1", "name": "Bench", "municipality_code": "0180"},
          {"id": "t2", "name": "Swing", "municipality_code": "1480"}]
taxonomy = TaxonomyEmulator()

def toy(request: httpx.Request) -> httpx.Response:
    if request.url.host == "toy.example.test":
        if request.url.path == "/things":
            return httpx.Response(200, json={"things": THINGS})
        found = [t for t in THINGS if request.url.path == "/things/" + t["id"]]
        return httpx.Response(200, json=found[0]) if found else httpx.Response(404, json={})
    answer = taxonomy.handle(request) if request.url.host == taxonomy.host else None
    return answer or httpx.Response(404, json={})

async def main() -> None:
    app = create_app(Settings(retry_attempts=1), transport=httpx.MockTransport(toy))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gateway") as client:
        async def query(text: str, variables: dict | None = None) -> dict:
            return (await client.post("/graphql", json={"query": text, "variables": variables or {}})).json()
        linked = await query('{ municipality(code: "0180") { name toyThings { nodeId name } } }')
        node_id = linked["data"]["municipality"]["toyThings"][0]["nodeId"]
        node = await query("query N($id: ID!) { node(id: $id) { nodeId ... on ToyThing { name } } }", {"id": node_id})
        print(json.dumps({"linked": linked, "node": node}))

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


def _changed(tree: Path) -> dict[str, list[str]]:
    """Tracked files that differ from the checkout, with the lines the copy has in addition (a multiset)."""
    changed: dict[str, list[str]] = {}
    for copy in tree.rglob("*"):
        original = ROOT / copy.relative_to(tree)
        if copy.is_file() and original.is_file() and copy.read_bytes() != original.read_bytes():
            extra = copy.read_text(encoding="utf-8").splitlines()
            for line in original.read_text(encoding="utf-8").splitlines():
                extra.remove(line)  # ValueError: a line of the original was removed or edited
            changed[original.relative_to(ROOT).as_posix()] = extra
    return changed


def test_guide_worked_example_adds_a_source_with_new_files_and_registration_lines(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _copy_tree(tree)
    created, inserted = _apply_guide(tree)
    assert any(path.startswith("gateway/kllgraph_gateway/connectors/toy/") for path in created)
    assert "gateway/kllgraph_gateway/graph/toy.py" in created
    assert {path: sorted(lines) for path, lines in _changed(tree).items()} == {
        path: sorted(lines) for path, lines in inserted.items()}
    assert set(inserted) == {"gateway/kllgraph_gateway/_registry.py", "gateway/kllgraph_gateway/_graph.py"}

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree / "gateway"), str(tree)])}
    env = {k: v for k, v in env.items() if not k.startswith("KLLGRAPH_")}
    run = subprocess.run([sys.executable, "-W", "error", "-c", CHECK], cwd=tree, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    answers = json.loads(run.stdout.strip().splitlines()[-1])
    municipality = answers["linked"]["data"]["municipality"]
    assert "errors" not in answers["linked"], answers["linked"]
    assert [thing["name"] for thing in municipality["toyThings"]] == ["Bench"]
    node = answers["node"]["data"]["node"]
    assert node == {"nodeId": municipality["toyThings"][0]["nodeId"], "name": "Bench"}
