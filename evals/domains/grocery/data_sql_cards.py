"""Marché Frais SQL, second part: cardholders, consents, app accounts, contact blocks, coupons,
fuel fills and the snapshot indicators (see ``data_sql`` for the inputs and the shape).
"""

from __future__ import annotations

from schema_catalog.synthetic import DAY

_FIRST = (
    "['Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Julie', 'Sophie', 'Marie', 'Nathalie', "
    "'Lucas', 'Hugo', 'Louis', 'Thomas', 'Nicolas', 'Julien', 'Pierre', 'Kevin', 'Bart', 'Wout']"
)
_LAST = (
    "['Martin', 'Lefebvre', 'Dubois', 'Leroy', 'Lemaire', 'Dupont', 'Vasseur', 'Delattre', "
    "'Deschamps', 'Lambert', 'Peeters', 'Janssens', 'Maes', 'Dumont', 'Fontaine', 'Lecomte']"
)
_STREETS = (
    "['rue Nationale', 'rue de Paris', 'avenue de la Gare', 'rue Faidherbe', 'place du Marché']"
)

CARDHOLDERS = f"""
INSERT INTO cardholders BY NAME
WITH spend AS (
    SELECT card_number, sum(total_amount) AS spend_12m FROM baskets
    WHERE paid_at >= ts(t_end() - 365 * {DAY}) GROUP BY card_number
), named AS (
    SELECT t.*, coalesce(s.spend_12m, 0) AS spend_12m,
        {_FIRST}[1 + floor(rnd(k, 60) * 20)::INTEGER] AS first_name,
        {_LAST}[1 + floor(rnd(k, 61) * 16)::INTEGER] AS last_name
    FROM _traits AS t LEFT JOIN spend AS s USING (card_number)
)
SELECT card_number, first_name, last_name,
    CASE WHEN has_email THEN lower(strip_accents(first_name || '.' || last_name)) || k
        || '@' || ['example.fr', 'example.be', 'example.com'][1 + (k % 3)::INTEGER] END AS email,
    CASE WHEN has_mobile THEN CASE country WHEN 'BE' THEN '+324' ELSE '+336' END
        || lpad((rhash(k, 62) % 100000000)::VARCHAR, 8, '0') END AS mobile,
    CASE WHEN has_address THEN (1 + rhash(k, 63) % 180)::VARCHAR || ' '
        || {_STREETS}[1 + floor(rnd(k, 64) * 5)::INTEGER] END AS postal_address,
    CASE WHEN rnd(k, 65) < 0.8 THEN store_city
        WHEN country = 'BE' THEN ['Mons', 'Tournai', 'Namur', 'Bruxelles'][
            1 + floor(rnd(k, 66) * 4)::INTEGER]
        ELSE ['Lille', 'Lomme', 'Roubaix', 'Tourcoing', 'Villeneuve-d''Ascq', 'Lens', 'Arras',
            'Douai', 'Amiens', 'Valenciennes'][1 + floor(rnd(k, 66) * 10)::INTEGER] END
        AS home_city,
    country, home_store, card_type, club AS club_plus,
    CASE WHEN club THEN day(greatest(enrol_t, t_end() - CAST(rnd(k, 67) * 900 * {DAY} AS BIGINT)))
        END AS club_plus_since,
    day(enrol_t) AS enrolled_on,
    CASE WHEN rnd(k, 68) < 0.5 THEN 2026 - CASE card_type
        WHEN 'student' THEN 18 + floor(rnd(k, 69) * 9)
        WHEN 'senior' THEN 62 + floor(rnd(k, 69) * 24)
        ELSE 24 + floor(rnd(k, 69) * 45) END END::BIGINT AS birth_year,
    CASE WHEN rnd(k, 70) < 0.35 THEN CASE card_type
        WHEN 'family' THEN 3 + floor(rnd(k, 71) * 4) WHEN 'student' THEN 1 + floor(rnd(k, 71) * 2)
        WHEN 'senior' THEN 1 + floor(rnd(k, 71) * 2) ELSE 1 + floor(rnd(k, 71) * 4) END END::BIGINT
        AS household_size,
    CASE WHEN rnd(k, 72) < 0.4 THEN with_kids END AS has_children,
    CASE WHEN rnd(k, 73) < 0.28 THEN pet_owner END AS has_pet,
    least(6000, round(spend_12m * CASE WHEN club THEN 2 ELSE 1 END * (0.2 + 0.3 * rnd(k, 74)))
        )::BIGINT AS points_balance,
    CASE WHEN country = 'FR' THEN (CASE WHEN rnd(k, 75) < 0.97 THEN 'fr' ELSE 'en' END)
        WHEN home_store = 'Bruxelles Ixelles' THEN (CASE WHEN rnd(k, 75) < 0.6 THEN 'fr'
            WHEN rnd(k, 75) < 0.85 THEN 'nl' ELSE 'en' END)
        WHEN rnd(k, 75) < 0.9 THEN 'fr' WHEN rnd(k, 75) < 0.97 THEN 'nl' ELSE 'de' END
        AS preferred_language
FROM named
ORDER BY card_number
"""

CONSENTS = f"""
INSERT INTO card_consents BY NAME
SELECT card_number,
    has_email AND rnd(k, 80) < 0.55 AS email_optin,
    has_mobile AND rnd(k, 81) < 0.3 AS sms_optin,
    app_user AND rnd(k, 82) < 0.6 AS push_optin,
    has_address AND rnd(k, 83) < 0.4 AS mail_optin,
    ts(enrol_t + CAST(rnd(k, 84) * (t_end() - 1 - enrol_t) AS BIGINT)) AS updated_at
FROM _traits
ORDER BY card_number;

INSERT INTO app_users BY NAME
WITH installed AS (
    SELECT *, first_t + CAST(rnd(k, 85) * (last_t - first_t) * 0.7 AS BIGINT) AS install_t
    FROM _traits WHERE app_user
)
SELECT i.card_number,
    CASE WHEN rnd(i.k, 86) < 0.42 THEN 'ios' ELSE 'android' END AS platform,
    day(install_t) AS installed_on,
    CASE WHEN rnd(i.k, 87) < 0.93 THEN ts(greatest(install_t, least(t_end() - 1,
        last_t + CAST(rnd(i.k, 88) * 20 * {DAY} AS BIGINT)))) END AS last_login_at,
    CASE WHEN c.push_optin THEN format('{{:016x}}{{:016x}}', rhash(i.k, 89), rhash(i.k, 90))
        END AS push_token
FROM installed AS i JOIN card_consents AS c USING (card_number)
ORDER BY i.card_number;

INSERT INTO contact_blocks BY NAME
WITH picked AS (
    SELECT card_number, k, first_t,
        CASE WHEN rnd(k, 92) < 0.40 THEN 'email' WHEN rnd(k, 92) < 0.60 THEN 'sms'
            WHEN rnd(k, 92) < 0.65 THEN 'push' WHEN rnd(k, 92) < 0.80 THEN 'mail'
            ELSE 'all' END AS channel
    FROM _traits WHERE rnd(k, 91) < 0.03
)
SELECT card_number, channel,
    CASE channel WHEN 'email' THEN (CASE WHEN rnd(k, 93) < 0.7 THEN 'bounce' ELSE 'complaint' END)
        WHEN 'mail' THEN (CASE WHEN rnd(k, 93) < 0.8 THEN 'moved' ELSE 'deceased' END)
        WHEN 'all' THEN (CASE WHEN rnd(k, 93) < 0.7 THEN 'legal' ELSE 'deceased' END)
        ELSE 'complaint' END AS reason,
    ts(first_t + CAST(rnd(k, 94) * (t_end() - 1 - first_t) AS BIGINT)) AS blocked_at
FROM picked
ORDER BY card_number
"""

COUPONS = f"""
INSERT INTO coupons BY NAME
WITH exploded AS (
    SELECT t.k, t.card_number, t.first_t, t.coupon_offset, c.email_optin, c.sms_optin,
        c.push_optin, c.mail_optin, 0.05 + 0.5 * rnd(t.k, 100) AS p_redeem,
        unnest(range(t.n_coupons)) AS j
    FROM _traits AS t JOIN card_consents AS c USING (card_number)
    WHERE t.n_coupons > 0
), drawn AS (
    SELECT *, coupon_offset + j + 1 AS coupon_no,
        first_t + CAST(pow(rnd(coupon_offset + j + 1, 101), 0.8) * (t_end() - 1 - first_t)
            AS BIGINT) AS issue_t
    FROM exploded
), shaped AS (
    SELECT *,
        CASE WHEN rnd(coupon_no, 102) < 0.35 THEN 'percent_off'
            WHEN rnd(coupon_no, 102) < 0.70 THEN 'euro_off'
            WHEN rnd(coupon_no, 102) < 0.85 THEN 'double_points' ELSE 'free_item' END AS offer_type,
        (issue_t // {DAY} + [14, 21, 30, 45][1 + floor(rnd(coupon_no, 103) * 4)::INTEGER])
            * {DAY} AS expire_t,
        CASE WHEN email_optin AND rnd(coupon_no, 104) < 0.45 THEN 'email'
            WHEN push_optin AND rnd(coupon_no, 104) < 0.75 THEN 'app'
            WHEN sms_optin AND rnd(coupon_no, 104) < 0.85 THEN 'sms'
            WHEN mail_optin AND rnd(coupon_no, 105) < 0.3 THEN 'mail' ELSE 'receipt' END
            AS sent_via
    FROM drawn
), used AS (
    SELECT *, CASE WHEN rnd(coupon_no, 106) < p_redeem
        THEN issue_t + CAST(rnd(coupon_no, 107) * (expire_t - issue_t) AS BIGINT) END AS used_t
    FROM shaped
)
SELECT format('CPN-{{:06X}}', coupon_no * 7919 % 16777213) AS coupon_code, card_number,
    ts(issue_t) AS issued_at, offer_type,
    CASE WHEN rnd(coupon_no, 108) < 0.35 THEN ['fruit_veg', 'bakery', 'meat', 'fish', 'dairy',
        'frozen', 'pantry', 'drinks', 'wine_beer', 'baby', 'pet', 'household', 'health_beauty'][
        1 + floor(rnd(coupon_no, 109) * 13)::INTEGER] END AS department,
    sent_via,
    CASE WHEN used_t < t_end() THEN 'redeemed' WHEN expire_t >= t_end() THEN 'active'
        ELSE 'expired' END AS status,
    day(expire_t) AS expires_on,
    CASE WHEN used_t < t_end() THEN ts(used_t) END AS redeemed_at,
    CASE offer_type
        WHEN 'percent_off' THEN [10, 15, 20, 30][1 + floor(rnd(coupon_no, 110) * 4)::INTEGER]
        WHEN 'euro_off' THEN [2, 3, 5, 8, 10][1 + floor(rnd(coupon_no, 110) * 5)::INTEGER]
        WHEN 'free_item' THEN round(1 + 5 * rnd(coupon_no, 110), 2) END::DECIMAL(12, 2)
        AS face_value
FROM used
ORDER BY coupon_no
"""

FUEL = """
INSERT INTO fuel_fills BY NAME
WITH exploded AS (
    SELECT k, card_number, home_store, near_station, drives_ev, first_t, last_t, fill_offset,
        unnest(range(n_fills)) AS j
    FROM _traits WHERE n_fills > 0
), drawn AS (
    SELECT *, fill_offset + j + 1 AS fill_ref,
        CASE WHEN j = 0 THEN last_t
            ELSE first_t + CAST(rnd(fill_offset + j + 1, 120) * (last_t - first_t) AS BIGINT)
            END AS t,
        CASE WHEN drives_ev THEN 'ev_charging' WHEN rnd(k, 121) < 0.47 THEN 'diesel'
            WHEN rnd(k, 121) < 0.93 THEN 'unleaded' ELSE 'e85' END AS fuel_type
    FROM exploded
), placed AS (
    SELECT *, CASE WHEN near_station AND rnd(fill_ref, 122) < 0.85 THEN home_store
        ELSE ['Lille Lomme', 'Villeneuve-d''Ascq', 'Lens', 'Amiens Sud', 'Valenciennes', 'Mons'][
            1 + floor(rnd(fill_ref, 123) * 6)::INTEGER] END AS station,
        CASE WHEN fuel_type = 'ev_charging' THEN NULL
            ELSE round(18 + 42 * rnd(fill_ref, 124), 2) END AS litres,
        CASE WHEN fuel_type = 'ev_charging' THEN round(8 + 45 * rnd(fill_ref, 124), 2) END AS kwh
    FROM drawn
)
SELECT fill_ref, card_number, day(t) AS filled_on, station, fuel_type,
    litres::DECIMAL(12, 2) AS litres, kwh::DECIMAL(12, 2) AS kwh,
    round(coalesce(litres * CASE fuel_type WHEN 'diesel' THEN 1.74 WHEN 'unleaded' THEN 1.86
        ELSE 0.86 END, kwh * 0.45), 2)::DECIMAL(12, 2) AS amount
FROM placed
ORDER BY fill_ref
"""

SNAPSHOTS = f"""
INSERT INTO ind_shopper_segment BY NAME
WITH recent AS (
    SELECT card_number, count(*) AS visits, avg(total_amount) AS avg_amount,
        avg(CASE WHEN discount_amount IS NOT NULL THEN 1 ELSE 0 END) AS coupon_share,
        avg(CASE WHEN store_format = 'city' THEN 1 ELSE 0 END) AS city_share
    FROM baskets
    WHERE paid_at >= ts(getvariable('segment_at')::BIGINT - 182 * {DAY})
        AND paid_at < ts(getvariable('segment_at')::BIGINT)
    GROUP BY card_number
), mix AS (
    SELECT card_number,
        sum(CASE WHEN department IN ('fruit_veg', 'bakery', 'meat', 'fish', 'dairy')
            THEN line_amount ELSE 0 END) / sum(line_amount) AS fresh_share,
        sum(CASE WHEN own_brand THEN line_amount ELSE 0 END) / sum(line_amount) AS own_share
    FROM basket_lines
    WHERE paid_at >= ts(getvariable('segment_at')::BIGINT - 182 * {DAY})
        AND paid_at < ts(getvariable('segment_at')::BIGINT)
    GROUP BY card_number
)
SELECT r.card_number,
    CASE WHEN r.visits < 6 THEN 'occasional'
        WHEN r.city_share > 0.5 AND r.avg_amount < 35 THEN 'convenience'
        WHEN m.own_share > 0.55 OR r.coupon_share > 0.45 THEN 'budget_conscious'
        WHEN m.fresh_share > 0.6 THEN 'fresh_foodie' ELSE 'big_weekly_shop' END AS segment,
    ts(getvariable('segment_at')::BIGINT) AS computed_at
FROM recent AS r JOIN mix AS m USING (card_number)
ORDER BY r.card_number;

INSERT INTO ind_organic_affinity BY NAME
SELECT card_number,
    round(sum(CASE WHEN organic THEN line_amount ELSE 0 END) / sum(line_amount), 2)
        ::DECIMAL(12, 2) AS score,
    ts(getvariable('organic_at')::BIGINT) AS computed_at
FROM basket_lines
WHERE paid_at >= ts(getvariable('organic_at')::BIGINT - 365 * {DAY})
    AND paid_at < ts(getvariable('organic_at')::BIGINT)
GROUP BY card_number
ORDER BY card_number
"""
