"""Companies carry an as-of date (when the source places the company there) and a stater,
who the source says places it there, bound by the proof to the words that name them."""

from __future__ import annotations

from tests.helpers import HUAWEI_AZ, archived_text, csv_table, edit_entry, run

OLD = """    activity: participating in the implementation of various projects
    quote: >-
      Huawei has been active operating in more than 170 countries since 2002,"""


def with_stater(root, stater: str) -> None:
    edit_entry(root, HUAWEI_AZ, OLD, f"""    activity: participating in the implementation of various projects
    stated_by: {stater}
    quote: >-
      Wang Tao, in turn, noted that Huawei has been active operating in more than 170 countries since 2002,""")


def test_as_of_is_the_date_the_source_places_the_company(built_template):
    published = {row["source_id"]: row["published_date"] for row in csv_table(built_template, "sources")}
    companies = csv_table(built_template, "companies")
    assert companies and all(row["as_of"] == published[row["source_id"]] for row in companies)


def test_the_stater_is_bound_to_the_quotes_words(built, capsys):
    with_stater(built, "Wang Tao, the Vice President of Huawei")
    code, _, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err
    (row,) = [r for r in csv_table(built, "companies") if r["presence_id"].endswith(":huawei-azerbaijan")]
    assert row["stated_by"] == "Wang Tao, the Vice President of Huawei"
    evidence = {(r["record_id"], r["column"]): r for r in csv_table(built, "evidence")}
    quote, said = evidence[(row["presence_id"], "quote")], evidence[(row["presence_id"], "stated_by")]
    assert said["words"] == "Wang Tao" and archived_text(built, HUAWEI_AZ)[int(said["start"]):int(said["end"])] == "Wang Tao"
    assert int(quote["start"]) <= int(said["start"]) < int(said["end"]) <= int(quote["end"])


def test_a_stater_the_article_does_not_name_is_refused_at_its_line(built, capsys):
    with_stater(built, "Ren Zhengfei, the founder of Huawei")
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and f"data/sources/{HUAWEI_AZ}.yaml:" in err and "companies.stated_by" in err
    assert "Zhengfei" in err and "Traceback" not in err
