"""`make diff` on two small packages written in the test: a rename (a record and an
entity, each withdrawn with `replaced_by`) is shown as a rename, with its reason, in
changes.json, changes.md and the site's What changed page; changes.json writes each cell
as its field's JSON type."""

from __future__ import annotations

import json

from scripts.publish.snapshot import Snapshot
from scripts.release import changes
from scripts.release.diff import compare
from scripts.site import changes_page

RENAMED = "The record was given an id that says its country."
GONE = "The article does not state this figure."
WITHDRAWALS = ("withdrawn_id,table,release,replaced_by,reason\n"
               f"s:b,trade,0.3.0,s:c,{RENAMED}\n"
               "s:d,trade,0.3.0,,The article does not state this figure.\n"
               f"huawei-old,entities,0.3.0,huawei-new,{RENAMED}\n")
TRADE = [{"name": "trade_id", "type": "string"}, {"name": "source_id", "type": "string"},
         {"name": "code", "type": "string"}, {"name": "year", "type": "integer"},
         {"name": "value_usd", "type": "number"}, {"name": "share", "type": "number"},
         {"name": "estimate", "type": "boolean"}, {"name": "note", "type": "string"}]


def package(trade: str, entities: str, withdrawals: str | None) -> Snapshot:
    resources = [{"name": "trade", "path": "data/trade.csv", "schema": {"primaryKey": ["trade_id"], "fields": TRADE}},
                 {"name": "entities", "path": "data/entities.csv",
                  "schema": {"primaryKey": ["entity_id"], "fields": [{"name": "entity_id", "type": "string"},
                                                                      {"name": "name", "type": "string"}]}}]
    files = {"data/trade.csv": trade.encode(), "data/entities.csv": entities.encode()}
    if withdrawals is not None:
        resources.append({"name": "withdrawals", "path": "data/withdrawals.csv",
                          "schema": {"primaryKey": ["withdrawn_id"]}})
        files["data/withdrawals.csv"] = withdrawals.encode()
    return Snapshot("p", {"resources": resources}, files)


HEADER = "trade_id,source_id,code,year,value_usd,share,estimate,note\n"
OLD = package(HEADER + "s:a,s,007,2013,28600000000,1.5,false,\ns:b,s,1,2013,1,1,true,\ns:d,s,1,2013,1,1,true,\n",
              "entity_id,name\nhuawei-old,Huawei\n", None)
NEW = package(HEADER + "s:a,s,008,2014,28.9,,true,x\ns:c,s,1,2013,1,1,true,\n",
              "entity_id,name\nhuawei-new,Huawei\n", WITHDRAWALS)


def test_a_rename_is_told_as_one_with_the_id_that_stands_for_it_and_why():
    found = compare(OLD, NEW)
    withdrawn = {item["id"]: item for item in found["records"]["withdrawn"]}
    assert withdrawn["s:b"] == {"table": "trade", "id": "s:b", "source_id": "s", "reason": RENAMED, "replaced_by": "s:c"}
    assert withdrawn["s:d"]["replaced_by"] == "" and withdrawn["s:d"]["reason"] == GONE  # withdrawn for good
    entity = next(item for item in found["registries"] if item["id"] == "huawei-old")
    assert entity["change"] == "removed" and entity["replaced_by"] == "huawei-new" and entity["reason"] == RENAMED
    text = changes.text(found)
    assert f'withdrawn trade s:b (renamed: now s:c): "{RENAMED}"' in text
    assert f'withdrawn trade s:d: "{GONE}"' in text  # no rename said where there is none
    assert f'withdrawn (renamed: now huawei-new): "{RENAMED}"' in text
    markdown = changes.markdown(found)
    assert "withdrawn `trade` `s:b` (renamed: now `s:c`)" in markdown and f"`{RENAMED}`" in markdown
    assert "(renamed: now `s:c`)" in changes.markdown(found, values=False)  # the changelog names the new id too
    written = json.loads(changes.files(found, OLD, NEW)["changes.json"])
    assert {"id": "s:b", "replaced_by": "s:c", "reason": RENAMED}.items() <= \
        next(i for i in written["records"]["withdrawn"] if i["id"] == "s:b").items()
    page = changes_page.page("unreleased", "Unreleased", found)
    assert "Now (renamed to)" in page and "<code>s:c</code>" in page and "<code>huawei-new</code>" in page
    assert RENAMED in page and GONE in page


def test_changes_json_writes_each_cell_as_its_fields_type():
    found = compare(OLD, NEW)
    written = json.loads(changes.files(found, OLD, NEW)["changes.json"])
    changed = {f["column"]: (f["from"], f["to"]) for f in written["records"]["changed"][0]["fields"]}
    assert changed["year"] == (2013, 2014) and type(changed["year"][0]) is int
    assert changed["value_usd"] == (28600000000, 28.9) and type(changed["value_usd"][0]) is int
    assert changed["share"] == (1.5, None)  # an empty cell is null
    assert changed["estimate"] == (False, True) and changed["note"] == (None, "x")
    assert changed["code"] == ("007", "008")  # a string of digits stays a string
    assert written["records"]["changed"][0]["id"] == "s:a" and written["tables"]["trade"]["rows_added"] == 1
    assert "2013" in changes.text(found)  # the text for people is as it was: the cells as written


def test_a_cell_not_of_its_type_is_written_as_it_is():
    old = package(HEADER + "s:a,s,1,2013,1,1,true,\n", "entity_id,name\n", None)
    new = package(HEADER + "s:a,s,1,soon,NaN,1,maybe,\n", "entity_id,name\n", None)
    written = json.loads(changes.files(compare(old, new), old, new)["changes.json"])
    changed = {f["column"]: (f["from"], f["to"]) for f in written["records"]["changed"][0]["fields"]}
    assert changed == {"year": (2013, "soon"), "value_usd": (1, "NaN"), "estimate": (True, "maybe")}
