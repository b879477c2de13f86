"""What the campaign is about is not who it selects.

'1,000 people for a fibre upgrade campaign: everyone still on ADSL', 'heavy users on Plus, to
pitch them unlimited': the words between 'for a' and 'campaign', and after a purpose verb ('to
pitch them', 'pour tester') up to the end of the clause, name the campaign's topic. They make no
rule; the proposal says how it read them. A channel among them stays the campaign's channel.
"""

from __future__ import annotations

from assistant.language import Role
from assistant.offline.draft import Draft, Mention
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import SpanKind

_TOPIC = frozenset({SpanKind.TERM, SpanKind.TIME, SpanKind.QUANTITY, SpanKind.VAGUE})
_CUE_REACH = 5
"""How many spans after 'for a' the campaign word may come ('for the wine fair paper mailing')."""


def _topic(mention: Mention) -> bool:
    if mention.kind is SpanKind.UNKNOWN:
        return True
    channel = any(sense.kind is SenseKind.CHANNEL for sense in mention.senses)
    return mention.kind in _TOPIC and not channel


def _named_campaign(mentions: list[Mention], start: int) -> list[int]:
    """'for a fibre upgrade campaign': the spans between the two cues."""
    window = mentions[start + 1 : start + 1 + _CUE_REACH]
    end = next((i for i, m in enumerate(window) if m.has(Role.CAMPAIGN)), None)
    if end is None or any(m.kind is SpanKind.CONNECTOR for m in window[:end]):
        return []
    return [start + 1 + i for i in range(end) if _topic(window[i])]


def _purpose_clause(mentions: list[Mention], start: int) -> list[int]:
    """'to pitch them unlimited': the spans after the purpose verb, to the clause's end."""
    found = []
    for index in range(start + 1, len(mentions)):
        if mentions[index].kind is SpanKind.CONNECTOR:
            break
        if _topic(mentions[index]):
            found.append(index)
    return found


def set_purpose_aside(draft: Draft) -> None:
    """Mark the campaign's topic as read (no rule) and state the assumption."""
    mentions = draft.mentions
    for index, mention in enumerate(mentions):
        if mention.used:
            continue
        if mention.has(Role.CAMPAIGN_FOR):
            topic = _named_campaign(mentions, index)
        elif mention.has(Role.PURPOSE):
            topic = _purpose_clause(mentions, index)
        else:
            continue
        topic = [i for i in topic if not mentions[i].used and i not in draft.choices]
        if not topic:
            continue
        for i in topic:
            mentions[i].used = True
        phrase = " ".join(mentions[i].text for i in topic)
        draft.assumptions.append(draft.pack.say("assume_purpose", phrase=phrase))
