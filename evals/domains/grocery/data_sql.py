"""The SQL that generates Marché Frais' data inside DuckDB, step by step.

Random draws, times and the atomic write come from ``schema_catalog.synthetic`` (``rnd``, ``rexp``,
``rnorm``, ``ts``, ``day``, ``t_end``). Inputs are DuckDB variables: ``seed``, ``n`` (cards),
``t_end`` (as_of), ``segment_at`` and ``organic_at`` (computed-at instants of the snapshots).

The shape, in short: cards attach to one of 17 stores (hypermarkets with a fuel station,
supermarkets, city stores) in the north of France and Wallonia; each card has latent traits
(visit rate, basket size, fresh / organic / own-brand leanings, a pet, a baby, online habits) that
drive two years of baskets (one line per department bought), online orders whose slots run up to
two weeks past as_of, coupons still valid after as_of, and fuel fills. Declared attributes
(household size, children, pet, year of birth) are mostly empty, as in real loyalty data.
"""

from __future__ import annotations

from schema_catalog.synthetic import DAY

MACROS = f"""
CREATE TEMP MACRO t_start() AS (getvariable('t_end')::BIGINT - 730 * {DAY});
CREATE TEMP MACRO open_time(t, u, city_store) AS (
    (t // {DAY}) * {DAY}
    - CASE WHEN isodow(ts(t)) = 7 AND NOT city_store THEN {DAY} ELSE 0 END
    + CAST((8 + u * 12.9) * 3600 AS BIGINT));
"""

STORES = """
CREATE TEMP TABLE _stores AS
WITH raw(idx, store, format, city, country, weight, drive_store) AS (VALUES
    (1, 'Lille Lomme', 'hypermarket', 'Lomme', 'FR', 12, 'Lille Lomme'),
    (2, 'Villeneuve-d''Ascq', 'hypermarket', 'Villeneuve-d''Ascq', 'FR', 10, 'Villeneuve-d''Ascq'),
    (3, 'Lens', 'hypermarket', 'Lens', 'FR', 8, 'Lens'),
    (4, 'Amiens Sud', 'hypermarket', 'Amiens', 'FR', 8, 'Amiens Sud'),
    (5, 'Valenciennes', 'hypermarket', 'Valenciennes', 'FR', 7, 'Valenciennes'),
    (6, 'Mons', 'hypermarket', 'Mons', 'BE', 6, 'Mons'),
    (7, 'Lille Centre', 'supermarket', 'Lille', 'FR', 8, 'Lille Centre'),
    (8, 'Roubaix', 'supermarket', 'Roubaix', 'FR', 6, 'Roubaix'),
    (9, 'Tourcoing', 'supermarket', 'Tourcoing', 'FR', 5, 'Tourcoing'),
    (10, 'Arras', 'supermarket', 'Arras', 'FR', 5, 'Arras'),
    (11, 'Douai', 'supermarket', 'Douai', 'FR', 4, 'Douai'),
    (12, 'Tournai', 'supermarket', 'Tournai', 'BE', 4, 'Tournai'),
    (13, 'Namur', 'supermarket', 'Namur', 'BE', 4, 'Namur'),
    (14, 'Lille Wazemmes', 'city', 'Lille', 'FR', 4, 'Lille Lomme'),
    (15, 'Lille Vieux-Lille', 'city', 'Lille', 'FR', 3, 'Lille Centre'),
    (16, 'Bruxelles Ixelles', 'city', 'Bruxelles', 'BE', 4, 'Mons'),
    (17, 'Amiens Centre', 'city', 'Amiens', 'FR', 2, 'Amiens Sud'))
SELECT *, (sum(weight) OVER (ORDER BY idx) - weight) / 100.0 AS lo,
    sum(weight) OVER (ORDER BY idx) / 100.0 AS hi
FROM raw;

CREATE TEMP TABLE _departments AS
SELECT * FROM (VALUES
    (0, 'fruit_veg', 0.62, 2.1, 0.30, true), (1, 'bakery', 0.45, 2.4, 0.12, true),
    (2, 'meat', 0.33, 9.5, 0.10, true), (3, 'fish', 0.12, 11.0, 0.05, true),
    (4, 'dairy', 0.58, 2.6, 0.22, true), (5, 'frozen', 0.25, 4.2, 0.04, false),
    (6, 'pantry', 0.70, 2.2, 0.15, false), (7, 'drinks', 0.42, 1.9, 0.06, false),
    (8, 'wine_beer', 0.20, 7.5, 0.05, false), (9, 'baby', 0.55, 6.5, 0.25, false),
    (10, 'pet', 0.45, 5.5, 0.05, false), (11, 'household', 0.28, 4.0, 0.06, false),
    (12, 'health_beauty', 0.22, 4.6, 0.10, false)
) AS d(dept_idx, department, p_line, unit_price, p_organic, fresh)
"""

PROFILE = f"""
CREATE TEMP TABLE _traits AS
WITH base AS (
    SELECT i + 1 AS k FROM range(getvariable('n')::BIGINT) AS r(i)
), homed AS (
    SELECT b.k, 2941000000000 + b.k * 37 + (rhash(b.k, 1) % 37)::BIGINT AS card_number,
        s.store AS home_store, s.format AS home_format, s.city AS store_city, s.country,
        s.drive_store, s.format = 'hypermarket' AS near_station
    FROM base AS b JOIN _stores AS s ON rnd(b.k, 2) >= s.lo AND rnd(b.k, 2) < s.hi
), typed AS (
    SELECT *,
        CASE WHEN rnd(k, 3) < 0.22 THEN 'family' WHEN rnd(k, 3) < 0.28 THEN 'student'
             WHEN rnd(k, 3) < 0.42 THEN 'senior' ELSE 'classic' END AS card_type,
        CASE WHEN rnd(k, 4) < 0.4 THEN t_start() - CAST(rnd(k, 5) * 6 * 365 * {DAY} AS BIGINT)
             ELSE t_start() + CAST(rnd(k, 5) * 725 * {DAY} AS BIGINT) END AS enrol_t,
        rnd(k, 6) < 0.35 AS pet_owner,
        exp(0.6 * rnorm(k, 7)) AS rate_factor,
        exp(0.35 * rnorm(k, 9)) AS size_factor,
        0.6 * pow(rnd(k, 11), 2.5) AS organic_pref,
        0.15 + 0.6 * rnd(k, 12) AS own_brand_pref,
        rnd(k, 13) < 0.25 AS lapses
    FROM homed
), shaped AS (
    SELECT *,
        card_type = 'family' AND rnd(k, 14) < 0.8 OR card_type = 'classic' AND rnd(k, 14) < 0.2
            AS with_kids,
        rnd(k, 15) < CASE WHEN card_type = 'family' THEN 0.16 ELSE 0.07 END AS club,
        greatest(enrol_t, t_start()) AS first_t,
        CASE home_format WHEN 'city' THEN 1.3 ELSE 0.55 END * rate_factor
            * CASE card_type WHEN 'senior' THEN 1.2 WHEN 'student' THEN 0.7 ELSE 1 END
            AS per_week,
        CASE home_format WHEN 'city' THEN 0.45 ELSE 1 END * size_factor
            * CASE card_type WHEN 'family' THEN 1.6 WHEN 'student' THEN 0.55 ELSE 1 END
            AS basket_size
    FROM typed
), timed AS (
    SELECT *,
        CASE WHEN lapses AND first_t < t_end() - 120 * {DAY}
             THEN first_t + CAST(rnd(k, 16) * (t_end() - 90 * {DAY} - first_t) AS BIGINT)
             ELSE t_end() - 1 - least(t_end() - 1 - first_t,
                 CAST(rexp(k, 17) * 7 * {DAY} / per_week AS BIGINT)) END AS last_t,
        rnd(k, 18) < CASE WHEN club THEN 0.75 WHEN card_type = 'family' THEN 0.3 ELSE 0.12 END
            AS online_user,
        rnd(k, 19) < CASE WHEN club THEN 0.6 ELSE 0.25 END AS prefers_delivery,
        rnd(k, 20) < CASE WHEN near_station THEN 0.45 ELSE 0.12 END AS fuel_user,
        rnd(k, 21) < 0.06 AS drives_ev,
        rnd(k, 22) < 0.6 AS has_email, rnd(k, 23) < 0.7 AS has_mobile,
        rnd(k, 24) < 0.92 AS has_address
    FROM shaped
), counted AS (
    SELECT *,
        rnd(k, 25) < CASE WHEN online_user THEN 0.85 ELSE 0.28 END AS app_user,
        greatest(0, round(per_week * (last_t - first_t) / (7.0 * {DAY})
            * (0.85 + 0.3 * rnd(k, 26))))::BIGINT + 1 AS n_visits,
        CASE WHEN online_user THEN round(per_week * 0.35 * (t_end() - first_t) / (7.0 * {DAY})
            * CASE WHEN lapses THEN 0.3 ELSE 1 END)::BIGINT ELSE 0 END AS n_online,
        CASE WHEN fuel_user THEN round((last_t - first_t) / (9.0 * {DAY})
            * (0.5 + rnd(k, 27)))::BIGINT ELSE 0 END AS n_fills,
        round((t_end() - first_t) / (30.0 * {DAY}) * (0.6 + 0.8 * rnd(k, 28)))::BIGINT AS n_coupons
    FROM timed
)
SELECT *,
    sum(n_visits) OVER w - n_visits AS visit_offset,
    sum(n_online) OVER w - n_online AS online_offset,
    sum(n_fills) OVER w - n_fills AS fill_offset,
    sum(n_coupons) OVER w - n_coupons AS coupon_offset
FROM counted
WINDOW w AS (ORDER BY k ROWS UNBOUNDED PRECEDING)
ORDER BY k
"""

ONLINE_ORDERS = f"""
CREATE TEMP TABLE _orders AS
WITH exploded AS (
    SELECT k, card_number, drive_store, prefers_delivery, basket_size, first_t, lapses, last_t,
        online_offset, unnest(range(n_online)) AS j
    FROM _traits WHERE n_online > 0
), drawn AS (
    SELECT *, online_offset + j + 1 AS order_no,
        CASE WHEN lapses THEN least(last_t, t_end() - 1) ELSE t_end() - 1 END AS end_t
    FROM exploded
), placed AS (
    SELECT *, CASE WHEN j = 0 AND NOT lapses
            THEN t_end() - CAST(rnd(order_no, 30) * 4 * {DAY} AS BIGINT)
            ELSE first_t + CAST(rnd(order_no, 31) * (end_t - first_t) AS BIGINT) END AS ordered_t
    FROM drawn
)
SELECT order_no, k, card_number, basket_size, ordered_t,
    (ordered_t // {DAY} + 1 + floor(rnd(order_no, 32)
        * CASE WHEN ordered_t >= t_end() - 4 * {DAY} THEN 14 ELSE 5 END)::BIGINT) * {DAY} AS slot_t,
    ['08-10', '10-12', '12-14', '14-16', '16-18', '18-20'][
        1 + floor(rnd(order_no, 33) * 6)::INTEGER] AS slot_window,
    CASE WHEN rnd(order_no, 34) < CASE WHEN prefers_delivery THEN 0.8 ELSE 0.1 END
        THEN 'home_delivery' ELSE 'click_and_collect' END AS fulfilment,
    drive_store
FROM placed;

CREATE TEMP TABLE _orders_status AS
SELECT *, CASE
        WHEN slot_t >= t_end() THEN
            (CASE WHEN rnd(order_no, 35) < 0.06 THEN 'cancelled' ELSE 'scheduled' END)
        WHEN rnd(order_no, 35) < 0.08 THEN 'cancelled'
        WHEN rnd(order_no, 35) < 0.12 THEN 'missed' ELSE 'completed' END AS status,
    slot_t + CAST(left(slot_window, 2) AS INTEGER) * 3600
        + CAST(rnd(order_no, 36) * 7000 AS BIGINT) AS handover_t
FROM _orders
"""

BASKETS = """
CREATE TEMP TABLE _heads AS
WITH exploded AS (
    SELECT k, card_number, home_store, first_t, last_t, visit_offset, basket_size,
        unnest(range(n_visits)) AS j
    FROM _traits
), drawn AS (
    SELECT *, visit_offset + j + 1 AS receipt_no,
        CASE WHEN j = 0 THEN last_t
            ELSE first_t + CAST(rnd(visit_offset + j + 1, 40) * (last_t - first_t) AS BIGINT)
            END AS t
    FROM exploded
), stored AS (
    SELECT d.*, CASE WHEN rnd(receipt_no, 41) < 0.78 THEN d.home_store ELSE s.store END AS store
    FROM drawn AS d
    JOIN _stores AS s ON rnd(d.receipt_no, 42) >= s.lo AND rnd(d.receipt_no, 42) < s.hi
)
SELECT receipt_no, k, card_number, s.store, s.format AS store_format, 'in_store' AS channel,
    open_time(t, rnd(receipt_no, 43), s.format = 'city') AS t, basket_size
FROM stored JOIN _stores AS s USING (store)
UNION ALL
SELECT 900000000 + order_no, k, card_number, o.drive_store, s.format,
    fulfilment, least(handover_t, t_end() - 60), basket_size * 1.4
FROM _orders_status AS o JOIN _stores AS s ON s.store = o.drive_store
WHERE status = 'completed';

CREATE TEMP TABLE _lines AS
WITH candidates AS (
    SELECT h.receipt_no, h.card_number, h.t, h.basket_size, d.*, tr.organic_pref,
        tr.own_brand_pref, tr.pet_owner, tr.with_kids, tr.card_type
    FROM _heads AS h JOIN _traits AS tr USING (k) CROSS JOIN _departments AS d
), kept AS (
    SELECT * FROM candidates
    WHERE dept_idx = receipt_no % 7
        OR rnd(receipt_no * 16 + dept_idx, 44) < least(0.95, 0.7 * p_line * sqrt(basket_size))
            * CASE department WHEN 'pet' THEN (CASE WHEN pet_owner THEN 1 ELSE 0 END)
                WHEN 'baby' THEN (CASE WHEN with_kids THEN 1 ELSE 0 END)
                WHEN 'wine_beer' THEN (CASE WHEN card_type = 'student' THEN 0.5 ELSE 1 END)
                ELSE 1 END
)
SELECT receipt_no * 16 + dept_idx AS line_no, receipt_no, card_number, ts(t) AS paid_at,
    department,
    rnd(receipt_no * 16 + dept_idx, 45) < organic_pref + p_organic * organic_pref AS organic,
    rnd(receipt_no * 16 + dept_idx, 46) < own_brand_pref AS own_brand,
    (1 + floor(rexp(receipt_no * 16 + dept_idx, 47) * 2.2 * basket_size))::BIGINT AS quantity,
    unit_price
FROM kept;

INSERT INTO basket_lines BY NAME
SELECT line_no, receipt_no, card_number, paid_at, department, organic, own_brand, quantity,
    round(quantity * unit_price * CASE WHEN organic THEN 1.35 ELSE 1 END
        * CASE WHEN own_brand THEN 0.8 ELSE 1 END
        * exp(0.25 * rnorm(line_no, 48)), 2)::DECIMAL(12, 2) AS line_amount
FROM _lines
ORDER BY receipt_no, line_no;

INSERT INTO baskets BY NAME
WITH sums AS (
    SELECT receipt_no, sum(line_amount) AS gross, sum(quantity) AS items
    FROM basket_lines GROUP BY receipt_no
), discounted AS (
    SELECT h.*, s.gross, s.items,
        CASE WHEN rnd(h.receipt_no, 50) < 0.3
            THEN round(s.gross * (0.03 + 0.12 * rnd(h.receipt_no, 51)), 2) END AS discount
    FROM _heads AS h JOIN sums AS s USING (receipt_no)
)
SELECT receipt_no, card_number, ts(t) AS paid_at, store, store_format, channel,
    CASE WHEN channel <> 'in_store' THEN 'card'
        WHEN rnd(receipt_no, 52) < 0.04 THEN NULL
        WHEN rnd(receipt_no, 52) < 0.68 THEN 'card' WHEN rnd(receipt_no, 52) < 0.82 THEN 'cash'
        WHEN rnd(receipt_no, 52) < 0.92 THEN 'meal_voucher' ELSE 'mobile_wallet' END
        AS payment_method,
    (gross - coalesce(discount, 0))::DECIMAL(12, 2) AS total_amount, items,
    discount::DECIMAL(12, 2) AS discount_amount
FROM discounted
ORDER BY receipt_no;

INSERT INTO online_orders BY NAME
SELECT format('WEB-{}-{:06d}', year(ts(o.ordered_t)), o.order_no) AS order_ref,
    o.card_number, day(o.slot_t) AS slot_date, o.slot_window, o.fulfilment,
    CASE WHEN o.fulfilment = 'click_and_collect' THEN o.drive_store END AS pickup_store,
    o.status, ts(o.ordered_t) AS ordered_at,
    coalesce(b.total_amount, round(45 * o.basket_size * exp(0.3 * rnorm(o.order_no, 53)), 2)
        )::DECIMAL(12, 2) AS order_amount,
    coalesce(b.items, (4 + 18 * o.basket_size * rnd(o.order_no, 54))::BIGINT) AS items
FROM _orders_status AS o LEFT JOIN baskets AS b ON b.receipt_no = 900000000 + o.order_no
ORDER BY o.order_no
"""
