"""No name in a descriptor reaches out of the package: a datapackage.json resource naming
`.git/config`, `data/../../x` or a table named `../docs/evil` is refused with a clear message by
the release (make release, and the site's downloads), by the verifier, and by the one helper
every such name goes through (scripts/core/files.py `package_path`)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from scripts.core.files import SOURCE_ID, TABLE_NAME, Unsafe, package_path, resource_problems
from scripts.publish.verify import verify
from scripts.release import archive
from scripts.site import build as site_docs
from tests.helpers import run

TOKEN = "srt-secret-5d41402abc"
SECRET = f"[remote]\n\ttoken = {TOKEN}\n"


def tamper(root: Path, **changes: str) -> int:
    """Give the descriptor's last resource these changes (a path with the size and hash of the
    file it names, as an attacker would); the resource's number."""
    descriptor = root / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    resource = package["resources"][-1]
    resource.update(changes)
    target = root / changes.get("path", "")
    if "path" in changes and target.is_file():
        resource.update(bytes=target.stat().st_size, hash="sha256:" + hashlib.sha256(target.read_bytes()).hexdigest())
    descriptor.write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    return len(package["resources"])


@pytest.fixture
def secret(built: Path) -> Path:
    (built / ".git").mkdir()
    (built / ".git" / "config").write_text(SECRET, encoding="utf-8")
    (built.parent / "x").write_text(SECRET, encoding="utf-8")
    return built


CASES = [({"path": ".git/config"}, "`.git/config` is not a plain path inside the package"),
         ({"path": "data/../../x"}, "`data/../../x` is not a plain path inside the package"),
         ({"path": "/etc/hostname"}, "`/etc/hostname` is not a plain path inside the package"),
         ({"path": "data/sources.csv"}, "`data/sources.csv` is not data/countries.csv, the file of its table"),
         ({"name": "../docs/evil"}, "`../docs/evil` is not a plain path inside the package"),
         ({"name": "evil\u202etxt"}, "`evil\\u202etxt` is not a plain path inside the package")]


@pytest.mark.parametrize("changes, message", CASES, ids=[str(c) for c, _ in CASES])
def test_the_release_refuses_a_resource_out_of_the_package(secret, capsys, tmp_path, changes, message):
    number = tamper(secret, **changes)
    out = tmp_path / "release"
    code, _, err = run(capsys, "release", "--root", str(secret), "--out", str(out))
    assert code == 1 and f"datapackage.json: resource {number}: {message}" in err, err
    assert "run `make build` (it writes every name and path of the descriptor)" in err
    assert TOKEN not in err and "Traceback" not in err
    assert not out.exists()
    with pytest.raises(archive.ReleaseError, match=f"resource {number}: "):  # the site's downloads make it too
        archive.build(secret, tmp_path / "site-release")
    assert not (tmp_path / "site-release").exists()
    assert [line.startswith(f"datapackage.json: resource {number}: {message}") for line in verify(secret)] == [True]


def test_the_site_puts_no_file_out_of_the_package_in_its_downloads(secret, tmp_path, monkeypatch):
    """Built without the docs command (whose check refuses such a package before): the site's
    release is refused, and its folder holds no copy of the file."""
    number = tamper(secret, path=".git/config")
    with pytest.raises(SystemExit, match=f"resource {number}: `.git/config` is not a plain path") as stopped:
        site_docs.prepare(secret, tmp_path / "docs")
    assert "the site was not built" in str(stopped.value)
    for path in (tmp_path / "docs").rglob("*"):
        assert not path.is_file() or TOKEN.encode() not in path.read_bytes(), path
        if path.suffix == ".zip":
            assert all("git" not in name for name in zipfile.ZipFile(path).namelist())


def test_every_fault_of_a_descriptor_is_reported_at_once():
    resources = [{"name": "trade", "path": "data/trade.csv"}, {"name": "a/b", "path": "data/a/b.csv"}, "x",
                 {"name": "facts", "path": ".git/config"}, {"name": 3, "path": "data/3.csv"}]
    problems = resource_problems(resources)
    assert [line.split(":")[1] for line in problems] == [" resource 2", " resource 3", " resource 4", " resource 5"]
    assert resource_problems({"name": "x"}) == resource_problems([]) != []


@pytest.mark.parametrize("value", ["..", ".", "", "a/../b", "a//b", "/a", "a/", ".git", "a/.git/config", "a\\b",
                                   "a b", "a\nb", "a\x00b", "\u202ea", "~", "a/~/b", None, 3, ["a"]])
def test_a_name_that_is_not_a_plain_path_is_refused(value):
    with pytest.raises(Unsafe) as refused:
        package_path(value, SOURCE_ID, "a source id")
    assert "\n" not in refused.value.message and "\u202e" not in refused.value.message


def test_the_helper_lets_the_package_own_names_through():
    assert package_path("trade", TABLE_NAME, "a table") == "trade"
    assert package_path("xinhua-2015-05-07-x", SOURCE_ID, "a source id") == "xinhua-2015-05-07-x"
    with pytest.raises(Unsafe, match="is not a source id"):
        package_path("Xinhua_2015", SOURCE_ID, "a source id")
