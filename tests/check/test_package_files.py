"""What data/ may hold, and what a check of named entries says it did not check: a file of
data/ that belongs to no table is reported at its first line, all at once; every file the
build writes there is known; a check of named entries says which checks of the whole
package it does not make."""

from __future__ import annotations

from scripts.check import cache
from scripts.publish import verdicts
from tests.helpers import X, run

STRAY = ("loans.csv", "notes.yaml", "x.json")


def check(root, capsys, *more: str) -> tuple[int, str, str]:
    return run(capsys, "check", "--no-cache", "--root", str(root), *more)


def test_a_file_of_data_that_belongs_to_no_table_is_reported(built, capsys):
    for name in STRAY:
        (built / "data" / name).write_text("id,amount\nx,1\n", encoding="utf-8")
    (built / "data" / "old").mkdir()
    code, _, err = check(built, capsys)
    assert code == 1 and "Traceback" not in err
    for name in (*STRAY, "old"):
        assert f"data/{name}:1:1: " in err, err  # each one, in the one run
    assert "data/loans.csv:1:1: a .csv file that is no part of the package" in err
    assert "data/old:1:1: a folder that is no part of the package" in err
    assert "schemas/package.yaml `resources`" in err and "move it out of data/ or remove it" in err


def test_every_file_the_build_writes_into_data_is_known(built, capsys):
    """The built fixtures hold every table's CSV (derived ones too: facts, series, records,
    the link tables) and the registries; a hidden file is nobody's business."""
    (built / "data" / ".DS_Store").write_bytes(b"\0")
    assert {p.name for p in (built / "data").glob("*.csv")} >= {"facts.csv", "series.csv", "records.csv",
                                                                  "evidence.csv", "group_members.csv"}
    code, out, err = check(built, capsys)
    assert code == 0 and "no part of the package" not in err, err


def test_a_stray_file_is_not_hidden_by_a_remembered_verdict(built, capsys, monkeypatch):
    monkeypatch.setattr(cache, "SETTLE_NS", 0)  # every file's times trusted: the verdict is remembered
    assert run(capsys, "check", "--root", str(built))[0] == 0  # a whole check, remembered
    assert verdicts.known_check(built, verdicts.corpus_key(built)) is not None
    (built / "data" / "notes.yaml").write_text("- a note\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and "data/notes.yaml:1:1:" in err


def test_a_check_of_named_entries_says_what_it_did_not_check(built, capsys):
    entry = str(built / "data" / "sources" / f"{X}.yaml")
    code, out, _ = check(built, capsys, entry)
    assert code == 0 and "not a full check" in out
    for skipped in ("permanence against the published package", "one article one source", "whole package's gate",
                    "whether the published files are up to date", "`make check` without FILES"):
        assert skipped in out
    code, out, _ = check(built, capsys)  # the full check makes them all, and says nothing of the kind
    assert code == 0 and "not a full check" not in out
    (built / "data" / "loans.csv").write_text("id\n", encoding="utf-8")
    code, _, err = check(built, capsys, entry)  # the listing of data/ is cheap: made for named entries too
    assert code == 1 and "data/loans.csv:1:1:" in err
