"""The facts page: every fact several reports give, as one item with its reports, range,
latest report and a flag when they disagree; country pages show the same items."""

from __future__ import annotations

from scripts.schema.registry import facts_table
from scripts.site.escape import e, front_matter, html_table, key_values
from scripts.site.index import Site
from scripts.site.records import Records, disagree
from scripts.site.words import number


def fact_item(site: Site, fact: dict, prefix: str, link_only: bool = False) -> str:
    """One fact as one item: what it is, how many reports and sources, the spread, the
    latest report, a flag when they disagree, and (on the facts page) every report."""
    unit = fact["unit"]
    summary = [("Reports", f"{e(fact['reports'])} from {e(fact['sources'])} sources")]
    if fact["low"]:
        spread = f"{e(number(fact['low']))} to {e(number(fact['high']))} {e(unit)}"
        if fact["spread"]:
            spread += f" (spread {e(number(fact['spread']))}" + (f", {e(fact['spread_percent'])}% of the lowest)"
                                                                 if fact["spread_percent"] else ")")
        summary.append(("Figures", spread))
    latest = site.records_by_id.get(fact["latest_record_id"])
    latest_text = f"{e(fact['latest_published_date'])}"
    if fact["latest_value"]:
        bound = (fact["latest_bound"] or "exact").replace("_", " ")
        latest_text += f": {'' if bound == 'exact' else e(bound) + ' '}{e(number(fact['latest_value']))} {e(unit)}"
    if latest:
        table, row = latest
        latest_text += f", {Records(site).source_link(row, table, prefix)}"
    summary.append(("Latest report", latest_text))
    agreement = {"true": "yes, one figure fits every report within its bound", "false": "no",
                 "": "cannot be compared"}[fact["agree"]]
    summary.append(("Reports agree", e(agreement)))
    flag = ""
    if disagree(fact) or fact["flags"]:
        flag = (f'<p class="srt-flag"><strong>{"⚠" if disagree(fact) else "Note:"}</strong> '
                f"{e(fact['flags'] or 'The reports disagree.')}</p>\n")
    heading = f"{fact['label']}, {fact['fact_period'] or 'undated'}" + (f", {fact['fact_kind']}" if fact["fact_kind"] else "")
    ident = "" if link_only else f' id="{e(fact["fact_id"])}"'
    title = (f'<a href="{prefix}facts.html#{e(fact["fact_id"])}">{e(heading)}</a>' if link_only
             else f'<a class="srt-permalink" href="#{e(fact["fact_id"])}" title="Permanent link to this fact" '
             f'aria-label="Permanent link to fact {e(fact["fact_id"])}">#</a> '
             f"{e(heading)}")
    parts = [f'<section class="srt-fact"{ident}>\n<h4>{title}</h4>\n', flag,
             key_values(summary, f"Fact {heading}")]
    if not link_only:
        reports = [site.records_by_id[r] for r in site.fact_reports.get(fact["fact_id"], []) if r in site.records_by_id]
        if reports:
            table = reports[0][0]
            figure = [spec for spec in table.meta["site"]["columns"] if spec["title"] in ("Figure", "Value", "Count")]
            cells = [[(Records(site).cell(table, figure[0], row, prefix) if figure else ""),
                      Records(site).stater(table, row, prefix), Records(site).source_link(row, table, prefix)]
                     for _, row in reports]
            parts.append(html_table(["Figure", "Stated by", "Source (the record, with its quote)"], cells,
                                    f"Every report of {heading}", download="reports", searched=False))
    parts.append("</section>\n")
    return "".join(parts)


def facts_page(site: Site) -> None:
    shared = [f for f in site.facts.values() if int(f["reports"]) > 1]
    shared.sort(key=lambda f: (not disagree(f), f["table"], f["label"], f["fact_period"], f["fact_id"]))
    flagged = sum(disagree(f) for f in shared)
    columns = facts_table().descriptor["fields"] if facts_table() else []
    parts = [front_matter("Facts"), "<h1>Facts reported more than once</h1>\n",
             "<p>A fact is one measure for the same economies, period and kind. When several records report "
             "it, they are shown here together: every report beside the others, the spread of their figures, "
             f"the latest report, and a flag when they disagree. Facts with more than one report: {len(shared)}; "
             f"of them disagreeing (listed first): {flagged}. Every fact, also those with one report, is in "
             '<a href="downloads/data/facts.csv">facts.csv</a>'
             + (f" ({len(columns)} columns, see the <a href=\"dictionary.html#facts\">dictionary</a>)" if columns else "")
             + ".</p>\n"]
    parts += [fact_item(site, fact, "") for fact in shared]
    if not shared:
        parts.append("<p>No fact has more than one report yet.</p>\n")
    site.write("facts.md", "\n".join(parts))
