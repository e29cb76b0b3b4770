-- Views of the release database (silk-road-ties-<version>.sqlite, built by `make release`
-- from the published CSVs). Each answers a common question; the tests run every one.

-- The latest figure of every fact, with the source that reported it last.
CREATE VIEW latest_per_fact AS
SELECT f.fact_id, f."table", f.label, f.fact_period, f.fact_kind, f.unit,
       f.latest_value, f.latest_bound, f.reports, f.sources, f.agree, f.flags,
       f.latest_record_id, f.latest_source_id, f.latest_published_date,
       s.publisher AS latest_publisher, s.title AS latest_title
FROM facts AS f
JOIN sources AS s ON s.source_id = f.latest_source_id;

-- Trade and investment figures between two countries (not groups), one row per record,
-- with the pair written in alphabetical order: WHERE country_a = 'CHN' AND country_b = 'KAZ'.
CREATE VIEW bilateral AS
SELECT 'trade' AS "table", t.trade_id AS record_id, t.fact_id, t.source_id,
       min(t.reporter_country, t.partner_country) AS country_a,
       max(t.reporter_country, t.partner_country) AS country_b,
       t.reporter_country AS from_country, t.partner_country AS to_country,
       t.flow AS flow, t.measure, t.kind, t.period AS period, t.period_precision AS period_precision,
       t.amount_text, t.value_usd, t.bound, t.share_percent, t.change_percent, t.change_factor, t.quote
FROM trade AS t
WHERE t.reporter_country IS NOT NULL AND t.partner_country IS NOT NULL
UNION ALL
SELECT 'investment', i.investment_id, i.fact_id, i.source_id,
       min(i.investor_country, i.host_country), max(i.investor_country, i.host_country),
       i.investor_country, i.host_country,
       NULL, i.measure, i.kind, i.as_of, i.as_of_precision,
       i.amount_text, i.value_usd, i.bound, NULL, NULL, NULL, i.quote
FROM investment AS i
WHERE i.investor_country IS NOT NULL AND i.host_country IS NOT NULL;
