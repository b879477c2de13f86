"""Onda SQL, third part: care contacts, consents, app installs, the do-not-contact list and the
churn-score snapshot (see ``data_sql``).
"""

from __future__ import annotations

from schema_catalog.synthetic import DAY

CARE = f"""
INSERT INTO care_contacts BY NAME
WITH callers AS (
    SELECT k, account_ref, open_t, churn_t,
        unnest(range(floor(rexp(k, 110) * 1.6)::INTEGER
            + CASE WHEN churn_t IS NOT NULL THEN 1 ELSE 0 END)) AS j
    FROM _traits
), drawn AS (
    SELECT *, k * 64 + j AS contact_ref,
        CASE WHEN j = 0 AND churn_t IS NOT NULL
            THEN churn_t - CAST((1 + rnd(k, 111) * 20) * {DAY} AS BIGINT)
            ELSE greatest(open_t, t_start()) + CAST(rnd(k * 64 + j, 112)
                * (coalesce(churn_t, t_end()) - 1 - greatest(open_t, t_start())) AS BIGINT)
            END AS t
    FROM callers
), typed AS (
    SELECT *, CASE WHEN j = 0 AND churn_t IS NOT NULL THEN 'cancellation'
        ELSE ['billing', 'billing', 'network', 'device', 'roaming', 'plan_change', 'tv_technical',
            'cancellation'][1 + floor(rnd(contact_ref, 113) * 8)::INTEGER] END AS reason,
        rnd(contact_ref, 114) < 0.7 AS resolved
    FROM drawn WHERE t > open_t
)
SELECT contact_ref, account_ref, ts(t) AS contacted_at, reason,
    CASE WHEN rnd(contact_ref, 115) < 0.45 THEN 'phone' WHEN rnd(contact_ref, 115) < 0.7 THEN 'chat'
        WHEN rnd(contact_ref, 115) < 0.85 THEN 'shop' WHEN rnd(contact_ref, 115) < 0.95 THEN 'app'
        ELSE 'social' END AS channel,
    resolved,
    CASE WHEN rnd(contact_ref, 116) < 0.28 THEN least(5, greatest(1, round(
        CASE WHEN resolved THEN 4 ELSE 2 END + rnorm(contact_ref, 117))))::BIGINT END
        AS satisfaction
FROM typed
ORDER BY contact_ref
"""

CONSENTS = """
INSERT INTO consents BY NAME
SELECT t.account_ref,
    t.has_email AND rnd(t.k, 120) < 0.45 AS email_optin,
    t.has_mobile AND rnd(t.k, 121) < 0.35 AS sms_optin,
    t.app_user AND rnd(t.k, 122) < 0.55 AS push_optin,
    t.has_mobile AND rnd(t.k, 123) < 0.2 AS call_optin,
    ts(t.open_t + CAST(rnd(t.k, 124) * (t_end() - 1 - t.open_t) AS BIGINT)) AS updated_at
FROM _traits AS t
ORDER BY t.k;

INSERT INTO app_installs BY NAME
WITH installed AS (
    SELECT t.*, greatest(t.open_t, t_start() - 400 * 86400)
        + CAST(rnd(t.k, 125) * (coalesce(t.churn_t, t_end()) - greatest(t.open_t,
            t_start() - 400 * 86400)) * 0.8 AS BIGINT) AS install_t
    FROM _traits AS t WHERE t.app_user
)
SELECT i.account_ref,
    CASE WHEN rnd(i.k, 126) < 0.4 THEN 'ios' ELSE 'android' END AS platform,
    ts(install_t) AS installed_at,
    CASE WHEN rnd(i.k, 127) < 0.95 THEN ts(greatest(install_t, coalesce(i.churn_t, t_end())
        - 1 - CAST(rexp(i.k, 128) * 12 * 86400 AS BIGINT))) END AS last_seen_at,
    CASE WHEN c.push_optin THEN format('{:016x}{:016x}', rhash(i.k, 129), rhash(i.k, 130))
        END AS push_token
FROM installed AS i JOIN consents AS c USING (account_ref)
ORDER BY i.k;

INSERT INTO do_not_contact BY NAME
WITH picked AS (
    SELECT k, account_ref, open_t,
        CASE WHEN rnd(k, 132) < 0.30 THEN 'email' WHEN rnd(k, 132) < 0.45 THEN 'sms'
            WHEN rnd(k, 132) < 0.50 THEN 'push' WHEN rnd(k, 132) < 0.85 THEN 'call'
            ELSE 'all' END AS channel
    FROM _traits WHERE rnd(k, 131) < 0.04
)
SELECT account_ref, channel,
    CASE channel WHEN 'email' THEN (CASE WHEN rnd(k, 133) < 0.7 THEN 'bounce' ELSE 'complaint' END)
        WHEN 'call' THEN 'bloctel'
        WHEN 'all' THEN (CASE WHEN rnd(k, 133) < 0.6 THEN 'legal' ELSE 'debt_collection' END)
        ELSE 'complaint' END AS reason,
    ts(open_t + CAST(rnd(k, 134) * (t_end() - 1 - open_t) AS BIGINT)) AS added_at
FROM picked
ORDER BY k
"""

CHURN_SCORE = f"""
INSERT INTO ind_churn_score BY NAME
WITH open_accounts AS (
    SELECT DISTINCT account_ref FROM subscriptions
    WHERE status IN ('active', 'trial', 'paused', 'pending')
), signals AS (
    SELECT a.account_ref, t.k,
        acc.contract_ends_on IS NOT NULL
            AND acc.contract_ends_on < CAST(ts(getvariable('churn_at')::BIGINT) AS DATE)
            AS out_of_contract,
        coalesce(acc.contract_type, '') = 'prepaid' AS prepaid,
        (SELECT count(*) FROM care_contacts AS c WHERE c.account_ref = a.account_ref
            AND c.contacted_at >= ts(getvariable('churn_at')::BIGINT - 180 * {DAY})
            AND c.contacted_at < ts(getvariable('churn_at')::BIGINT)) AS recent_contacts,
        (SELECT count(*) FROM plan_changes AS p WHERE p.account_ref = a.account_ref
            AND p.direction = 'downgrade') AS downgrades,
        date_diff('year', acc.customer_since, CAST(ts(getvariable('churn_at')::BIGINT) AS DATE))
            AS tenure
    FROM open_accounts AS a JOIN accounts AS acc USING (account_ref)
    JOIN _traits AS t USING (account_ref)
)
SELECT account_ref,
    round(least(0.98, greatest(0.01, 0.05 + 0.18 * out_of_contract::INTEGER
        + 0.12 * prepaid::INTEGER + 0.08 * least(recent_contacts, 4) + 0.07 * least(downgrades, 2)
        - 0.015 * least(tenure, 10) + 0.06 * rnorm(k, 140))), 2)::DECIMAL(12, 2) AS score,
    ts(getvariable('churn_at')::BIGINT) AS computed_at
FROM signals
ORDER BY account_ref
"""
