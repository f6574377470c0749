import subprocess
import sys
from types import ModuleType

import kllgraph
from kllgraph import __all__ as exported_members


def isort_style(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps `__all__` in: CONSTANTS, then Classes, then the rest.
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_imports_are_exported() -> None:
    included_private_members = ["__description__", "__title__", "__version__"]
    assert exported_members == sorted(
        (
            member
            for member, value in vars(kllgraph).items()
            # Public submodules (kllgraph.types) are import paths, not members of the surface.
            if (not member.startswith("_") or member in included_private_members) and not isinstance(value, ModuleType)
        ),
        key=isort_style,
    )


def test_exported_classes_report_the_package_as_their_module() -> None:
    for name in exported_members:
        member = getattr(kllgraph, name)
        if isinstance(member, type):
            assert member.__module__ == "kllgraph", name


def test_import_needs_only_httpx_pydantic_and_cachetools() -> None:
    # A fresh interpreter in which the optional packages cannot be imported at all.
    script = """
import sys
BLOCKED = ("strawberry", "starlette", "uvicorn", "pandas", "tqdm", "IPython", "kllgraph_gateway")
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"blocked: {name}")
        return None
sys.meta_path.insert(0, Block())
import kllgraph
client = kllgraph.Client("http://unused.test/graphql")
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(BLOCKED))
assert not loaded, loaded
try:
    kllgraph.Client.local()
except ImportError as exc:
    assert 'pip install "kllgraph[gateway]"' in str(exc), exc
else:
    raise AssertionError("Client.local() without the gateway extra must fail")
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
