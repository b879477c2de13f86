"""Refusals: requests that are not audience requests, or that try to get around the guardrails.

Patterns are generic (SQL keywords, consent words, instruction overrides, data dumps), never
tied to one catalog. Sensitive data (special categories, credentials) is the catalog's policy, not
a pattern here: ``assistant.policy.topic_refusal``. Checked on the folded text (lower case, no
accents) before any parsing.
"""

from __future__ import annotations

import re

from assistant.contract import Refusal
from assistant.offline.text import fold

_UNSAFE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(drop|truncate|alter|delete|insert|update|grant|attach|copy|pragma)\b"
            r"\s+(table|from|into|database|schema|\w+\s+set|on)\b"
        ),
        "The request contains SQL statements; I only build audiences from the catalog.",
    ),
    (
        re.compile(
            r"\bselect\b.+\bfrom\b|\bunion\s+select\b|;\s*--|\bwhere\s+1\s*=\s*1\b|"
            r"\bor\s+1\s*=\s*1\b|\bread_csv|\bexec(ute)?\s*\("
        ),
        "The request contains SQL; I never run SQL text, only rules built from the catalog.",
    ),
    (
        re.compile(
            r"\b(ignore|disregard|forget|override|bypass|oublie|ignore[rz]?)\b.{0,40}"
            r"\b(instructions?|rules?|prompt|guardrails?|system|consignes|regles)\b|"
            r"\bsystem prompt\b|\bjailbreak\b|\bdeveloper mode\b|\byou are now\b|"
            r"\bpretend (you are|to be|that)\b|\bact as\b|\brole ?play\b|\bfrom now on,? you\b|"
            r"\bimagine (you are|that you)\b|\btu es maintenant\b|\bfais comme si\b|"
            r"\bno (restrictions|limits|rules)\b|\bsans (restrictions?|limites?|regles)\b"
        ),
        "I can't change my instructions or guardrails.",
    ),
    (
        re.compile(
            r"\b(ignor\w*|bypass\w*|without|regardless of|override|skip|sans|malgre|"
            r"outrepass\w*)\b.{0,30}\b(consent\w*|opt.?outs?|suppress\w*|"
            r"unsubscrib\w*|desinscri\w*|desabonn\w*|opposition)\b"
        ),
        "Consent and the suppression list always apply; I can't build an audience that skips them.",
    ),
    (
        re.compile(
            r"\b(include|including|inclu\w*|keep|add|ajout\w*|even|meme|"
            r"y compris)\b.{0,40}\b(opted.?out|suppressed|supprime\w*|"
            r"blacklist\w*|blocklist\w*|liste rouge|unsubscribed|desinscrits?|"
            r"desabonnes?|without \w+ consent|sans consentement|non.?consent\w*)"
        ),
        "People who opted out or are suppressed can't be added back; consent always applies.",
    ),
    (
        re.compile(
            r"(\b(export|exporte\w*|dump|extract|extrai\w*)\b|"
            r"^\W*((please|pls|can you|could you|peux tu|pouvez vous)\W+)?"
            r"(download|telecharge\w*)\b).{0,40}"
            r"\b(everyone|everybody|all|tout|tous|whole|entire|full|complete|database|base|"
            r"list|liste|csv|excel|xlsx|file|fichier|emails?|phones?|addresses|adresses|"
            r"contacts?|records)\b"
        ),
        "I don't export; audiences are exported only after a reviewer approves them.",
    ),
    (
        re.compile(
            r"\b(give|show|send|list|get|display|print|tell|share|donne|montre|affiche|envoie|"
            r"liste)\b.{0,40}\b(phone numbers|mobile numbers|email addresses|e mail addresses|"
            r"home addresses|postal addresses|full names|birth ?dates|dates of birth|"
            r"contact details|"
            r"personal (data|details|info\w*)|numeros de telephone|adresses (e ?)?mail|"
            r"coordonnees|donnees personnelles)\b|"
            r"\b(everyone|everybody|all (our )?(customers|clients))\W*s?\W+(e ?mail|phone|"
            r"mobile|home|postal)\w*\W+(address\w*|numbers?)\b"
        ),
        "I don't show personal data; I build audiences, exported only after a reviewer approves.",
    ),
    (
        re.compile(
            r"\b(delete|erase|wipe|purge|destroy|efface\w*|supprime\w*)\b\s+"
            r"(all |every |the |tous |toutes )?(les |des )?(customers?|clients?|people|records?|"
            r"rows?|accounts?|contacts?|users?|everyone|everybody|data|donnees|personnes)\b"
        ),
        "I can't change or delete data; I only build audiences from the catalog.",
    ),
)

_OUT_OF_SCOPE = re.compile(
    r"\b(poem|poeme|haiku|joke|blague|story|histoire|song|chanson|recipe|recette|weather|meteo|"
    r"translate|tradui\w*|capital of|president|stock price|bitcoin|horoscope|python|javascript|"
    r"write (me )?(a|an|some) (code|function|script|email|essay|letter)|essay|limerick|"
    r"who are you|qui es.tu|how are you|comment vas)\b"
)


def refusal_for(request: str) -> Refusal | None:
    """A refusal when the request is unsafe or plainly out of scope, else None.

    >>> refusal_for("DROP TABLE customers;").category
    'unsafe'
    >>> refusal_for("VIP customers in Paris") is None
    True
    """
    text = fold(request)
    for pattern, reason in _UNSAFE:
        if pattern.search(text):
            return Refusal(reason=reason, category="unsafe")
    if _OUT_OF_SCOPE.search(text):
        return Refusal(
            reason="That is not an audience request; I build customer audiences from the catalog.",
            category="out_of_scope",
        )
    return None


def no_catalog_words_refusal() -> Refusal:
    """For requests that mention nothing the catalog knows."""
    return Refusal(
        reason="Nothing in the request refers to customer data in the catalog; "
        "describe the customers you want to select.",
        category="out_of_scope",
    )
