"""The layout of scripts/: one package per stage, layered as pyproject.toml's import-linter
contract declares, modules small enough to read in one sitting, and README's map naming
every module."""

from __future__ import annotations

import ast
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.schema.registry import ROOT

SCRIPTS = ROOT / "scripts"
MODULES = sorted(p for p in SCRIPTS.rglob("*.py") if "__pycache__" not in p.parts)
# What may be imported inside a function: a module whose import is slow (it loads one of
# these libraries), so that a command that never needs it does not pay for it. Never a
# module of the project imported late to dodge an import circle: the contract has none.
HEAVY = ("matplotlib", "pandas", "pandera", "duckdb", "pyarrow", "frictionless", "playwright")


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_the_import_contract_is_kept():
    """Every stage imports only the stages below it (and each package's modules their layers)."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), str(ROOT / ".importlinter"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"Contracts: (\d+) kept, 0 broken", result.stdout)


def test_the_contract_names_every_stage():
    """A new package of scripts/ must take its place in the layers, or the contract checks nothing of it."""
    text = (ROOT / ".importlinter").read_text(encoding="utf-8")
    packages = {p.name for p in SCRIPTS.iterdir() if (p / "__init__.py").is_file()}
    assert packages and all(re.search(rf"^    scripts\.{name}$", text, re.M) for name in packages)


def function_imports(path: Path) -> list[tuple[int, str]]:
    """The project modules imported inside a function of `path`, with their lines."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module and inner.module.startswith("scripts"):
                    names = [f"{inner.module}.{a.name}" for a in inner.names]
                    out += [(inner.lineno, inner.module if not any(
                        (SCRIPTS / Path(*n.split(".")[1:])).with_suffix(".py").is_file() for n in names) else n)
                        for n in names]
                elif isinstance(inner, ast.Import):
                    out += [(inner.lineno, a.name) for a in inner.names if a.name.startswith("scripts")]
    return out


def test_no_project_module_is_imported_late_but_a_slow_one():
    late = {module for path in MODULES for _, module in function_imports(path)}
    assert late, "nothing imported in a function: then this test checks nothing, and the list below is stale"
    for module in sorted(late):
        probe = f"import sys, {module}; print(' '.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
        loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert loaded.returncode == 0, loaded.stderr
        assert loaded.stdout.strip(), f"{module} is imported inside a function but loads none of {HEAVY}: import it at the top"


def test_no_type_checking_blocks():
    """`if TYPE_CHECKING:` imports were how circles were hidden; the layers need none."""
    for path in MODULES:
        assert "TYPE_CHECKING" not in path.read_text(encoding="utf-8"), path


def test_modules_are_short_enough_to_read():
    lengths = {dotted(p): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert max(lengths.values()) <= 300, sorted(lengths.items(), key=lambda item: -item[1])[:3]
    assert statistics.median(lengths.values()) <= 150


def test_every_module_has_a_docstring_saying_what_it_holds():
    for path in MODULES:
        if path.name == "__main__.py":
            continue
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


@pytest.mark.parametrize("path", [p for p in MODULES if p.name not in ("__init__.py", "__main__.py")],
                         ids=lambda p: dotted(p))
def test_the_readme_maps_every_module(path):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## How it is built"):text.index("## Contributing")]
    package = path.parent.relative_to(SCRIPTS).as_posix()
    assert f"`{path.name}`" in section and (package == "." or f"`{package}/`" in section), path
