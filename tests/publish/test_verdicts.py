"""Remembered verdicts say what a full run would: a whole check's (the corpus unchanged),
the gate's (the same bytes), and the derived tables (the same inputs)."""

from __future__ import annotations

import pytest

from scripts.check import cache, runner
from scripts.core.cells import csv_line, csv_rows
from scripts.core.problems import Problems
from scripts.publish import gate, verdicts
from scripts.publish import tables as publish
from tests.helpers import X, edit_entry, run


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled at once (in use, two seconds must pass; the tests do not wait)."""
    monkeypatch.setattr(cache, "SETTLE_NS", 0)


def full_check_refused(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the corpus was read again")
    monkeypatch.setattr(runner, "run", refuse)


def test_an_unchanged_corpus_is_answered_as_a_full_check_would(built, capsys, monkeypatch, settled):
    first = run(capsys, "check", "--root", str(built))
    assert first[0] == 0
    with monkeypatch.context() as patch:
        full_check_refused(patch)
        assert run(capsys, "check", "--root", str(built)) == first


def test_a_changed_entry_is_checked_again(built, capsys, monkeypatch, settled):
    assert run(capsys, "check", "--root", str(built))[0] == 0
    edit_entry(built, X, "    activity: telecom\n", "    activity: telecom\n    no_such_key: 1\n")
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and "unknown key" in err


def test_a_changed_registry_or_day_is_checked_again(built, capsys, monkeypatch, settled):
    assert run(capsys, "check", "--root", str(built))[0] == 0
    groups = built / "data" / "groups.yaml"
    groups.write_text(groups.read_text(encoding="utf-8").replace("  name: Central Asia\n", "  name: Central Asia\n  x: 1\n", 1),
                      encoding="utf-8")
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and "data/groups.yaml" in err
    groups.write_text(groups.read_text(encoding="utf-8").replace("  x: 1\n", ""), encoding="utf-8")
    assert run(capsys, "check", "--root", str(built))[0] == 0
    monkeypatch.setenv("SRT_TODAY", "2026-11-24")
    with monkeypatch.context() as patch:
        full_check_refused(patch)
        with pytest.raises(AssertionError, match="read again"):
            run(capsys, "check", "--root", str(built))


def test_a_stale_published_file_is_reported_as_a_full_check_would(built, capsys, monkeypatch, settled):
    assert run(capsys, "check", "--root", str(built))[0] == 0
    trade = built / "data" / "trade.csv"
    trade.write_bytes(trade.read_bytes() + b"\n")
    with monkeypatch.context() as patch:
        full_check_refused(patch)
        quick = run(capsys, "check", "--root", str(built))
    cache.folder(built).joinpath("check-verdict.json").unlink()
    assert quick == run(capsys, "check", "--root", str(built)) and quick[0] == 2
    assert "out of date: data/trade.csv" in quick[2]


def test_a_refused_corpus_is_never_remembered(built, capsys, monkeypatch, settled):
    edit_entry(built, X, "    activity: telecom\n", "    activity: telecom\n    no_such_key: 1\n")
    assert run(capsys, "check", "--root", str(built))[0] == 1
    assert not cache.folder(built).joinpath("check-verdict.json").exists()
    assert run(capsys, "check", "--root", str(built))[0] == 1


def test_no_cache_reads_no_verdict(built, capsys, monkeypatch, settled):
    assert run(capsys, "check", "--root", str(built))[0] == 0
    with monkeypatch.context() as patch:
        full_check_refused(patch)
        with pytest.raises(AssertionError, match="read again"):
            run(capsys, "check", "--no-cache", "--root", str(built))


def test_the_gate_validates_the_same_bytes_once(built, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(cache, "home", lambda: tmp_path / "cache")  # no verdict remembered yet
    calls = []
    original = gate.verify
    monkeypatch.setattr(gate, "verify", lambda folder, **parts: calls.append(folder) or original(folder, **parts))
    data = runner.run(built, Problems())
    files = publish.render(data.blocks)
    sums = verdicts.hashes(files)
    assert gate.gate_files(files, sums=sums) == [] and len(calls) == 1
    assert gate.gate_files(files, sums=sums) == [] and len(calls) == 1  # remembered
    assert gate.gate_files(files) == [] and len(calls) == 2  # without the hashes (--no-cache): validated
    changed = {**files, "data/trade.csv": files["data/trade.csv"] + b"x\n"}
    assert gate.gate_files(changed, sums=verdicts.hashes(changed)) and len(calls) == 3  # other bytes: refused
    assert gate.gate_files(changed, sums=verdicts.hashes(changed)) and len(calls) == 4  # a refusal is not remembered
    assert verdicts.digest(sums) != verdicts.digest(verdicts.hashes(changed))


def test_derived_tables_read_back_are_the_ones_worked_out(built, capsys):
    data = runner.run(built, Problems())
    memo = cache.Memo(built, cache.context_key(built))
    fresh = publish.render(data.blocks)
    assert publish.render(data.blocks, memo) == fresh == publish.render(data.blocks, memo)
    trade = data.blocks["trade"]  # another figure for a fact: the facts must be worked out again
    assert any(b"28600000000" in block.csv for block in trade)
    blocks = {**data.blocks, "trade": [block._replace(csv=block.csv.replace(b"28600000000", b"28700000000"))
                                       for block in trade]}
    again = publish.render(blocks, memo)
    assert again == publish.render(blocks) and again["data/facts.csv"] != fresh["data/facts.csv"]


def test_the_gate_verifies_only_the_parts_it_has_not_seen_pass(built, monkeypatch, tmp_path):
    """A table is verified again when its bytes change, a foreign key when its table's bytes
    or the ids it points at change; nothing else is read."""
    monkeypatch.setattr(cache, "home", lambda: tmp_path / "cache")
    calls = []
    original = gate.verify
    monkeypatch.setattr(gate, "verify", lambda folder, **parts: calls.append(parts) or original(folder, **parts))
    data = runner.run(built, Problems())

    def gated(blocks):
        files = publish.render(blocks)
        return gate.gate_files(files, sums=verdicts.hashes(files), keys=publish.key_sets(blocks))

    assert gated(data.blocks) == [] and calls[-1]["only"] == set(publish.tables())
    first, *others = data.blocks["sources"]
    rows = list(csv_rows(publish.table_csv("sources", [first])))
    notes = [{**row, "notes": "Edited"} for row in rows]
    edited = first._replace(csv="".join(csv_line(list(row.values())) for row in notes).encode("utf-8"))
    assert edited.keys == first.keys and edited.csv != first.csv
    assert gated({**data.blocks, "sources": [edited, *others]}) == []  # only the notes changed: sources.csv alone,
    keys = publish.tables()["sources"].descriptor.get("foreignKeys", [])  # with its own foreign keys (publisher_entity)
    assert calls[-1] == {"only": {"sources"} | {key["reference"]["resource"] for key in keys},
                         "references": {("sources", index) for index in range(len(keys))}}
    calls.clear()
    assert gated({**data.blocks, "sources": [edited, *others]}) == [] and calls == []  # the whole package, remembered
    failures = gated({**data.blocks, "sources": others})  # a source gone: every key pointing at sources checked again
    assert any("is not in sources" in failure for failure in failures), failures
    assert {table for table, _ in calls[-1]["references"]} >= {"trade", "records"}
    assert gated({**data.blocks, "sources": others}) == failures  # a refusal is never remembered
