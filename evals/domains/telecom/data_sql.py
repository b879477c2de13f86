"""The SQL that generates Onda's data inside DuckDB, step by step: accounts and subscriptions.

Random draws, times and the atomic write come from ``schema_catalog.synthetic`` (``rnd``, ``rexp``,
``rnorm``, ``ts``, ``day``, ``t_end``). Inputs are DuckDB variables: ``seed``, ``n`` (accounts),
``t_end`` (as_of) and ``churn_at`` (computed-at instant of the churn-score snapshot).

The shape, in short: accounts (text keys) hold a mix of services — a mobile line on one of six
plans, broadband, a TV package, the Onda+ streaming service — opened up to 15 years ago; about one
in eight left in the last two years. Streaming journeys go through free trials (some still running
at as_of), subscriptions renew monthly or yearly (renewals are scheduled up to 60 days after
as_of), commitments end before or after as_of, and plan changes chain to the plan held today.
"""

from __future__ import annotations

from schema_catalog.synthetic import DAY

MACROS = f"""
CREATE TEMP MACRO t_start() AS (getvariable('t_end')::BIGINT - 730 * {DAY});
CREATE TEMP MACRO as_of_date() AS CAST(ts(getvariable('t_end')::BIGINT) AS DATE);
CREATE TEMP MACRO mobile_plan(i) AS
    ['data_sim', 'mini_5gb', 'essential_30gb', 'plus_100gb', 'unlimited', 'family_unlimited'][
        1 + (i)::INTEGER];
CREATE TEMP MACRO plan_fee(p) AS CASE p
    WHEN 'data_sim' THEN 9.99 WHEN 'mini_5gb' THEN 7.99 WHEN 'essential_30gb' THEN 14.99
    WHEN 'plus_100gb' THEN 19.99 WHEN 'unlimited' THEN 29.99 WHEN 'family_unlimited' THEN 49.99
    WHEN 'fibre_2g' THEN 44.99 WHEN 'fibre_500m' THEN 34.99 WHEN 'adsl_20m' THEN 24.99
    WHEN 'box_5g' THEN 29.99 WHEN 'tv_basic' THEN 9.99 WHEN 'tv_family' THEN 14.99
    WHEN 'tv_sports' THEN 24.99 WHEN 'tv_cinema' THEN 19.99 WHEN 'tv_premium' THEN 34.99
    WHEN 'stream_basic' THEN 6.99 WHEN 'stream_standard' THEN 10.99 ELSE 15.99 END;
CREATE TEMP MACRO next_anniversary(anchor, after) AS
    date_add(anchor, INTERVAL (date_diff('year', anchor, after)
        + CASE WHEN date_add(anchor, INTERVAL (date_diff('year', anchor, after)) YEAR) >= after
            THEN 0 ELSE 1 END) YEAR);
CREATE TEMP MACRO next_on_day(anchor, after) AS
    date_add(anchor, INTERVAL (date_diff('month', anchor, after)
        + CASE WHEN date_add(anchor, INTERVAL (date_diff('month', anchor, after)) MONTH) >= after
            THEN 0 ELSE 1 END) MONTH);
"""

REGIONS = """
CREATE TEMP TABLE _regions AS
WITH raw(idx, region, weight) AS (VALUES
    (1, 'Île-de-France', 26), (2, 'Auvergne-Rhône-Alpes', 13),
    (3, 'Provence-Alpes-Côte d''Azur', 9), (4, 'Occitanie', 9), (5, 'Nouvelle-Aquitaine', 9),
    (6, 'Hauts-de-France', 9), (7, 'Grand Est', 8), (8, 'Bretagne', 6),
    (9, 'Pays de la Loire', 6), (10, 'Normandie', 5))
SELECT *, (sum(weight) OVER (ORDER BY idx) - weight) / 100.0 AS lo,
    sum(weight) OVER (ORDER BY idx) / 100.0 AS hi
FROM raw
"""

PROFILE = f"""
CREATE TEMP TABLE _traits AS
WITH base AS (
    SELECT i + 1 AS k FROM range(getvariable('n')::BIGINT) AS r(i)
), placed AS (
    SELECT b.k, 'ON' || lpad(((b.k * 7919) % 9999991)::VARCHAR, 7, '0') AS account_ref,
        g.region, rnd(b.k, 1) < 0.12 AS business
    FROM base AS b JOIN _regions AS g ON rnd(b.k, 2) >= g.lo AND rnd(b.k, 2) < g.hi
), opened AS (
    SELECT *,
        CASE WHEN rnd(k, 3) < 0.65 THEN t_start() - CAST(rnd(k, 4) * 13 * 365 * {DAY} AS BIGINT)
            ELSE t_start() + CAST(rnd(k, 4) * 720 * {DAY} AS BIGINT) END AS open_t,
        rnd(k, 5) < 0.8 OR rnd(k, 6) >= CASE WHEN business THEN 0.4 ELSE 0.55 END AS has_mobile,
        rnd(k, 6) < CASE WHEN business THEN 0.4 ELSE 0.55 END AS has_broadband,
        rnd(k, 8) AS u_stream
    FROM placed
), serviced AS (
    SELECT *,
        has_broadband AND rnd(k, 7) < 0.75 AS has_tv,
        rnd(k, 9) < 0.12 AND open_t < t_end() - 120 * {DAY} AS churned,
        CASE WHEN business THEN (CASE WHEN rnd(k, 10) < 0.55 THEN 4 WHEN rnd(k, 10) < 0.8 THEN 3
                ELSE 2 END)
            WHEN rnd(k, 10) < 0.07 THEN 0 WHEN rnd(k, 10) < 0.22 THEN 1
            WHEN rnd(k, 10) < 0.50 THEN 2 WHEN rnd(k, 10) < 0.72 THEN 3
            WHEN rnd(k, 10) < 0.90 THEN 4 ELSE 5 END AS plan_idx
    FROM opened
), journeys AS (
    SELECT *,
        CASE WHEN u_stream < CASE WHEN has_tv THEN 0.35 ELSE 0.55 END THEN 'none'
            WHEN u_stream < CASE WHEN has_tv THEN 0.53 ELSE 0.69 END THEN 'direct'
            WHEN u_stream < CASE WHEN has_tv THEN 0.71 ELSE 0.81 END THEN 'converted'
            WHEN u_stream < CASE WHEN has_tv THEN 0.94 ELSE 0.955 END THEN 'lapsed'
            ELSE 'running' END AS stream_state,
        CASE WHEN churned THEN least(t_end() - 2 * {DAY}, greatest(open_t + 60 * {DAY},
            t_start() + CAST(rnd(k, 11) * 700 * {DAY} AS BIGINT))) END AS churn_t
    FROM serviced
)
SELECT *,
    CASE WHEN NOT has_mobile OR rnd(k, 12) >= CASE WHEN plan_idx <= 2 THEN 0.4 ELSE 0.1 END
        THEN false ELSE true END AS prepaid,
    exp(0.5 * rnorm(k, 13)) AS use_factor,
    0.2 + 1.8 * pow(rnd(k, 15), 1.5) AS views_per_week,
    rnd(k, 16) < CASE WHEN has_mobile THEN 0.55 ELSE 0.2 END AS app_user,
    rnd(k, 17) < 0.88 AS has_email
FROM journeys
ORDER BY k
"""

ACCOUNTS = """
INSERT INTO accounts BY NAME
WITH named AS (
    SELECT *,
        ['Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Sarah', 'Julie', 'Nadia', 'Yasmine',
         'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Karim', 'Jules', 'Thomas', 'Mehdi', 'Paul', 'Noah'][
            1 + floor(rnd(k, 20) * 20)::INTEGER] AS first_name,
        ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Petit', 'Durand', 'Leroy', 'Moreau',
         'Simon', 'Laurent', 'Michel', 'Garcia', 'Benali', 'Nguyen', 'Fournier'][
            1 + floor(rnd(k, 21) * 16)::INTEGER] AS last_name
    FROM _traits
)
SELECT account_ref, first_name, last_name,
    CASE WHEN has_email THEN lower(strip_accents(first_name || '.' || last_name)) || k || '@'
        || ['example.fr', 'example.com', 'example.org'][1 + (k % 3)::INTEGER] END AS email,
    CASE WHEN has_mobile THEN '+336' || lpad((rhash(k, 22) % 100000000)::VARCHAR, 8, '0') END
        AS msisdn,
    CASE WHEN rnd(k, 23) < 0.52 THEN as_of_date() - CAST(
        (18 + 60 * (rnd(k, 24) + rnd(k, 25)) / 2) * 365.25 AS INTEGER) END AS birth_date,
    region,
    CASE WHEN business THEN 'business' ELSE 'consumer' END AS account_type,
    CASE WHEN has_mobile AND NOT churned THEN mobile_plan(plan_idx) END AS current_plan,
    CASE WHEN NOT has_mobile THEN NULL WHEN prepaid THEN 'prepaid'
        WHEN rnd(k, 26) < 0.5 THEN 'no_commitment'
        WHEN rnd(k, 26) < 0.75 THEN '12_months' ELSE '24_months' END AS contract_type,
    CASE WHEN has_mobile AND NOT prepaid AND rnd(k, 26) >= 0.5
        THEN as_of_date() + CAST(-180 + rnd(k, 27) * 900 AS INTEGER) END AS contract_ends_on,
    day(open_t) AS customer_since,
    CASE WHEN has_tv AND NOT churned THEN ['basic', 'family', 'sports', 'cinema', 'premium'][
        1 + floor(pow(rnd(k, 28), 1.3) * 5)::INTEGER] END AS tv_package,
    CASE WHEN has_broadband AND NOT churned THEN (CASE WHEN rnd(k, 29) < 0.7 THEN 'fibre'
        WHEN rnd(k, 29) < 0.9 THEN 'adsl' ELSE '5g_box' END) END AS broadband,
    CASE WHEN rnd(k, 30) < 0.35 OR NOT has_mobile THEN NULL
        WHEN rnd(k, 31) < 0.38 THEN 'apple' WHEN rnd(k, 31) < 0.70 THEN 'samsung'
        WHEN rnd(k, 31) < 0.82 THEN 'xiaomi' WHEN rnd(k, 31) < 0.88 THEN 'google'
        ELSE 'other' END AS handset_brand,
    CASE WHEN prepaid THEN 'top_up' WHEN rnd(k, 32) < 0.8 THEN 'direct_debit' ELSE 'card' END
        AS payment_method,
    CASE WHEN rnd(k, 33) < 0.93 THEN 'fr' WHEN rnd(k, 33) < 0.97 THEN 'en'
        WHEN rnd(k, 33) < 0.99 OR region = 'Grand Est' THEN 'de' ELSE 'es' END
        AS preferred_language
FROM named
ORDER BY k
"""

SUBSCRIPTIONS = f"""
CREATE TEMP TABLE _subs AS
WITH acc AS (
    SELECT t.*, a.tv_package, a.broadband AS tech FROM _traits AS t
    JOIN accounts AS a USING (account_ref)
), rows AS (
    SELECT k, account_ref, 1 AS slot, 'mobile' AS service, mobile_plan(plan_idx) AS plan,
        open_t + CAST(rnd(k, 40) * 90 * {DAY} AS BIGINT) AS start_t, churn_t AS end_t, prepaid,
        false AS on_trial
    FROM acc WHERE has_mobile
    UNION ALL
    SELECT k, account_ref, 2, 'broadband', CASE WHEN tech = 'adsl' THEN 'adsl_20m'
            WHEN tech = '5g_box' THEN 'box_5g' WHEN rnd(k, 41) < 0.35 THEN 'fibre_2g'
            ELSE 'fibre_500m' END,
        CASE WHEN NOT churned AND rnd(k, 42) < 0.03
            THEN t_end() + CAST((2 + rnd(k, 43) * 28) * {DAY} AS BIGINT)
            ELSE open_t + CAST(rnd(k, 43) * 200 * {DAY} AS BIGINT) END, churn_t, false, false
    FROM acc WHERE has_broadband
    UNION ALL
    SELECT k, account_ref, 3, 'tv', 'tv_' || coalesce(tv_package, 'basic'),
        open_t + CAST(rnd(k, 44) * 300 * {DAY} AS BIGINT), churn_t, false, false
    FROM acc WHERE has_tv
    UNION ALL
    SELECT k, account_ref, 4, 'streaming',
        CASE WHEN stream_state = 'running' THEN (CASE WHEN rnd(k, 45) < 0.6 THEN 'stream_premium'
                ELSE 'stream_standard' END)
            WHEN rnd(k, 45) < 0.35 THEN 'stream_basic'
            WHEN rnd(k, 45) < 0.8 THEN 'stream_standard' ELSE 'stream_premium' END,
        CASE WHEN stream_state = 'running'
            THEN t_end() - CAST((1 + rnd(k, 46) * 12) * {DAY} AS BIGINT)
            ELSE greatest(open_t, t_start()) + CAST(rnd(k, 46) * (t_end() - 40 * {DAY}
                - greatest(open_t, t_start())) AS BIGINT) END,
        coalesce(churn_t, CASE WHEN stream_state <> 'running' AND rnd(k, 47) < 0.12
            THEN t_end() - CAST(rnd(k, 48) * 120 * {DAY} AS BIGINT) END), false,
        stream_state = 'running'
    FROM acc WHERE stream_state IN ('direct', 'converted', 'running')
)
SELECT k * 8 + slot AS sub_ref, k, account_ref, service, plan, prepaid, on_trial,
    day(start_t) AS started_on,
    CASE WHEN end_t IS NOT NULL AND end_t > start_t THEN day(end_t) END AS cancelled_on,
    CASE WHEN end_t IS NOT NULL AND end_t > start_t THEN 'cancelled'
        WHEN start_t >= t_end() THEN 'pending'
        WHEN on_trial THEN 'trial'
        WHEN service IN ('tv', 'streaming') AND rnd(k * 8 + slot, 49) < 0.03 THEN 'paused'
        ELSE 'active' END AS status,
    CASE WHEN service = 'streaming' AND rnd(k * 8 + slot, 50) < 0.3 THEN 'annual'
        ELSE 'monthly' END AS billing_cycle
FROM rows;

INSERT INTO subscriptions BY NAME
SELECT sub_ref, account_ref, started_on, service, plan, status, billing_cycle,
    round(plan_fee(plan) * CASE WHEN billing_cycle = 'annual' THEN 0.83 ELSE 1 END, 2)
        ::DECIMAL(12, 2) AS monthly_fee,
    cancelled_on,
    CASE WHEN status IN ('cancelled', 'pending') OR prepaid THEN NULL
        WHEN status = 'trial' THEN started_on + 14
        WHEN billing_cycle = 'annual' THEN next_anniversary(started_on, as_of_date())
        ELSE next_on_day(started_on, as_of_date()) END AS next_renewal_on
FROM _subs
ORDER BY sub_ref
"""
