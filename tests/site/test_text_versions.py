"""An article its publisher amended, on the site: its source page lists every version of
the archived text with its SHA-256, the dates and the reason, publishes each text, and a
record quoting the amended text says so, its words marked in that version. The package
is the one with synthetic entries (tests/conftest.py: the Xinhua text archived again as
version 2); the pages are made without mkdocs."""

from __future__ import annotations

from scripts.site.catalog import source_page
from scripts.site.index import Site
from tests.helpers import AMENDMENT, HUAWEI_AZ, X, csv_table


def test_a_source_page_lists_every_version_of_its_text_with_its_reason(rich_package, tmp_path):
    site = Site(rich_package, tmp_path / "docs")
    page = source_page(site, site.sources[X])
    versions = {row["version"]: row for row in csv_table(rich_package, "text_versions") if row["source_id"] == X}
    assert "2 versions: the publisher amended the article after it was archived" in page
    assert f'Version 1, as first archived: <a href="texts/{X}.txt">{X}.txt</a> (SHA-256 ' \
           f'<code>{versions["1"]["text_sha256"]}</code>)' in page
    assert f'Version 2, archived 2026-11-20, amended by the publisher on 2026-11-19: <a href="texts/{X}.v2.txt">' \
           f'{X}.v2.txt</a> (SHA-256 <code>{versions["2"]["text_sha256"]}</code>). Why: {AMENDMENT}' in page
    assert page.count("Quoted from version 2 of the archived text") == 1  # the one record that quotes it
    assert ">28.9 billion dollars</mark>" in page  # its words marked in the text it quotes
    single = source_page(site, site.sources[HUAWEI_AZ])
    assert "versions:" not in single and f'<a href="texts/{HUAWEI_AZ}.txt">' in single
    site.copy_text(site.sources[X])
    texts = tmp_path / "docs" / "sources" / "texts"
    for name in (f"{X}.txt", f"{X}.v2.txt"):
        assert (texts / name).read_bytes() == (rich_package / "data" / "sources" / name).read_bytes()
