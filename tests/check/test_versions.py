"""Versions of an archived text: when the publisher amends an article, the new text is
archived beside the first as data/sources/<id>.v2.txt and declared under the entry's
`versions:` with its SHA-256, the date it was archived and a reason; a record says which
version it quotes (`text_version`) and is proved against that text; every figure of the
latest version is accounted for, those of the lines the amendment kept as they were; a
published version never changes or disappears, and a version file its entry does not
declare is refused. The fixture entries are edited in a copy of
the built fixtures (`built`), never data/."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from tests.helpers import (
    AMENDED_RECORD,
    AMENDMENT,
    X,
    add_record,
    amend_text,
    amend_xinhua,
    archived_text,
    csv_table,
    edit_entry,
    run,
)

OLD, NEW = "reached 28.6 billion dollars in 2013", "reached 28.9 billion dollars in 2013"


def check(root: Path, capsys) -> tuple[int, str]:
    code, _, err = run(capsys, "check", "--no-cache", "--root", str(root))
    return code, err


def build(root: Path, capsys) -> tuple[int, str]:
    code, _, err = run(capsys, "build", "--root", str(root))
    return code, err


def at(root: Path, relative: str, text: str, value: bool = False) -> str:
    """`relative:line:col` of the first place `relative` writes `text` (`value`: of the value
    after its `key: `)."""
    content = (root / relative).read_text(encoding="utf-8")
    index = content.index(text) + (text.index(": ") + 2 if value else 0)
    return f"{relative}:{content.count(chr(10), 0, index) + 1}:{index - content.rfind(chr(10), 0, index)}"


# ------------------------------------------------------------------ a new version, proved
def test_an_amended_text_is_a_new_version_and_its_record_is_proved_against_it(built, capsys):
    first = archived_text(built, X)
    v2 = amend_xinhua(built)
    code, err = build(built, capsys)
    assert code == 0, err
    versions = {row["version"]: row for row in csv_table(built, "text_versions") if row["source_id"] == X}
    assert set(versions) == {"1", "2"}
    assert versions["1"]["text_path"] == f"data/sources/{X}.txt" and versions["1"]["amendment_reason"] == ""
    assert versions["1"]["text_sha256"] == next(r["text_sha256"] for r in csv_table(built, "sources")
                                                 if r["source_id"] == X) == hashlib.sha256(first.encode()).hexdigest()
    assert (versions["2"]["text_version_id"], versions["2"]["text_path"], versions["2"]["text_sha256"],
            versions["2"]["archived_date"], versions["2"]["amended_date"], versions["2"]["amendment_reason"]) == (
        f"{X}:v2", f"data/sources/{X}.v2.txt", hashlib.sha256(v2.read_bytes()).hexdigest(), "2026-11-20",
        "2026-11-19", AMENDMENT)
    assert archived_text(built, X) == first  # both kept: the first as it was
    trade = {row["trade_id"]: row for row in csv_table(built, "trade")}
    assert trade[f"{X}:turnover-2013-amended"]["text_version"] == "2"
    assert trade[f"{X}:turnover-2013-amended"]["amount"] == "28900000000"
    assert trade[f"{X}:turnover-2013"]["text_version"] == "1"
    second = v2.read_bytes().decode("utf-8")
    evidence = [row for row in csv_table(built, "evidence") if row["source_id"] == X]
    new = [row for row in evidence if row["record_id"] == f"{X}:turnover-2013-amended"]
    assert new and all(row["text_version"] == "2" for row in new)
    assert {row["words"] for row in new if row["column"] == "amount_text"} == {"28.9 billion dollars"}
    for row in evidence:  # every binding is its version's words at their place
        text = second if row["text_version"] == "2" else first
        assert text[int(row["start"]):int(row["end"])] == row["words"], row
    assert run(capsys, "verify", "--root", str(built))[0] == 0


def test_a_record_quoting_version_1_words_but_pointing_at_version_2_is_refused(built, capsys):
    amend_text(built, X, OLD, NEW)
    add_record(built, X, "trade", AMENDED_RECORD.replace("28.9", "28.6"))
    code, err = check(built, capsys)
    assert code == 1
    quote = at(built, f"data/sources/{X}.yaml", "Bilateral trade between the two sides reached 28.6")
    assert f"{quote}: trade.quote: the quote is not in version 2 of the archived text (data/sources/{X}.v2.txt), " \
           "which the record quotes — copy it verbatim" in err
    # and the amended words quoted from the first version are not in it either
    edit_entry(built, X, AMENDED_RECORD.replace("28.9", "28.6"), AMENDED_RECORD.replace("    text_version: 2\n", ""))
    code, err = check(built, capsys)
    assert code == 1 and "trade.quote: the quote is not in the archived text — copy it verbatim" in err


def test_a_record_naming_a_version_the_entry_does_not_declare_is_refused(built, capsys):
    add_record(built, X, "trade", AMENDED_RECORD.replace("28.9", "28.6").replace("text_version: 2", "text_version: 3"))
    code, err = check(built, capsys)
    assert code == 1
    assert f"{at(built, f'data/sources/{X}.yaml', 'text_version: 3', value=True)}: trade.text_version: the entry has no " \
           "version 3 of its archived text to quote (it has 1)" in err and "`versions:`" in err


# ------------------------------------------------------------------ what a version must say
def test_a_version_without_a_reason_is_refused(built, capsys):
    amend_text(built, X, OLD, NEW, reason=None)
    code, err = check(built, capsys)
    assert code == 1
    assert f"{at(built, f'data/sources/{X}.yaml', 'version: 2')}: text_versions.reason: a later version of the " \
           "archived text needs the reason it was archived" in err


def test_a_version_with_the_wrong_hash_is_refused(built, capsys):
    v2 = amend_xinhua(built)
    v2.write_bytes(v2.read_bytes().replace(b"28.9 billion", b"29.9 billion"))  # edited after it was declared
    digest = hashlib.sha256(v2.read_bytes()).hexdigest()
    code, err = check(built, capsys)
    assert code == 1
    assert f"{at(built, f'data/sources/{X}.yaml', '    text_sha256: ', value=True)}: text_versions.text_sha256: " \
           f"data/sources/{X}.v2.txt has the SHA-256 {digest}, not the one version 2 gives" in err
    assert f"`text_sha256: {digest}`" in err


def test_versions_are_numbered_from_2_each_a_new_text_archived_in_order(built, capsys):
    v2 = amend_text(built, X, OLD, NEW, archived="2015-05-01")  # before the article was published
    edit_entry(built, X, "  - version: 2\n", "  - version: 3\n")
    code, err = check(built, capsys)
    assert code == 1
    assert "text_versions.version: this is version 2 of the text, not 3" in err and "`version: 2`" in err
    assert "text_versions.archived_date: 2015-05-01 is before 2015-05-07" in err
    edit_entry(built, X, "  - version: 3\n", "  - version: 2\n")
    v2.write_bytes((built / "data" / "sources" / f"{X}.txt").read_bytes())  # the same text again
    digest = hashlib.sha256(v2.read_bytes()).hexdigest()
    content = (built / "data" / "sources" / f"{X}.yaml").read_text(encoding="utf-8")
    (built / "data" / "sources" / f"{X}.yaml").write_text(
        re.sub(r"(  - version: 2\n    text_sha256: )[0-9a-f]{64}", rf"\g<1>{digest}", content), encoding="utf-8")
    code, err = check(built, capsys)
    assert code == 1 and "version 2 is the same text as version 1: nothing was amended" in err


def test_a_declared_version_whose_file_is_missing_is_refused(built, capsys):
    amend_xinhua(built).unlink()
    code, err = check(built, capsys)
    assert code == 1
    assert f"{at(built, f'data/sources/{X}.yaml', 'version: 2', value=True)}: text_versions.version: version 2 of the archived text, data/sources/{X}.v2.txt, is missing — save the " \
           "amended article text as" in err


# ------------------------------------------------------------------ stray files
def test_a_version_file_its_entry_does_not_declare_is_refused(built, capsys):
    v2 = amend_text(built, X, OLD, NEW, declare=False)
    digest = hashlib.sha256(v2.read_bytes()).hexdigest()
    code, err = check(built, capsys)
    assert code == 1
    assert f"data/sources/{X}.v2.txt:1:1: text_versions.versions: a later version of the archived text of `{X}` " \
           "that its entry does not declare" in err
    assert f"under `versions:` (`- version: 2`, `text_sha256: {digest}`" in err
    (built / "data" / "sources" / "nobody-2020-01-01-x.v2.txt").write_text("Trade.\n", encoding="utf-8")
    code, err = check(built, capsys)
    assert code == 1 and "data/sources/nobody-2020-01-01-x.v2.txt:1:1: an archived text with no entry beside it " \
                         "— write its entry as `nobody-2020-01-01-x.yaml`" in err


# ------------------------------------------------------------------ every figure of every version
def test_every_figure_a_version_changes_is_accounted_for_in_that_version(built, capsys):
    v2 = amend_text(built, X, OLD, NEW)
    code, err = check(built, capsys)
    assert code == 1
    line = at(built, f"data/sources/{X}.v2.txt", "28.9 billion dollars")
    assert f"{line}: left_out: version 2 of the text states \"28.9 billion dollars\"" in err
    assert "text_version: 2}" in err
    assert err.count(": left_out: ") == 1  # the lines it kept are accounted for as they were in version 1
    edit_entry(built, X, "\nleft_out:\n", "\nleft_out:\n  - id: turnover-2013-amended\n    text_version: 2\n"
               "    words: 28.9 billion dollars\n    reason: repeats\n")
    code, err = build(built, capsys)
    assert code == 0, err
    row = next(r for r in csv_table(built, "left_out") if r["left_out_id"] == f"{X}:turnover-2013-amended")
    assert row["text_version"] == "2"
    evidence = next(r for r in csv_table(built, "evidence") if r["record_id"] == row["left_out_id"])
    assert (evidence["text_version"], evidence["words"]) == ("2", "28.9 billion dollars")
    text = v2.read_bytes().decode("utf-8")
    assert text[int(evidence["start"]):int(evidence["end"])] == "28.9 billion dollars"


# ------------------------------------------------------------------ permanence
def test_the_first_text_of_a_published_source_still_cannot_change_and_the_fix_names_versions(built, capsys):
    text = built / "data" / "sources" / f"{X}.txt"
    text.write_bytes(text.read_bytes().replace(b"28.6 billion", b"28.9 billion"))
    edit_entry(built, X, "28.6 billion dollars in 2013\n", "28.9 billion dollars in 2013\n")
    edit_entry(built, X, "amount: 28.6 billion dollars\n", "amount: 28.9 billion dollars\n")
    content = (built / "data" / "sources" / f"{X}.yaml").read_text(encoding="utf-8")
    (built / "data" / "sources" / f"{X}.yaml").write_text(re.sub(
        r"text_sha256: [0-9a-f]{64}", "text_sha256: " + hashlib.sha256(text.read_bytes()).hexdigest(), content),
        encoding="utf-8")
    code, err = check(built, capsys)
    assert code == 1
    assert f"sources.text_sha256: the archived text of the published source `{X}` has changed" in err
    assert "evidence is append-only" in err and f"data/sources/{X}.v<N>.txt" in err and "`versions:`" in err


def test_a_published_version_never_changes_or_disappears(built, capsys):
    v2 = amend_xinhua(built)
    assert build(built, capsys)[0] == 0
    published = hashlib.sha256(v2.read_bytes()).hexdigest()
    v2.write_bytes(v2.read_bytes().replace(b"28.9 billion", b"29.9 billion"))  # "amended" in place, hash rewritten
    digest = hashlib.sha256(v2.read_bytes()).hexdigest()
    edit_entry(built, X, published, digest)
    edit_entry(built, X, "amount: 28.9 billion dollars\n", "amount: 29.9 billion dollars\n")
    edit_entry(built, X, "reached 28.9 billion dollars in 2013\n", "reached 29.9 billion dollars in 2013\n")
    code, err = check(built, capsys)
    assert code == 1
    assert f"{at(built, f'data/sources/{X}.yaml', f'text_sha256: {digest}')}: text_versions.text_sha256: version 2 of the archived text of the published source `{X}` has changed " \
           f"(published as data/sources/{X}.v2.txt with SHA-256 {published}): evidence is append-only" in err
    assert "`- version: 3`" in err
    # the same correction made the right way: the published version restored, the new text a version 3
    v2.write_bytes(v2.read_bytes().replace(b"29.9 billion", b"28.9 billion"))
    edit_entry(built, X, digest, published)
    amend_text(built, X, NEW, NEW.replace("28.9", "29.9"), version=3, reason="Corrected again, to 29.9 billion.")
    edit_entry(built, X, "    text_version: 2\n    reporter", "    text_version: 3\n    reporter")
    code, err = build(built, capsys)
    assert code == 0, err
    assert [r["version"] for r in csv_table(built, "text_versions") if r["source_id"] == X] == ["1", "2", "3"]
    # a published version that is no longer declared (the record back on version 2, version 3 gone)
    entry = built / "data" / "sources" / f"{X}.yaml"
    content = entry.read_text(encoding="utf-8")
    start = content.index("  - version: 3\n")
    end = content.index("\n", content.index("    reason: ", start)) + 1
    entry.write_text(content[:start] + content[end:], encoding="utf-8")
    edit_entry(built, X, "    text_version: 3\n    reporter", "    text_version: 2\n    reporter")
    edit_entry(built, X, "amount: 29.9 billion dollars\n", "amount: 28.9 billion dollars\n")
    edit_entry(built, X, "reached 29.9 billion dollars in 2013\n", "reached 28.9 billion dollars in 2013\n")
    (built / "data" / "sources" / f"{X}.v3.txt").unlink()
    code, err = check(built, capsys)
    assert code == 1
    assert f"{at(built, f'data/sources/{X}.yaml', 'versions:')}: text_versions.versions: version 3 of the archived " \
           f"text of the published source `{X}` (published as data/sources/{X}.v3.txt with SHA-256 " in err
    assert "is no longer declared: evidence is append-only" in err and "data/text_versions.csv has it (line 8)" in err


def test_a_version_changed_since_a_cached_check_is_checked_again(built, capsys):
    """The check cache knows an entry by every version of its text too (scripts/check/cache.py)."""
    v2 = amend_xinhua(built)
    assert run(capsys, "build", "--root", str(built))[0] == 0  # with the cache, as `make build` runs
    v2.write_bytes(v2.read_bytes().replace(b"28.9 billion", b"29.9 billion"))
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and f"data/sources/{X}.v2.txt has the SHA-256 " in err


# ------------------------------------------------------------------ an amendment changes the words
def test_a_version_that_differs_only_in_white_space_at_its_ends_is_no_amendment(built, capsys):
    """v3 is v2 with a line end added: read as quotes are read, it is the same text, and is
    refused at its `text_sha256`; a v3 that changes a word is an amendment (the twin)."""
    v2 = amend_xinhua(built).read_bytes().decode("utf-8")
    tail = v2[-60:]
    v3 = amend_text(built, X, tail, tail + "\n", version=3)
    code, err = check(built, capsys)
    digest = hashlib.sha256(v3.read_bytes()).hexdigest()
    place = at(built, f"data/sources/{X}.yaml", f"text_sha256: {digest}", value=True)
    assert code == 1 and f"{place}: text_versions.text_sha256: version 3 of the archived text reads as version 2 " \
                         "once normalised as quotes are compared" in err, err
    assert "more than white space at its ends" in err and "1 problem(s)" in err  # nothing else said of it
    assert "reads as version 1" not in err  # v2 amended the words: it is no repeat of v1


def test_a_version_that_changes_a_word_is_an_amendment(built, capsys):
    amend_xinhua(built)
    amend_text(built, X, "He also hoped that the initiative", "He also hoped that the plan", version=3)
    code, err = check(built, capsys)
    assert "once normalised as quotes are compared" not in err and code != 1, err


@pytest.mark.parametrize("old, new", [("initiative", "initiаtive"), ("initiative", "initia\u200btive")],
                         ids=["cyrillic-a", "zero-width-space"])
def test_a_version_that_differs_only_in_what_no_reader_sees_is_no_amendment(built, capsys, old, new):
    """A look-alike letter of another script, or an invisible character, amends nothing a reader can see."""
    amend_xinhua(built)
    amend_text(built, X, "He also hoped that the initiative", "He also hoped that the " + new, version=3)
    code, err = check(built, capsys)  # refused: a word of two scripts, or a version that reads as the one before
    assert code == 1 and ("version 3 of the archived text reads as version 2" in err or
                          "mixes letters of two scripts" in err), err
