"""The permalinks of withdrawn and renamed records and sources still lead somewhere: the
source page keeps an anchor per old record name, a withdrawn source keeps its page."""

from __future__ import annotations

from scripts.site import catalog, withdrawn
from scripts.site.index import Site
from tests.check.test_permanence import PK, pk_ids, withdrawal
from tests.helpers import X, edit_entry, run


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
