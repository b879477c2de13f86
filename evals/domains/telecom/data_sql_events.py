"""Onda SQL, second part: renewals, trials, plan changes, usage, viewing, care contacts, consents,
app installs, the do-not-contact list and the churn-score snapshot (see ``data_sql``).
"""

from __future__ import annotations

from schema_catalog.synthetic import DAY

RENEWALS = """
INSERT INTO renewals BY NAME
WITH billed AS (
    SELECT s.*, t.k FROM subscriptions AS s JOIN _subs AS t USING (sub_ref)
    WHERE s.status <> 'pending' AND NOT t.prepaid AND s.status <> 'trial'
), exploded AS (
    SELECT *, unnest(range(CASE WHEN billing_cycle = 'annual' THEN 3 ELSE 28 END)) AS i
    FROM billed
), dated AS (
    SELECT *, CASE WHEN billing_cycle = 'annual'
            THEN date_add(started_on, INTERVAL (i + 1) YEAR)
            ELSE date_add(started_on, INTERVAL (date_diff('month', started_on,
                as_of_date() - 365) + i) MONTH) END AS renewal_date
    FROM exploded
)
SELECT sub_ref * 64 + i AS renewal_ref, account_ref, sub_ref, renewal_date, service, plan,
    billing_cycle,
    CASE WHEN renewal_date >= as_of_date() THEN
            (CASE WHEN rnd(sub_ref, 60) < 0.04 AND service = 'streaming' THEN 'cancelled'
                ELSE 'scheduled' END)
        WHEN rnd(sub_ref * 64 + i, 61) < 0.03 THEN 'payment_failed' ELSE 'renewed' END AS status,
    round(monthly_fee * CASE WHEN billing_cycle = 'annual' THEN 12 ELSE 1 END, 2)::DECIMAL(12, 2)
        AS amount
FROM dated
WHERE renewal_date > started_on
    AND renewal_date >= as_of_date() - 365 AND renewal_date < as_of_date() + 60
    AND (cancelled_on IS NULL OR renewal_date <= cancelled_on)
ORDER BY renewal_ref
"""

TRIALS = f"""
INSERT INTO trials BY NAME
WITH wanted AS (
    SELECT t.k, t.account_ref, t.stream_state, t.open_t, s.started_on AS sub_start, s.plan,
        unnest(range(CASE WHEN t.stream_state = 'lapsed' AND rnd(t.k, 70) < 0.25 THEN 2
            ELSE 1 END)) AS j
    FROM _traits AS t LEFT JOIN _subs AS s ON s.k = t.k AND s.service = 'streaming'
    WHERE t.stream_state IN ('converted', 'lapsed', 'running')
    UNION ALL
    SELECT t.k, t.account_ref, 'tv_pack', t.open_t, NULL, NULL, 2 AS j
    FROM _traits AS t WHERE t.has_tv AND rnd(t.k, 71) < 0.2
), shaped AS (
    SELECT *, k * 4 + j AS trial_ref,
        CASE WHEN stream_state = 'running' AND j = 0 THEN 14
            ELSE [7, 14, 30][1 + floor(rnd(k * 4 + j, 72) * 3)::INTEGER] END AS trial_days
    FROM wanted
), started AS (
    SELECT *, CASE
        WHEN stream_state IN ('converted', 'running') AND j = 0 THEN sub_start
        ELSE day(greatest(open_t, t_start()) + CAST(rnd(trial_ref, 73)
            * (t_end() - 45 * {DAY} - greatest(open_t, t_start())) AS BIGINT)) END AS started_on
    FROM shaped
)
SELECT trial_ref, account_ref, started_on, started_on + trial_days - 1 AS trial_ends_on,
    CASE WHEN stream_state = 'tv_pack' THEN (CASE WHEN rnd(trial_ref, 74) < 0.5 THEN 'tv_sports'
            ELSE 'tv_cinema' END)
        WHEN plan IN ('stream_standard', 'stream_premium') THEN plan
        WHEN rnd(trial_ref, 74) < 0.5 THEN 'stream_premium' ELSE 'stream_standard' END AS offer,
    CASE WHEN started_on + trial_days - 1 >= as_of_date() THEN 'running'
        WHEN stream_state = 'converted' AND j = 0 THEN 'converted'
        WHEN stream_state = 'tv_pack' AND rnd(trial_ref, 75) < 0.35 THEN 'converted'
        WHEN rnd(trial_ref, 75) < 0.25 THEN 'cancelled' ELSE 'expired' END AS outcome,
    trial_days
FROM started
WHERE started_on IS NOT NULL
ORDER BY trial_ref
"""

PLAN_CHANGES = f"""
INSERT INTO plan_changes BY NAME
WITH changers AS (
    SELECT k, account_ref, plan_idx, open_t, churn_t,
        unnest(range(1 + floor(rnd(k, 80) * 3)::INTEGER)) AS j
    FROM _traits WHERE has_mobile AND rnd(k, 81) < 0.35
), stepped AS (
    SELECT *, 1 + floor(rnd(k * 8 + j, 82) * 5)::INTEGER AS shift_to,
        1 + floor(rnd(k * 8 + j + 1, 82) * 5)::INTEGER AS shift_from
    FROM changers
), chained AS (
    SELECT *, sum(CASE WHEN j = 0 THEN 0 ELSE shift_to END) OVER (PARTITION BY k ORDER BY j
        ROWS UNBOUNDED PRECEDING) AS offset_to
    FROM stepped
), planned AS (
    SELECT *, (plan_idx + offset_to) % 6 AS to_idx, (plan_idx + offset_to + shift_from) % 6
        AS from_idx,
        coalesce(churn_t, t_end()) - CAST((j + rnd(k * 8 + j, 83)) * 200 * {DAY} AS BIGINT) AS t
    FROM chained
)
SELECT k * 8 + j AS change_ref, account_ref, ts(t) AS changed_at,
    mobile_plan(from_idx) AS from_plan, mobile_plan(to_idx) AS to_plan,
    CASE WHEN to_idx > from_idx THEN 'upgrade' ELSE 'downgrade' END AS direction,
    CASE WHEN rnd(k * 8 + j, 84) < 0.35 THEN 'app' WHEN rnd(k * 8 + j, 84) < 0.65 THEN 'web'
        WHEN rnd(k * 8 + j, 84) < 0.85 THEN 'shop' ELSE 'call_centre' END AS channel
FROM planned
WHERE t > open_t + 30 * {DAY} AND t < t_end()
ORDER BY change_ref
"""

USAGE = """
INSERT INTO usage_monthly BY NAME
WITH lines AS (
    SELECT t.k, t.account_ref, t.use_factor, t.plan_idx, s.started_on, s.cancelled_on
    FROM _traits AS t JOIN _subs AS s ON s.k = t.k AND s.service = 'mobile'
), months AS (
    SELECT *, unnest(range(18)) AS i FROM lines
), dated AS (
    SELECT *, date_trunc('month', as_of_date() - 1 - INTERVAL (i) MONTH)::DATE AS usage_month
    FROM months
), drawn AS (
    SELECT *, k * 32 + i AS usage_ref,
        month(usage_month) IN (7, 8) AS summer,
        [25, 3, 15, 45, 70, 90][1 + plan_idx::INTEGER] AS plan_gb
    FROM dated
    WHERE usage_month >= date_trunc('month', started_on)
        AND (cancelled_on IS NULL OR usage_month <= cancelled_on)
)
SELECT usage_ref, account_ref, usage_month,
    round(least(plan_gb * 1.3, plan_gb * use_factor * (0.5 + 0.4 * rnd(usage_ref, 90))
        * CASE WHEN summer THEN 1.15 ELSE 1 END), 2)::DECIMAL(12, 2) AS data_gb,
    round(180 * use_factor * (0.4 + rnd(usage_ref, 91)))::BIGINT AS call_minutes,
    round(40 * rexp(usage_ref, 92))::BIGINT AS sms_count,
    CASE WHEN rnd(usage_ref, 93) < CASE WHEN summer THEN 0.25 ELSE 0.04 END
        THEN 1 + floor(rnd(usage_ref, 94) * 15)::BIGINT END AS roaming_days,
    CASE WHEN rnd(usage_ref, 93) < CASE WHEN summer THEN 0.25 ELSE 0.04 END
        THEN (CASE WHEN rnd(usage_ref, 95) < 0.75 THEN 'eu' WHEN rnd(usage_ref, 95) < 0.85
            THEN 'north_america' ELSE 'rest_of_world' END) END AS roaming_zone
FROM drawn
ORDER BY usage_ref
"""

VIEWING = f"""
INSERT INTO viewing BY NAME
WITH watchers AS (
    SELECT t.k, t.account_ref, t.views_per_week, t.has_tv, a.tv_package,
        min(s.started_on) AS first_on, max(coalesce(s.cancelled_on, as_of_date())) AS last_on
    FROM _traits AS t JOIN _subs AS s ON s.k = t.k AND s.service IN ('tv', 'streaming')
    JOIN accounts AS a ON a.account_ref = t.account_ref
    WHERE s.started_on < as_of_date()
    GROUP BY ALL
), spans AS (
    SELECT *, epoch(greatest(first_on, day(t_start()))::TIMESTAMP)::BIGINT AS from_t,
        least(epoch(last_on::TIMESTAMP)::BIGINT, t_end() - 1) AS to_t
    FROM watchers
), exploded AS (
    SELECT *, unnest(range(greatest(0, round(views_per_week * (to_t - from_t)
        / (7.0 * {DAY})))::BIGINT)) AS j
    FROM spans
), drawn AS (
    SELECT *, k * 4096 + j AS view_ref,
        from_t + CAST(rnd(k * 4096 + j, 100) * (to_t - from_t) AS BIGINT) AS t
    FROM exploded
), typed AS (
    SELECT *, CASE
        WHEN tv_package = 'sports' AND rnd(view_ref, 101) < 0.5 THEN 'sport'
        WHEN tv_package = 'cinema' AND rnd(view_ref, 101) < 0.5 THEN 'film'
        WHEN tv_package = 'family' AND rnd(view_ref, 101) < 0.4 THEN 'kids'
        ELSE ['drama', 'drama', 'comedy', 'sport', 'kids', 'documentary', 'reality', 'film',
            'film', 'news'][1 + floor(rnd(view_ref, 102) * 10)::INTEGER] END AS genre
    FROM drawn
)
SELECT view_ref, account_ref, ts(t) AS started_at, genre,
    CASE WHEN has_tv AND rnd(view_ref, 103) < 0.5 THEN 'tv_box'
        WHEN rnd(view_ref, 103) < 0.65 THEN 'smart_tv' WHEN rnd(view_ref, 103) < 0.82 THEN 'mobile'
        WHEN rnd(view_ref, 103) < 0.92 THEN 'tablet' ELSE 'web' END AS device,
    rnd(view_ref, 104) < CASE WHEN genre IN ('sport', 'news') THEN 0.7 ELSE 0.12 END AS live,
    (10 + floor(rexp(view_ref, 105) * 45))::BIGINT AS minutes
FROM typed
ORDER BY view_ref
"""
