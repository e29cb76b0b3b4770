"""The permalinks of withdrawn and renamed records and sources still lead somewhere: the
source page keeps an anchor per old record name, a withdrawn source keeps its page."""

from __future__ import annotations

from scripts.site import catalog, withdrawn
from scripts.site.index import Site
from tests.check.test_permanence import PK, VERSION, pk_ids, withdrawal
from tests.helpers import X, add_entity, edit_entry, run


def test_withdrawn_and_renamed_permalinks_resolve(built, capsys, tmp_path):
    edit_entry(built, X, "id: turnover-2013\n", "id: turnover-2013-kaz\n")
    ids = pk_ids(built)
    for suffix in (".yaml", ".txt"):
        (built / "data" / "sources" / f"{PK}{suffix}").unlink()
    (built / "data" / "withdrawals.yaml").write_text(
        withdrawal(f"{X}:turnover-2013", "trade", replaced_by=f"{X}:turnover-2013-kaz")
        + "".join(withdrawal(i, t) for i, t in ids), encoding="utf-8")
    assert run(capsys, "build", "--root", str(built))[0] == 0
    site = Site(built, tmp_path / "docs")  # the source pages alone: no release, charts or mkdocs
    catalog.source_pages(site)
    withdrawn.withdrawal_pages(site)
    page = (tmp_path / "docs" / "sources" / f"{X}.md").read_text(encoding="utf-8")
    assert '<li id="turnover-2013">' in page and f'href="{X}.html#turnover-2013-kaz"' in page
    assert 'id="turnover-2013-kaz"' in page  # the record itself, under its new name
    gone = (tmp_path / "docs" / "sources" / f"{PK}.md").read_text(encoding="utf-8")
    assert "Withdrawn in release" in gone and "The test withdraws it, as a curator would." in gone
    assert '<li id="huawei-pakistan">' in gone and '<li id="moitt-training-programme-2021">' in gone


def test_a_renamed_entity_and_a_withdrawn_group_keep_their_pages(built, capsys, tmp_path):
    """Any table with pages (`x-table.site.pages`: entities and groups, not only sources):
    an id renamed or withdrawn keeps its page, saying it left, why, in which release and
    what stands for it now."""
    add_entity(built, id="example-telecom", name="Example Telecom", type="company", country="CHN")
    groups = built / "data" / "groups.yaml"
    listed = groups.read_text(encoding="utf-8")
    groups.write_text(listed + "\n- id: example-pair\n  name: Example pair\n  members: [KAZ, KGZ]\n"
                               "  reference: Made up for the tests.\n", encoding="utf-8")
    assert run(capsys, "build", "--root", str(built))[0] == 0
    entities = built / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("id: example-telecom\n",
                                                                      "id: example-telecom-holding\n"))
    groups.write_text(listed, encoding="utf-8")
    (built / "data" / "withdrawals.yaml").write_text(
        withdrawal("example-telecom", "entities", replaced_by="example-telecom-holding")
        + withdrawal("example-pair", "groups"), encoding="utf-8")
    code, _, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err
    site = Site(built, tmp_path / "docs")
    catalog.entity_pages(site)
    withdrawn.withdrawal_pages(site)
    folders = withdrawn.page_tables()
    assert folders["entities"] == "companies" and folders["groups"] == "countries"
    renamed = (tmp_path / "docs" / "companies" / "example-telecom.md").read_text(encoding="utf-8")
    assert f"Renamed in release {VERSION}: The test withdraws it, as a curator would." in renamed
    assert '<a href="example-telecom-holding.html"><code>example-telecom-holding</code></a>' in renamed
    gone = (tmp_path / "docs" / "countries" / "example-pair.md").read_text(encoding="utf-8")
    assert f"Withdrawn in release {VERSION}: The test withdraws it" in gone and "It is now" not in gone
    # the live pages are where the schema says pages are, and no page of a live id is written over
    live = (tmp_path / "docs" / "companies" / "example-telecom-holding.md").read_text(encoding="utf-8")
    assert "<h1>Example Telecom</h1>" in live and "Renamed" not in live
