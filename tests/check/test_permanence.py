"""Permanence: what a change of the entries would lose or change of the published package
(the built fixtures, as committed) is refused, naming it, unless a withdrawal
(data/withdrawals.yaml) or a correction (data/corrections.yaml) says why; archived texts
are append-only; one article is one source; one claim is one record."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from scripts.schema.registry import next_release
from tests.helpers import HUAWEI_AZ, X, csv_table, edit_entry, run, snapshot

PK = "unattributed-2022-05-11-pakistan-huawei"
PK_IDS = [PK, f"{PK}:huawei-pakistan", f"{PK}:moitt-training-programme-2021"]  # and its left-out figures (pk_ids)


def pk_ids(root: Path) -> list[tuple[str, str]]:
    """The ids the Pakistan entry published, with their tables: its source and every record
    of records.csv (its left-out figures too), as the package at `root` holds them."""
    return [(PK, "sources")] + [(row["record_id"], row["table"]) for row in csv_table(root, "records")
                                if row["source_id"] == PK]
VERSION = next_release()  # the release being prepared: what leaves now leaves in it


def check(root: Path, capsys) -> tuple[int, str]:
    code, _, err = run(capsys, "check", "--no-cache", "--root", str(root))
    return code, err


def write(root: Path, name: str, text: str) -> None:
    (root / "data" / f"{name}.yaml").write_text(text, encoding="utf-8")


def withdrawal(ident: str, table: str, release: str = VERSION, replaced_by: str = "") -> str:
    return (f"- id: {ident}\n  table: {table}\n  release: {release}\n"
            + (f"  replaced_by: {replaced_by}\n" if replaced_by else "")
            + "  reason: The test withdraws it, as a curator would.\n")


def line_of(root: Path, relative: str, ident: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(ident + ","))


# ------------------------------------------------------------------ ids
def test_a_deleted_entry_is_refused_naming_each_published_id(built, capsys):
    for suffix in (".yaml", ".txt"):
        (built / "data" / "sources" / f"{PK}{suffix}").unlink()
    before = snapshot(built)
    code, err = check(built, capsys)
    assert code == 1
    for ident, _ in pk_ids(built):
        relative = "data/sources.csv" if ":" not in ident else "data/records.csv"
        assert f"{relative}:{line_of(built, relative, ident)}:1:" in err and f"`{ident}` was published" in err
    assert f"`release: {VERSION}`" in err and "data/withdrawals.yaml" in err
    assert run(capsys, "build", "--root", str(built))[0] == 1 and snapshot(built) == before


def test_a_pull_request_that_deletes_the_published_files_is_checked_against_its_base(built, capsys, tmp_path):
    """A pull request may rewrite or delete the published files it carries (data/*.csv,
    datapackage.json): against its own, the check has nothing to keep. Against its base
    branch's package (`--against`, as CI runs it), what it would lose is refused all the same."""
    base = tmp_path / "base"
    shutil.copytree(built, base)  # the base branch, checked out apart
    (built / "data" / "sources" / f"{PK}.yaml").unlink()
    (built / "data" / "sources" / f"{PK}.txt").unlink()
    for published in [*(built / "data").glob("*.csv"), built / "datapackage.json", built / "datapackage.yaml"]:
        published.unlink()  # the published files deleted with it
    assert check(built, capsys)[0] != 1  # against its own (deleted) package: nothing to keep, only out of date
    code, _, err = run(capsys, "check", "--no-cache", "--root", str(built), "--against", str(base))
    assert code == 1
    for ident, _ in pk_ids(base):
        assert f"`{ident}` was published" in err, err
    code, _, err = run(capsys, "check", "--root", str(built), "--against", str(tmp_path / "nowhere"))
    assert code == 1 and "no published package here" in err


def test_withdrawn_ids_are_published_and_stay(built, capsys):
    for suffix in (".yaml", ".txt"):
        (built / "data" / "sources" / f"{PK}{suffix}").unlink()
    ids = pk_ids(built)
    assert {i for i, _ in ids} >= set(PK_IDS)
    write(built, "withdrawals", "".join(withdrawal(i, t) for i, t in ids))
    assert run(capsys, "build", "--root", str(built))[0] == 0
    rows = csv_table(built, "withdrawals")
    assert sorted((r["withdrawn_id"], r["table"], r["release"]) for r in rows) == sorted(
        (i, t, VERSION) for i, t in ids)
    write(built, "withdrawals", "".join(withdrawal(i, t) for i, t in ids[:-1]))  # one dropped
    code, err = check(built, capsys)
    assert code == 1 and f"the published withdrawal `{ids[-1][0]}` is gone" in err
    write(built, "withdrawals", "".join(withdrawal(i, t, "0.0.1" if i == PK else VERSION)
                                        for i, t in ids))  # one changed
    code, err = check(built, capsys)
    assert code == 1 and f"the published withdrawal `{PK}` is changed" in err


def test_a_withdrawal_is_checked(built, capsys):
    write(built, "withdrawals", withdrawal(f"{X}:turnover-2013", "trade")  # still in the package
          + withdrawal(f"{X}:never-was", "trade")  # never published
          + withdrawal(PK, "trade", release="0.0.1"))  # wrong table and release
    code, err = check(built, capsys)
    assert code == 1
    assert f"data/withdrawals.yaml:1:3: withdrawals.id: `{X}:turnover-2013` is withdrawn but still in the package" in err
    assert f"`{X}:never-was` was never published" in err
    assert f"data/withdrawals.yaml:10:3: withdrawals.table: `{PK}` was published in sources, not trade" in err
    assert f"data/withdrawals.yaml:11:3: withdrawals.release:" in err and f"write `release: {VERSION}`" in err


def test_a_renamed_record_keeps_its_old_id_as_an_alias(built, capsys):
    edit_entry(built, X, "id: turnover-2013\n", "id: turnover-2013-kaz\n")
    code, err = check(built, capsys)
    assert code == 1 and f"`{X}:turnover-2013` was published and is in no entry now" in err
    write(built, "withdrawals", withdrawal(f"{X}:turnover-2013", "trade", replaced_by=f"{X}:turnover-2014"))
    code, err = check(built, capsys)
    assert code == 1 and f"`{X}:turnover-2014` is not an id of the package" in err
    write(built, "withdrawals", withdrawal(f"{X}:turnover-2013", "trade", replaced_by=f"{X}:zte-kazakhstan"))
    code, err = check(built, capsys)  # a permalink leads to a row of the same table
    assert code == 1 and f"`{X}:zte-kazakhstan` is a row of companies, not of trade" in err
    published = next(r["trade_id"] for r in csv_table(built, "trade") if r["source_id"] == X
                     and r["trade_id"] != f"{X}:turnover-2013")
    write(built, "withdrawals", withdrawal(f"{X}:turnover-2013", "trade", replaced_by=published))
    code, err = check(built, capsys)  # its permalink would lead to another published claim
    assert code == 1 and f"`{published}` was published already: a rename's id is new" in err
    write(built, "withdrawals", withdrawal(f"{X}:turnover-2013", "trade", replaced_by=f"{X}:turnover-2013-kaz"))
    assert run(capsys, "build", "--root", str(built))[0] == 0
    assert csv_table(built, "withdrawals")[0]["replaced_by"] == f"{X}:turnover-2013-kaz"


def redate(root: Path) -> str:
    """The Pakistan source re-dated a day later: a new id (the id holds the date)."""
    new = PK.replace("2022-05-11", "2022-05-12")
    folder = root / "data" / "sources"
    shutil.move(folder / f"{PK}.txt", folder / f"{new}.txt")
    text = (folder / f"{PK}.yaml").read_text(encoding="utf-8").replace(PK, new)
    (folder / f"{PK}.yaml").unlink()
    (folder / f"{new}.yaml").write_text(text.replace("published_date: 2022-05-11", "published_date: 2022-05-12"),
                                        encoding="utf-8")
    return new


def test_re_dating_a_published_source_is_a_rename_and_a_correction(built, capsys):
    new = redate(built)
    code, err = check(built, capsys)
    assert code == 1 and all(f"`{ident}` was published and is in no entry now" in err for ident in PK_IDS)
    write(built, "withdrawals", withdrawal(PK, "sources", replaced_by=new))
    code, err = check(built, capsys)
    assert code == 1 and "in no entry now" not in err  # the records follow their source's new id
    assert f"data/sources/{new}.yaml:5:1: sources.published_date: `{new}` was published with published_date " \
           "`2022-05-11`, now `2022-05-12`" in err
    write(built, "corrections", f"- id: pakistan-huawei-date\n  corrects: {new}\n  table: sources\n"
                                "  field: published_date\n  old: 2022-05-11\n  new: 2022-05-12\n"
                                f"  release: {VERSION}\n  reason: The publisher's page dates it a day later.\n")
    assert run(capsys, "build", "--root", str(built))[0] == 0
    assert csv_table(built, "corrections")[0]["old_value"] == "2022-05-11"


def test_a_rename_never_leads_through_a_renamed_source_to_another_published_claim(built, capsys):
    """With its source renamed, `new:<b>` is the published `old:<b>`: naming it as the new id of
    `old:<a>` would turn a permalink into another claim's."""
    left = [row["record_id"] for row in csv_table(built, "records") if row["source_id"] == PK and row["table"] == "left_out"]
    assert len(left) >= 2
    new = redate(built)
    write(built, "withdrawals", withdrawal(PK, "sources", replaced_by=new)
          + withdrawal(left[0], "left_out", replaced_by=left[1].replace(PK, new)))
    code, err = check(built, capsys)
    assert code == 1 and f"`{left[1].replace(PK, new)}` was published already" in err, err


def test_an_alias_is_compared_as_a_reader_sees_it(built, capsys):
    entities = built / "data" / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    for alias in ("B\u0430nk of China", "bank  of Chi\u200bna", "\uff3a\uff34\uff25", "zte"):  # zte: another's id too
        entities.write_text(text.replace("  aliases: [ICBC]\n", f"  aliases: [ICBC, \"{alias}\"]\n"), encoding="utf-8")
        code, err = check(built, capsys)
        assert code == 1 and "already names" in err, (alias, err)


# ------------------------------------------------------------------ evidence
def test_the_archived_text_of_a_published_source_cannot_change(built, capsys):
    text = built / "data" / "sources" / f"{X}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("28.6 billion", "38.6 billion"), encoding="utf-8")
    entry = built / "data" / "sources" / f"{X}.yaml"
    content = entry.read_text(encoding="utf-8").replace("28.6 billion", "38.6 billion")
    old = hashlib.sha256((built_text := text.read_bytes())).hexdigest()
    published = next(r["text_sha256"] for r in csv_table(built, "sources") if r["source_id"] == X)
    entry.write_text(content.replace(published, old), encoding="utf-8")
    assert built_text and "38.6 billion" in content
    code, err = check(built, capsys)
    assert code == 1
    assert f"data/sources/{X}.yaml:8:1: sources.text_sha256: the archived text of the published source `{X}` has " \
           f"changed (published with SHA-256 {published})" in err


# ------------------------------------------------------------------ one article, one source
def copy_source(root: Path, new: str, change=lambda text: text) -> None:
    folder = root / "data" / "sources"
    text = change((folder / f"{X}.txt").read_text(encoding="utf-8"))
    (folder / f"{new}.txt").write_text(text, encoding="utf-8")
    entry = (folder / f"{X}.yaml").read_text(encoding="utf-8").replace(f"id: {X}", f"id: {new}")
    published = next(r["text_sha256"] for r in csv_table(root, "sources") if r["source_id"] == X)
    (folder / f"{new}.yaml").write_text(entry.replace(published, hashlib.sha256(text.encode()).hexdigest()),
                                        encoding="utf-8")


def test_the_same_text_under_a_second_id_is_refused_unless_syndicated(built, capsys):
    copy = "reprint-2015-05-07-china-kazakhstan-capacity-cooperation"
    copy_source(built, copy)
    code, err = check(built, capsys)
    assert code == 1 and f"data/sources/{copy}.yaml:1:1: sources.id: the archived text is the article of `{X}` " \
                         "(the same bytes)" in err and f"`syndicates: {X}`" in err
    edit_entry(built, copy, f"id: {copy}\n", f"id: {copy}\nsyndicates: {X}\n")
    assert run(capsys, "build", "--root", str(built))[0] == 0
    fact = next(r for r in csv_table(built, "facts") if r["fact_id"] == "trade:CHN:KAZ:turnover:value:2013:actual")
    assert (fact["reports"], fact["sources"]) == ("1", "1")  # the copy is no independent report
    assert next(r for r in csv_table(built, "sources") if r["source_id"] == copy)["syndicates"] == X


def test_a_reprint_with_other_spacing_and_punctuation_is_the_same_article(built, capsys):
    copy = "reprint-2015-05-07-china-kazakhstan-capacity-cooperation"
    copy_source(built, copy, lambda text: text.replace("\n\n", "\n \n").replace(", ", " , ", 3))
    code, err = check(built, capsys)
    assert code == 1 and "the same text, case, punctuation and spacing aside" in err


def test_a_reprint_with_invisible_characters_is_the_same_article(built, capsys):
    """A soft hyphen, a zero-width space or a word joiner inside a word hides no copy."""
    copy = "reprint-2015-05-07-china-kazakhstan-capacity-cooperation"
    copy_source(built, copy, lambda text: text[:3] + "\u00ad" + text[3:5] + "\u200b" + text[5:])  # inside the headline's first word
    code, err = check(built, capsys)
    assert code == 1 and "the same text, case, punctuation and spacing aside" in err


SAME = "the same text, case, punctuation and spacing aside"
MIXED = "mixes letters of two scripts"


@pytest.mark.parametrize("change, said", [
    (lambda text: text.replace("Spotlight", "Sp\u043etlight", 1), MIXED),  # a Cyrillic о for a Latin o
    (lambda text: text.replace("China", "Chi\u0301na", 1), SAME),  # a combining accent splits no word
    (lambda text: text.replace("S", "\uff33", 1), SAME),  # a fullwidth S
    (lambda text: text.replace("a", "\u03b1", 2), MIXED),  # Greek alphas
    (lambda text: text.replace("China", "Ch\u0131na", 1), SAME),  # a dotless i: a Latin look-alike
], ids=["cyrillic-o", "combining-accent", "fullwidth", "greek-alpha", "dotless-i"])
def test_a_reprint_with_look_alike_letters_is_the_same_article(built, capsys, change, said):
    """What a reader sees is the article: a word mixing scripts is refused in any text, and
    compatibility forms, combining marks and Latin look-alikes hide no copy."""
    copy = "reprint-2015-05-07-china-kazakhstan-capacity-cooperation"
    copy_source(built, copy, change)
    code, err = check(built, capsys)
    assert code == 1 and said in err, err


def test_a_name_or_alias_names_one_entity(built, capsys):
    """An alias that is another entity's name would give that entity's words to this one."""
    entities = built / "data" / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    assert "  aliases: [ICBC]\n" in text
    entities.write_text(text.replace("  aliases: [ICBC]\n", "  aliases: [ICBC, huawei]\n"), encoding="utf-8")
    code, err = check(built, capsys)
    line = text.splitlines().index("  aliases: [ICBC]") + 1
    assert code == 1 and f"data/entities.yaml:{line}:" in err and "`huawei` already names `huawei`" in err, err


def test_syndicates_names_an_original_of_the_package(built, capsys):
    edit_entry(built, HUAWEI_AZ, f"id: {HUAWEI_AZ}\n", f"id: {HUAWEI_AZ}\nsyndicates: {X}-typo\n")
    code, err = check(built, capsys)
    assert code == 1 and f"data/sources/{HUAWEI_AZ}.yaml:2:1: sources.syndicates: `{X}-typo` is not a source" in err


def test_the_same_claim_twice_in_one_entry_is_refused(built, capsys):
    entry = built / "data" / "sources" / f"{X}.yaml"
    content = entry.read_text(encoding="utf-8")
    start = content.index("  - id: turnover-2013\n")
    lines = content[start:].splitlines(keepends=True)
    record = lines[0]  # the record: its first line and those indented under it
    for line in lines[1:]:
        if not line.startswith("    "):
            break
        record += line
    entry.write_text(content.replace(record, record + record.replace("turnover-2013", "turnover-2013-again")),
                     encoding="utf-8")
    line = content[:start].count("\n") + 1 + record.count("\n")
    code, err = check(built, capsys)
    assert code == 1 and f"data/sources/{X}.yaml:{line}:5: trade.id: the same claim as `{X}:turnover-2013` " \
                         f"(line {line - record.count(chr(10))})" in err


# ------------------------------------------------------------------ registries
CA = "members: [KAZ, KGZ, TJK, TKM, UZB]"


def edit_registry(root: Path, name: str, old: str, new: str) -> None:
    path = root / "data" / f"{name}.yaml"
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1
    path.write_text(content.replace(old, new), encoding="utf-8")


def naming(root: Path, ident: str) -> list[str]:
    """The published record ids with a cell (or a list's item) that is `ident`: computed from the package."""
    out = []
    for name in ("trade", "investment", "agreements", "companies", "counts"):
        for row in csv_table(root, name):
            if any(ident in (cell or "").split(",") for cell in row.values()):
                out.append(next(iter(row.values())))
    return out


def test_a_registry_edit_names_the_rows_whose_meaning_it_changes(built, capsys):
    rows = naming(built, "central-asia")
    assert rows
    edit_registry(built, "groups", CA, "members: [AFG, KAZ, KGZ, TJK, TKM, UZB]")
    code, err = check(built, capsys)
    assert code == 1 and "groups.members: `central-asia` was published with members `KAZ,KGZ,TJK,TKM,UZB`, now " \
                         f"`AFG,KAZ,KGZ,TJK,TKM,UZB`; it changes the meaning of {len(rows)} published row(s)" in err
    assert all(ident in err for ident in rows[:8])
    write(built, "corrections", "- id: central-asia-afg\n  corrects: central-asia\n  table: groups\n  field: members\n"
                                "  old: KAZ,KGZ,TJK,TKM,UZB\n  new: AFG,KAZ,KGZ,TJK,TKM,UZB\n"
                                f"  release: {VERSION}\n  reason: A test of a correction with its reason.\n")
    code, err = check(built, capsys)
    assert code == 2 and "note: correction `central-asia-afg`" in err  # out of date, and said what it changes


def test_renaming_an_entity_is_refused_naming_the_rows_it_re_attributes(built, capsys):
    rows = naming(built, "huawei")
    edit_registry(built, "entities", "  name: Huawei\n", "  name: ZTE Corporation\n")
    code, err = check(built, capsys)
    assert code == 1 and f"entities.name: `huawei` was published with name `Huawei`, now `ZTE Corporation`; it " \
                         f"changes the meaning of {len(rows)} published row(s)" in err


def test_a_correction_must_record_a_change_of_meaning_as_it_is(built, capsys):
    """A correction is published as the record of a change: one of a field that says what
    rows mean, from the value published to the value now. Any other is refused."""
    notes = ("- id: central-asia-notes\n  corrects: central-asia\n  table: groups\n  field: reference\n"
             f"  old: x\n  new: y\n  release: {VERSION}\n  reason: A test of a correction of no meaning.\n")
    write(built, "corrections", notes)
    code, err = check(built, capsys)
    assert code == 1 and "`groups.reference` does not say what rows mean: it takes no correction" in err
    made_up = ("- id: central-asia-made-up\n  corrects: central-asia\n  table: groups\n  field: members\n"
               f"  old: AFG,KAZ\n  new: KAZ\n  release: {VERSION}\n  reason: A test of a correction of nothing.\n")
    write(built, "corrections", made_up)
    code, err = check(built, capsys)
    assert code == 1 and "`central-asia` was published with members `KAZ,KGZ,TJK,TKM,UZB`, not `AFG,KAZ`" in err
    assert "`central-asia` has members `KAZ,KGZ,TJK,TKM,UZB`, not `KAZ`" in err
