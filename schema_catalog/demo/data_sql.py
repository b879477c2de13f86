"""The SQL that generates the demo brand's data inside DuckDB, step by step.

Random draws, times and the atomic write come from ``schema_catalog.synthetic`` (``rnd``,
``rnorm``, ``rexp``, ``ts``, ``t_end``). Event tables are written without ``ORDER BY`` (sorting
tens of millions of rows costs more than generating them): they stream from ``_traits``, which is
ordered by customer, and DuckDB's ``preserve_insertion_order`` keeps that order whatever the
thread count.

The statements read their inputs from DuckDB variables set by ``demo_data`` through bound
parameters: ``seed``, ``n`` (customers), ``t_end`` (as_of, epoch seconds) and the computed-at
instants of the snapshot indicators (``churn_at``, ``appetite_at``, ``value_at``).
"""

from __future__ import annotations

from schema_catalog.demo.data_indicators import (
    CATEGORY_APPETITE,
    CHURN_RISK,
    DAY,
    PREDICTED_VALUE,
)

MACROS = f"""
CREATE TEMP MACRO t_start() AS (getvariable('t_end')::BIGINT - 1095 * {DAY});
CREATE TEMP MACRO pick_category(u) AS CASE
    WHEN u < 0.28 THEN 'ready_to_wear' WHEN u < 0.48 THEN 'shoes' WHEN u < 0.68 THEN 'beauty'
    WHEN u < 0.80 THEN 'bags' WHEN u < 0.92 THEN 'accessories' ELSE 'jewellery' END;
CREATE TEMP MACRO category_price(c) AS CASE c
    WHEN 'ready_to_wear' THEN 120 WHEN 'shoes' THEN 140 WHEN 'beauty' THEN 55
    WHEN 'bags' THEN 260 WHEN 'accessories' THEN 70 ELSE 220 END;
CREATE TEMP MACRO pick_city(u) AS ['Paris', 'Lyon', 'Marseille', 'Bordeaux', 'Lille', 'Nice',
    'Brussels', 'Geneva', 'Luxembourg', 'Milan', 'Barcelona', 'Munich'][1 + floor(u * 12)::INTEGER];
"""

# city, country, language, dialling prefix, share of customers (per mille; sums to 1000).
CITIES = """
CREATE TEMP TABLE _cities AS
WITH raw(city, country, lang, dial, weight) AS (VALUES
    ('Paris', 'FR', 'fr', '+336', 250), ('Lyon', 'FR', 'fr', '+336', 70),
    ('Marseille', 'FR', 'fr', '+336', 55), ('Toulouse', 'FR', 'fr', '+336', 45),
    ('Nice', 'FR', 'fr', '+336', 35), ('Nantes', 'FR', 'fr', '+336', 35),
    ('Bordeaux', 'FR', 'fr', '+336', 40), ('Lille', 'FR', 'fr', '+336', 40),
    ('Strasbourg', 'FR', 'fr', '+336', 30), ('Montpellier', 'FR', 'fr', '+336', 30),
    ('Rennes', 'FR', 'fr', '+336', 25), ('Brussels', 'BE', 'fr', '+324', 50),
    ('Antwerp', 'BE', 'nl', '+324', 25), ('Liège', 'BE', 'fr', '+324', 15),
    ('Geneva', 'CH', 'fr', '+417', 30), ('Lausanne', 'CH', 'fr', '+417', 15),
    ('Zurich', 'CH', 'de', '+417', 20), ('Luxembourg', 'LU', 'fr', '+3526', 25),
    ('Barcelona', 'ES', 'es', '+346', 30), ('Madrid', 'ES', 'es', '+346', 30),
    ('Milan', 'IT', 'it', '+393', 35), ('Turin', 'IT', 'it', '+393', 15),
    ('Frankfurt', 'DE', 'de', '+491', 25), ('Munich', 'DE', 'de', '+491', 30))
SELECT city, country, lang, dial,
    (sum(weight) OVER (ORDER BY weight DESC, city) - weight) / 1000.0 AS lo,
    sum(weight) OVER (ORDER BY weight DESC, city) / 1000.0 AS hi
FROM raw
"""

# Latent traits of each customer; every table below is drawn from them.
PROFILE = f"""
CREATE TEMP TABLE _traits AS
WITH base AS (
    SELECT i + 1 AS customer_id FROM range(getvariable('n')::BIGINT) AS r(i)
), tiered AS (
    SELECT customer_id,
        CASE WHEN rnd(customer_id, 1) < 0.025 THEN 'vip'
             WHEN rnd(customer_id, 1) < 0.125 THEN 'gold'
             WHEN rnd(customer_id, 1) < 0.375 THEN 'silver' ELSE 'standard' END AS tier,
        rnd(customer_id, 2) AS u_city,
        rnd(customer_id, 3) AS u_type
    FROM base
), rated AS (
    SELECT t.*, c.city, c.country, c.lang, c.dial,
        CASE tier WHEN 'vip' THEN 7.5 WHEN 'gold' THEN 3.75 WHEN 'silver' THEN 2.0 ELSE 1.0 END
            AS tier_factor,
        CASE WHEN u_type < 0.45 THEN 'store' WHEN u_type < 0.80 THEN 'omni' ELSE 'online' END
            AS shopper,
        CASE WHEN rnd(customer_id, 4) < (CASE WHEN tier IN ('vip', 'gold') THEN 0.85 ELSE 0.55 END)
             THEN t_start() - CAST(rnd(customer_id, 5) * 7 * 365 * {DAY} AS BIGINT)
             ELSE t_start() + CAST(rnd(customer_id, 5) * 1090 * {DAY} AS BIGINT) END AS signup_t
    FROM tiered AS t JOIN _cities AS c ON t.u_city >= c.lo AND t.u_city < c.hi
), timed AS (
    SELECT *, greatest(signup_t, t_start()) AS first_t,
        rnd(customer_id, 6) < CASE tier WHEN 'standard' THEN 0.15 WHEN 'silver' THEN 0.03 ELSE 0 END
            AS never_bought,
        rnd(customer_id, 7) < CASE tier WHEN 'standard' THEN 0.35 WHEN 'silver' THEN 0.2
            WHEN 'gold' THEN 0.1 ELSE 0.04 END AS lapsed
    FROM rated
), recency AS (
    SELECT *,
        CASE WHEN lapsed AND first_t < t_end() - 200 * {DAY}
             THEN first_t + CAST(rnd(customer_id, 8) * (t_end() - 200 * {DAY} - first_t) AS BIGINT)
             ELSE t_end() - least(t_end() - first_t - 1,
                 CAST(rexp(customer_id, 8) * 90 * {DAY} / tier_factor AS BIGINT)) END AS last_t,
        lapsed AND first_t < t_end() - 200 * {DAY} AS is_lapsed,
        rnd(customer_id, 9) < CASE shopper WHEN 'online' THEN 0.5 WHEN 'omni' THEN 0.3 ELSE 0.1 END
            + CASE WHEN tier = 'vip' THEN 0.15 ELSE 0 END AS has_app,
        CASE shopper WHEN 'store' THEN 0.85 WHEN 'omni' THEN 0.5 ELSE 0.1 END AS p_store,
        pick_category(rnd(customer_id, 10)) AS favourite,
        exp(0.8 * rnorm(customer_id, 11)) AS web_appetite,
        rnd(customer_id, 13)
            < CASE shopper WHEN 'store' THEN 0.5 WHEN 'omni' THEN 0.85 ELSE 0.97 END AS web_user,
        rnd(customer_id, 14) < 0.97 AS has_email,
        rnd(customer_id, 15) < 0.85 AS has_phone
    FROM timed
), counted AS (
    SELECT *,
        CASE WHEN never_bought THEN 0 ELSE least(400, greatest(1, round(
            0.8 * tier_factor * 0.6 * ((last_t - first_t) / (365.0 * {DAY}) + 0.1)
            * pow(1 - rnd(customer_id, 16), -1 / 1.8)))) END::BIGINT AS n_orders,
        CASE WHEN is_lapsed THEN least(t_end(), last_t + 90 * {DAY}) ELSE t_end() END AS web_end,
        has_email AND rnd(customer_id, 17) < CASE WHEN tier = 'vip' THEN 0.8 ELSE 0.68 END
            AS email_ever,
        0.03 + 0.55 * pow(rnd(customer_id, 18), 2) AS p_open,
        has_app AND rnd(customer_id, 19) < 0.6 AS push_optin,
        has_phone AND rnd(customer_id, 20) < 0.35 AS sms_optin
    FROM recency
), mailed AS (
    SELECT *,
        CASE WHEN web_user THEN round(web_appetite * CASE shopper WHEN 'store' THEN 1.5
            WHEN 'omni' THEN 4 ELSE 8 END * (web_end - first_t) / (365.0 * {DAY}))
            ELSE 0 END::BIGINT AS n_sessions,
        email_ever AND rnd(customer_id, 21) < 0.09 AS unsubscribed,
        first_t + CAST(rnd(customer_id, 22) * (t_end() - first_t) AS BIGINT) AS unsub_t
    FROM counted
), sized AS (
    SELECT *, CASE WHEN unsubscribed THEN unsub_t ELSE t_end() END AS email_end,
        CASE WHEN email_ever THEN greatest(1, round((CASE WHEN unsubscribed THEN unsub_t
            ELSE t_end() END - first_t) / (30.0 * {DAY}) * 0.55
            * (0.7 + 0.6 * rnd(customer_id, 23)))) ELSE 0 END::BIGINT AS n_sends
    FROM mailed
)
SELECT *,
    sum(n_orders) OVER w - n_orders AS order_offset,
    sum(n_sessions) OVER w - n_sessions AS session_offset,
    sum(n_sends) OVER w - n_sends AS send_offset
FROM sized
WINDOW w AS (ORDER BY customer_id ROWS UNBOUNDED PRECEDING)
ORDER BY customer_id
"""

_FEMALE = (
    "['Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Sarah', 'Julie', 'Louise', 'Alice', "
    "'Clara', 'Lucie', 'Anna', 'Sophie', 'Marie', 'Laura', 'Elena', 'Giulia', 'Sofia', 'Hannah']"
)
_MALE = (
    "['Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Thomas', 'Nathan', 'Léo', 'Paul', "
    "'Antoine', 'Maxime', 'Marco', 'Luca', 'Pablo', 'Javier', 'Lukas', 'Felix', 'Jan', 'Noah']"
)
_LAST = (
    "['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', "
    "'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'Fournier', 'Girard', 'Bonnet', "
    "'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Peeters', 'Janssens', 'Müller', 'Schmidt', "
    "'Rossi', 'Bianchi', 'Fernández', 'Weber']"
)

CUSTOMERS = f"""
INSERT INTO customers BY NAME
WITH named AS (
    SELECT *,
        CASE WHEN rnd(customer_id, 30) < 0.72 THEN 'female'
             WHEN rnd(customer_id, 30) < 0.98 THEN 'male' ELSE 'other' END AS gender,
        {_LAST}[1 + floor(rnd(customer_id, 32) * 30)::INTEGER] AS last_name
    FROM _traits
), first_named AS (
    SELECT *, CASE WHEN gender = 'male' OR (gender = 'other' AND rnd(customer_id, 33) < 0.5)
        THEN {_MALE}[1 + floor(rnd(customer_id, 31) * 20)::INTEGER]
        ELSE {_FEMALE}[1 + floor(rnd(customer_id, 31) * 20)::INTEGER] END AS first_name
    FROM named
)
SELECT customer_id, first_name, last_name, gender, city, country,
    CASE WHEN has_email THEN lower(strip_accents(first_name || '.' || last_name)) || customer_id
        || '@' || ['example.com', 'example.org', 'example.net'][1 + (customer_id % 3)::INTEGER]
        END AS email,
    CASE WHEN has_phone THEN dial || lpad((rhash(customer_id, 34) % 100000000)
        ::VARCHAR, 8, '0') END AS phone,
    CASE WHEN rnd(customer_id, 35) >= 0.05 THEN CAST(ts(t_end()) AS DATE) - CAST(
        (18 + 62 * (rnd(customer_id, 36) + rnd(customer_id, 37)) / 2) * 365.25 AS INTEGER) END
        AS birth_date,
    tier AS loyalty_tier,
    round(tier_factor * 400 * (0.2 + rnd(customer_id, 38)) * (n_orders + 1) / 4)::BIGINT
        AS loyalty_points,
    CAST(ts(signup_t) AS DATE) AS signup_date,
    CASE WHEN rnd(customer_id, 39) < 0.06 THEN 'en' ELSE lang END AS preferred_language
FROM first_named
ORDER BY customer_id
"""

CONSENTS = """
INSERT INTO consents BY NAME
SELECT customer_id,
    email_ever AND NOT unsubscribed AS email_optin, sms_optin, push_optin,
    ts(CASE WHEN unsubscribed THEN unsub_t
        ELSE signup_t + CAST(rnd(customer_id, 40) * (t_end() - 1 - signup_t) AS BIGINT) END)
        AS updated_at
FROM _traits
ORDER BY customer_id
"""

APP_DEVICES = f"""
INSERT INTO app_devices BY NAME
WITH installed AS (
    SELECT *, first_t - CAST(rnd(customer_id, 41) * least(first_t - signup_t, 730 * {DAY})
        AS BIGINT) AS install_t
    FROM _traits WHERE has_app
)
SELECT customer_id,
    CASE WHEN rnd(customer_id, 42) < CASE WHEN country IN ('CH', 'LU') THEN 0.65 ELSE 0.55 END
        THEN 'ios' ELSE 'android' END AS platform,
    ts(install_t) AS installed_at,
    ts(greatest(install_t, CASE WHEN is_lapsed
        THEN last_t + CAST(rnd(customer_id, 43) * 30 * {DAY} AS BIGINT)
        ELSE t_end() - 1 - CAST(rexp(customer_id, 43) * 10 * {DAY} AS BIGINT) END))
        AS last_opened_at,
    CASE WHEN push_optin THEN format('{{:016x}}{{:016x}}', rhash(customer_id, 44),
        rhash(customer_id, 45)) END AS push_token
FROM installed
ORDER BY customer_id
"""

SUPPRESSIONS = """
INSERT INTO suppressions BY NAME
WITH picked AS (
    SELECT customer_id, first_t, CASE WHEN rnd(customer_id, 47) < 0.45 THEN 'email'
        WHEN rnd(customer_id, 47) < 0.65 THEN 'sms' WHEN rnd(customer_id, 47) < 0.70 THEN 'push'
        ELSE 'all' END AS channel
    FROM _traits WHERE rnd(customer_id, 46) < 0.02
)
SELECT customer_id, channel,
    CASE channel WHEN 'email' THEN (CASE WHEN rnd(customer_id, 48) < 0.6 THEN 'bounce'
            ELSE 'complaint' END)
        WHEN 'all' THEN (CASE WHEN rnd(customer_id, 48) < 0.6 THEN 'legal' ELSE 'fraud' END)
        ELSE (CASE WHEN rnd(customer_id, 48) < 0.5 THEN 'complaint' ELSE 'legal' END) END AS reason,
    ts(first_t + CAST(rnd(customer_id, 49) * (t_end() - 1 - first_t) AS BIGINT)) AS created_at
FROM picked
ORDER BY customer_id
"""

ORDERS = """
INSERT INTO orders BY NAME
WITH exploded AS (
    SELECT customer_id, city, tier, p_store, has_app, favourite, first_t, last_t, order_offset,
        unnest(range(n_orders)) AS k
    FROM _traits WHERE n_orders > 0
), drawn AS (
    SELECT *, order_offset + k + 1 AS order_id FROM exploded
), shaped AS (
    SELECT order_id, customer_id,
        CASE WHEN k = 0 THEN last_t
            ELSE first_t + CAST(rnd(order_id, 50) * (last_t - first_t) AS BIGINT) END AS t,
        CASE WHEN rnd(order_id, 51) < p_store THEN 'store'
            WHEN has_app AND rnd(order_id, 52) < 0.6 THEN 'app' ELSE 'web' END AS channel,
        CASE WHEN rnd(order_id, 53) < 0.55 THEN favourite
            ELSE pick_category(rnd(order_id, 54)) END AS category,
        least(8, 1 + floor(rexp(order_id, 55) * 0.7))::BIGINT AS items,
        city,
        CASE tier WHEN 'vip' THEN 1.6 WHEN 'gold' THEN 1.3 WHEN 'silver' THEN 1.1 ELSE 1 END
            AS uplift
    FROM drawn
)
SELECT order_id, customer_id, ts(t) AS ordered_at, channel, category,
    CASE WHEN channel <> 'store' THEN NULL WHEN rnd(order_id, 56) < 0.85 THEN city
        ELSE pick_city(rnd(order_id, 57)) END AS store_city,
    round(category_price(category) * uplift * pow(items, 0.7)
        * exp(0.45 * rnorm(order_id, 58)), 2)::DECIMAL(12, 2) AS amount,
    items
FROM shaped
"""

WEB_SESSIONS = """
CREATE TEMP TABLE _sessions AS
WITH exploded AS (
    SELECT customer_id, has_app, favourite, first_t, web_end, session_offset,
        unnest(range(n_sessions)) AS k
    FROM _traits WHERE n_sessions > 0
), drawn AS (
    SELECT *, session_offset + k + 1 AS session_id FROM exploded
)
SELECT session_id, customer_id, favourite,
    web_end - 1 - CAST(pow(rnd(session_id, 60), 1.25) * (web_end - 1 - first_t) AS BIGINT) AS t,
    CASE WHEN rnd(session_id, 61) < CASE WHEN has_app THEN 0.7 ELSE 0.45 END THEN 'mobile'
        WHEN rnd(session_id, 62) < 0.8 THEN 'desktop' ELSE 'tablet' END AS device,
    CASE WHEN rnd(session_id, 63) < 0.30 THEN 'direct' WHEN rnd(session_id, 63) < 0.60 THEN 'search'
        WHEN rnd(session_id, 63) < 0.75 THEN 'social' WHEN rnd(session_id, 63) < 0.90 THEN 'email'
        ELSE 'paid' END AS traffic_source,
    least(30, 1 + floor(rexp(session_id, 64) * 2.2))::BIGINT AS pages,
    (20 + 100 * rnd(session_id, 65))::BIGINT AS dwell
FROM drawn;

INSERT INTO web_sessions BY NAME
SELECT session_id, customer_id, ts(t) AS started_at, device, traffic_source, pages,
    pages * dwell AS duration_seconds
FROM _sessions
"""

PAGE_VIEWS = """
INSERT INTO page_views BY NAME
WITH exploded AS (
    SELECT session_id, customer_id, favourite, t, dwell, unnest(range(pages)) AS k
    FROM _sessions
), drawn AS (
    SELECT *, session_id * 32 + k AS view_id FROM exploded
), typed AS (
    SELECT *, CASE WHEN k = 0 THEN (CASE WHEN rnd(view_id, 70) < 0.4 THEN 'home'
            WHEN rnd(view_id, 70) < 0.65 THEN 'category' WHEN rnd(view_id, 70) < 0.9 THEN 'product'
            ELSE 'search' END)
        ELSE (CASE WHEN rnd(view_id, 70) < 0.45 THEN 'product' WHEN rnd(view_id, 70) < 0.70
            THEN 'category' WHEN rnd(view_id, 70) < 0.78 THEN 'search' WHEN rnd(view_id, 70) < 0.90
            THEN 'cart' WHEN rnd(view_id, 70) < 0.95 THEN 'checkout' ELSE 'home' END) END
            AS page_type
    FROM drawn
)
SELECT view_id, customer_id, ts(least(t_end() - 1, t + k * dwell)) AS viewed_at, page_type,
    CASE WHEN page_type NOT IN ('category', 'product') THEN NULL
        WHEN rnd(view_id, 71) < 0.6 THEN favourite ELSE pick_category(rnd(view_id, 72)) END
        AS category
FROM typed
"""

EMAIL_EVENTS = """
CREATE TEMP TABLE _sends AS
WITH exploded AS (
    SELECT customer_id, first_t, email_end, p_open, send_offset, unnest(range(n_sends)) AS k
    FROM _traits WHERE n_sends > 0
), drawn AS (
    SELECT *, send_offset + k + 1 AS send_id FROM exploded
)
SELECT send_id, customer_id, email_end, p_open,
    email_end - 1 - CAST(pow(rnd(send_id, 80), 1.2) * (email_end - 1 - first_t) AS BIGINT) AS t,
    CASE WHEN rnd(send_id, 81) < 0.45 THEN 'newsletter'
        WHEN rnd(send_id, 81) < 0.80 THEN 'promotion'
        WHEN rnd(send_id, 81) < 0.90 THEN 'loyalty' ELSE 'transactional' END AS campaign_type,
    rnd(send_id, 82) < p_open AS opened,
    rnd(send_id, 83) < 0.25 AS clicked
FROM drawn;

INSERT INTO email_events BY NAME
WITH opens AS (
    SELECT send_id, customer_id, campaign_type, clicked, email_end,
        t + CAST(rexp(send_id, 84) * 8 * 3600 AS BIGINT) AS t
    FROM _sends WHERE opened
), events AS (
    SELECT send_id * 4 AS event_id, customer_id, t, 'send' AS event_type, campaign_type
    FROM _sends
    UNION ALL
    SELECT send_id * 4 + 1, customer_id, t, 'open', campaign_type FROM opens WHERE t < email_end
    UNION ALL
    SELECT send_id * 4 + 2, customer_id, t + CAST(rnd(send_id, 85) * 600 AS BIGINT), 'click',
        campaign_type
    FROM opens WHERE clicked AND t + 600 < email_end
    UNION ALL
    SELECT (send_offset + n_sends) * 4 + 3, customer_id, unsub_t, 'unsubscribe', 'newsletter'
    FROM _traits WHERE unsubscribed
)
SELECT event_id, customer_id, ts(t) AS event_at, event_type, campaign_type
FROM events WHERE t < t_end()
"""

STEPS: tuple[tuple[str, str], ...] = (
    ("profiles", CITIES + ";\n" + PROFILE),
    ("customers", CUSTOMERS),
    ("consents", CONSENTS),
    ("app_devices", APP_DEVICES),
    ("suppressions", SUPPRESSIONS),
    ("orders", ORDERS),
    ("web_sessions", WEB_SESSIONS),
    ("page_views", PAGE_VIEWS),
    ("email_events", EMAIL_EVENTS),
    ("ind_churn_risk", CHURN_RISK),
    ("ind_category_appetite", CATEGORY_APPETITE),
    ("ind_predicted_value", PREDICTED_VALUE),
)
"""(label, statements) in the order they run; labels are shown by the progress display."""
