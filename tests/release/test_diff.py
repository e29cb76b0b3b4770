"""`make diff`: what changed between a release and the published package, in a git
repository the tests make from the fixtures (never this repository's history, never data/).

The repository's one commit is the "release": the built fixtures. The working tree then
changes a field, adds a second report of a figure (a new source, and a fact whose value,
spread and agreement change), deletes a source with its records, adds AFG to Central Asia
and edits an entity, and is built: the diff must name each of these."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from tests.check.test_permanence import VERSION, withdrawal, write
from tests.conftest import quiet
from tests.helpers import (
    AMENDMENT,
    CALIBER,
    HUAWEI_AZ,
    MOFCOM,
    RESTATED,
    X,
    add_second_report,
    csv_table,
    edit_entry,
    run,
    shared,
)

from scripts.publish import history
from scripts.publish.snapshot import Snapshot, from_folder, from_git
from scripts.release import changes
from scripts.release.diff import compare

FACT = "trade:CHN:KAZ:turnover:value:2013:actual"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Tests", "-c", "user.email=tests@example.invalid", *args], cwd=root,
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="session")
def repo(built_template) -> Path:
    """The repository (made once a run): the release committed, the changes built in its work tree."""
    def make(folder: Path) -> None:
        root = folder / "pkg"
        shutil.copytree(built_template, root, ignore=shutil.ignore_patterns(".build.lock"))
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "release")
        code = quiet("diff", "--root", str(root), "--ref", "HEAD", "--out", str(folder / "unchanged"))
        (folder / "unchanged.code").write_text(str(code))
        edit_entry(root, X, "activity: telecom\n", "activity: telecom equipment\n")  # words of its sentence
        add_second_report(root)
        gone = [(CALIBER, "sources")] + [(row["record_id"], row["table"]) for row in csv_table(root, "records")
                                           if row["source_id"] == CALIBER]
        for suffix in (".yaml", ".txt"):
            (root / "data" / "sources" / f"{CALIBER}{suffix}").unlink()
        write(root, "withdrawals", "".join(withdrawal(ident, table) for ident, table in gone))  # as permanence asks
        groups = root / "data" / "groups.yaml"
        groups.write_text(groups.read_text(encoding="utf-8").replace("members: [KAZ, KGZ, TJK, TKM, UZB]",
                                                                    "members: [AFG, KAZ, KGZ, TJK, TKM, UZB]"))
        write(root, "corrections", "- id: central-asia-afg\n  corrects: central-asia\n  table: groups\n"
                                   "  field: members\n  old: KAZ,KGZ,TJK,TKM,UZB\n  new: AFG,KAZ,KGZ,TJK,TKM,UZB\n"
                                   f"  release: {VERSION}\n  reason: A test of a registry edit with its reason.\n")
        entities = root / "data" / "entities.yaml"
        entities.write_text(entities.read_text(encoding="utf-8").replace(
            "notes: Sources call it a Chinese company", "notes: Sources call it a Chinese telecom company"))
        quiet("build", "--root", str(root))

    return shared("diff-repo", make)


@pytest.fixture(scope="session")
def found(repo) -> dict:
    root = repo / "pkg"
    return compare(from_git(root, "HEAD", label="release"), from_folder(root))


def test_no_changes_exits_0_saying_so(repo):
    assert (repo / "unchanged.code").read_text() == "0"
    said = (repo / "unchanged" / "changes.txt").read_text(encoding="utf-8")
    assert said.splitlines()[-1] == "no changes"
    assert json.loads((repo / "unchanged" / "changes.json").read_text(encoding="utf-8"))["empty"] is True
    assert not list((repo / "unchanged" / "tables").iterdir())


def test_added_records_and_sources(found):
    assert {"table": "trade", "id": f"{RESTATED}:turnover-2013", "source_id": RESTATED} in found["records"]["added"]
    assert [item["id"] for item in found["sources"]["added"]] == [RESTATED]


def test_a_changed_record_is_told_field_by_field(found):
    changed = {item["id"]: item for item in found["records"]["changed"]}
    zte = changed[f"{X}:zte-kazakhstan"]
    assert zte["table"] == "companies"
    assert {"column": "activity", "from": "telecom", "to": "telecom equipment"} in zte["fields"]


def test_removed_records_and_sources_are_withdrawn(found, repo):
    withdrawn = {item["id"] for item in found["records"]["withdrawn"]}
    before = from_git(repo / "pkg", "HEAD")
    expected = {row["record_id"] for row in before.rows("records") if row["source_id"] == CALIBER}
    assert expected and withdrawn == expected
    assert [item["id"] for item in found["sources"]["withdrawn"]] == [CALIBER]


def test_a_fact_whose_value_spread_and_agreement_changed(found):
    fact = next(item for item in found["facts"]["changed"] if item["id"] == FACT)
    aspects = fact["aspects"]
    assert {"column": "high", "from": "28600000000", "to": "28900000000"} in aspects["value"]
    assert [f["column"] for f in aspects["spread"]] == ["spread", "spread_percent"]
    assert {"column": "agree", "from": "true", "to": "false"} in aspects["agreement"]
    assert {"column": "reports", "from": "1", "to": "2"} in aspects["reports"]


def test_registry_edits_name_every_row_they_change_the_meaning_of(found, repo):
    edits = {(item["table"], item["id"]): item for item in found["registries"]}
    group = edits[("groups", "central-asia")]
    assert group["change"] == "changed"
    assert [f["column"] for f in group["fields"]] == ["members"]
    now = from_folder(repo / "pkg")
    naming = {row["trade_id"] for row in now.rows("trade") if "central-asia" in (row["reporter"], row["partner"])}
    naming |= {row["agreement_id"] for row in now.rows("agreements") if "central-asia" in row["parties"].split(",")}
    assert naming and {row["id"] for row in group["affects"]} == naming
    entity = edits[("entities", "huawei")]
    assert [f["column"] for f in entity["fields"]] == ["notes"]
    naming = {row["presence_id"] for row in now.rows("companies") if row["entity_id"] == "huawei"}
    naming |= {row["count_id"] for row in now.rows("counts") if row["entity_id"] == "huawei"}
    assert naming and naming <= {row["id"] for row in entity["affects"]}
    assert f"{HUAWEI_AZ}:huawei-azerbaijan" in {row["id"] for row in entity["affects"]}


def test_every_table_is_summed_up_and_diffed_with_daff(found, repo, tmp_path, capsys):
    assert found["tables"]["trade"]["rows_added"] == 1
    assert found["tables"]["evidence"]["rows_added"] > 0 and found["tables"]["evidence"]["rows_removed"] > 0
    code, out, err = run(capsys, "diff", "--root", str(repo / "pkg"), "--ref", "HEAD", "--out", str(tmp_path))
    assert code == 0, err
    assert f"withdrawn agreements {CALIBER}:" in out and "changed groups central-asia" in out
    written = json.loads((tmp_path / "changes.json").read_text(encoding="utf-8"))
    typed = json.loads(changes.as_json(found, from_git(repo / "pkg", "HEAD"), from_folder(repo / "pkg")))
    assert written["from"]["label"].startswith("HEAD (") and {**written, "from": typed["from"]} == typed
    aspects = next(item for item in written["facts"]["changed"] if item["id"] == FACT)["aspects"]  # typed by facts' schema
    assert {"column": "high", "from": 28600000000, "to": 28900000000} in aspects["value"]
    assert {"column": "agree", "from": True, "to": False} in aspects["agreement"]
    highlighted = list(csv.reader(io.StringIO((tmp_path / "tables" / "companies.csv").read_text(encoding="utf-8"))))
    assert highlighted[0][0] == "@@" and ["->"] == [row[0] for row in highlighted[1:] if row[0] != "@@"]
    assert any("telecom->telecom equipment" in cell for cell in highlighted[1])
    trade = (tmp_path / "tables" / "trade.csv").read_text(encoding="utf-8")
    assert f"+++,{RESTATED}:turnover-2013" in trade and "28.9 billion dollars" in trade


def test_a_release_archive_compares_like_its_commit(found, repo, tmp_path):
    before = from_git(repo / "pkg", "HEAD")
    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("datapackage.json", json.dumps(before.descriptor))
        for path, content in before.files.items():
            packed.writestr(path, content)
    got, _ = changes.run(repo / "pkg", tmp_path / "out", archive=archive)
    assert {key: value for key, value in got.items() if key != "from"} == \
           {key: value for key, value in found.items() if key != "from"}


def test_a_package_naming_a_path_outside_its_tables_or_a_ref_like_an_option_is_refused(repo, tmp_path, capsys):
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("datapackage.json", json.dumps({"resources": [{"name": "x", "path": "../../etc/passwd"}]}))
    code, _, err = run(capsys, "diff", "--root", str(repo / "pkg"), "--archive", str(archive), "--out", str(tmp_path))
    assert code == 2 and "not data/<name>.csv; nothing of it is read" in err and "Traceback" not in err
    code, _, err = run(capsys, "diff", "--root", str(repo / "pkg"), "--ref=-output=/tmp/x", "--out", str(tmp_path))
    assert code == 2 and "is not a git revision" in err


def test_a_withdrawal_shows_its_reason():
    def package(rows: list[str], withdrawals: str | None) -> Snapshot:
        resources = [{"name": "trade", "path": "data/trade.csv", "schema": {"primaryKey": ["trade_id"]}}]
        files = {"data/trade.csv": ("trade_id,source_id\n" + "".join(f"{r},s\n" for r in rows)).encode()}
        if withdrawals is not None:
            resources.append({"name": "withdrawals", "path": "data/withdrawals.csv", "schema": {}})
            files["data/withdrawals.csv"] = withdrawals.encode()
        return Snapshot("p", {"resources": resources}, files)

    found = compare(package(["s:a", "s:b"], None), package(["s:a"], "record_id,reason\ns:b,the article was retracted\n"))
    assert found["records"]["withdrawn"] == [{"table": "trade", "id": "s:b", "source_id": "s",
                                              "reason": "the article was retracted", "replaced_by": ""}]
    assert 'withdrawn trade s:b: "the article was retracted"' in changes.text(found)


def test_the_changelog_data_section_is_rewritten_and_nothing_else(found):
    log = "# Changelog\n\n## Unreleased\n\n### Added\n\n- by hand\n\n## 1.0.0\n\n" + changes.BEGIN + "\nold\n" + \
          changes.END + "\n"
    once = changes.changelog(log, found)
    assert once.count(changes.BEGIN) == 2 and "- by hand" in once and "\nold\n" in once  # a release's section is kept
    assert "`central-asia`" in once.split("## 1.0.0")[0]
    assert changes.changelog(once, found) == once
    with pytest.raises(changes.ChangesError):
        changes.changelog("# Changelog\n", found)


def test_records_say_their_first_and_last_changed_release(repo):
    root = repo / "pkg"
    listed = [history.Release("1.0.0", "2026-01-01", git(root, "rev-parse", "HEAD"))]
    current = history.record_rows(from_folder(root))
    prepared = history.release_columns(current, "1.1.0", listed, root)
    assert prepared[f"{X}:zte-kazakhstan"] == ("1.0.0", "1.1.0")  # changed since
    assert prepared[f"{X}:turnover-2013"] == ("1.0.0", "1.0.0")  # unchanged
    assert prepared[f"{RESTATED}:turnover-2013"] == ("1.1.0", "1.1.0")  # new
    released = history.release_columns(current, "1.0.0", listed, root)  # the version not bumped yet
    assert released[f"{X}:zte-kazakhstan"] == ("1.0.0", "") and released[f"{RESTATED}:turnover-2013"] == ("", "")
    assert f"{CALIBER}:strategic-partnership-declaration" not in prepared
    assert MOFCOM in {row["source_id"] for row in current.values()}


def test_a_dev_version_publishes_its_records_under_the_release_being_prepared(repo):
    root = repo / "pkg"
    listed = [history.Release("1.0.0", "2026-01-01", git(root, "rev-parse", "HEAD"))]
    prepared = history.release_columns(history.record_rows(from_folder(root)), "1.1.0-dev", listed, root)
    assert prepared[f"{X}:zte-kazakhstan"] == ("1.0.0", "1.1.0") and prepared[f"{RESTATED}:turnover-2013"][0] == "1.1.0"


def test_a_release_is_refused_under_a_released_version_whose_package_differs(repo, monkeypatch, capsys, tmp_path):
    """Built from other data than its release, a listed version would be cited as what it is not."""
    root = repo / "pkg"
    version = from_folder(root).version
    monkeypatch.setattr(history, "releases", lambda *_: [history.Release(version, "2026-01-01",
                                                                         git(root, "rev-parse", "HEAD"))])
    now = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    with pytest.raises(history.HistoryError, match=r"is released, and this package differs from it \(.*companies"):
        history.same_as_its_release(root, now)
    released = json.loads(git(root, "show", "HEAD:datapackage.json"))
    history.same_as_its_release(root, released)  # the release's own package: built again, as it was
    history.same_as_its_release(root, {**now, "version": "9.9.9-dev"})  # not released: no release to match
    code, _, err = run(capsys, "release", "--root", str(root), "--out", str(tmp_path / "out"))
    assert code == 1 and "is released, and this package differs from it" in err and not (tmp_path / "out").exists()


def test_a_release_list_it_cannot_use_is_refused():
    good = {"version": "0.1.0", "date": "2026-11-23", "commit": "0" * 40}
    for listed, said in (([{**good, "commit": "HEAD"}], "not a full commit hash"),
                         ([{**good, "version": "1"}], "not of the form x.y.z"),
                         ([good, good], "does not come after"),
                         ([{**good, "date": "soon"}], "not YYYY-MM-DD")):
        with pytest.raises(history.HistoryError, match=said):
            history.releases(listed)
    assert history.releases([good]) == [history.Release("0.1.0", "2026-11-23", "0" * 40)]


def test_a_new_version_of_an_archived_text_is_listed_with_its_reason(built_template, rich_package):
    """An article its publisher amended (the package with synthetic entries holds the Xinhua
    text archived again as version 2, tests/conftest.py) is listed as a new version of its
    text, with the reason; the first versions of new sources come with their sources."""
    found = compare(from_folder(built_template, label="before"), from_folder(rich_package))
    assert found["text_versions"]["changed"] == found["text_versions"]["removed"] == []
    (item,) = found["text_versions"]["added"]
    assert (item["id"], item["source_id"], item["version"], item["text_path"], item["amended_date"], item["reason"]) == \
        (f"{X}:v2", X, "2", f"data/sources/{X}.v2.txt", "2026-11-19", AMENDMENT)
    said = changes.text(found)
    assert "Text versions: 1 added, 0 changed, 0 removed" in said
    assert f'  added version 2 of {X}, data/sources/{X}.v2.txt (amended 2026-11-19): "{AMENDMENT}"' in said
    assert f"- added version 2 of `{X}`, `data/sources/{X}.v2.txt`" in changes.markdown(found, values=False)
    assert AMENDMENT not in changes.markdown(found, values=False)  # the changelog names ids only
