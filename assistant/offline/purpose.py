"""What the audience is for is not who it selects.

'for our Lyon store opening', 'for a fibre upgrade campaign', 'pour la soirée magasin': after a
'for a / for the' cue (``cues.campaign_for``), the words up to a noun naming what the audience is
for — an occasion or a campaign (``cues.occasion``, ``cues.campaign``) — name it; so do a few
words after that noun when the request ends there, and its complement ('une dégustation de
fromages'). 'heavy users, to pitch them unlimited': after a
purpose verb (``cues.purpose``), the rest of the clause is what the campaign offers. Either way
those words make no rule and the proposal says how it read them; a channel among them stays the
campaign's channel (``channels``).
"""

from __future__ import annotations

from assistant.language import Role
from assistant.offline.draft import Draft, Mention
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import Connector, SpanKind

_TOPIC = frozenset({SpanKind.TERM, SpanKind.TIME, SpanKind.QUANTITY, SpanKind.VAGUE})
PURPOSE_REACH = 5
"""How many spans after 'for a' the noun may come ('for the wine fair paper mailing')."""
_TRAILING = 2
"""Words after the noun still naming it when the request ends there ('pour la soirée magasin',
'für unsere Filialeröffnung in Lyon'; small grammar words not counted)."""


def _channel(mention: Mention) -> bool:
    return any(sense.kind is SenseKind.CHANNEL for sense in mention.senses)


def _topic(mention: Mention) -> bool:
    """A word that would otherwise make a rule (a channel stays the campaign's channel)."""
    content = mention.kind is SpanKind.UNKNOWN or mention.kind in _TOPIC
    return content and not _channel(mention)


def _function_word(mention: Mention) -> bool:
    return mention.kind is SpanKind.WORD and mention.has(Role.FUNCTION)


def _closes(draft: Draft, mention: Mention) -> bool:
    """A noun naming what the audience is for: an occasion or a campaign."""
    if mention.has(Role.OCCASION) or mention.has(Role.CAMPAIGN):
        return True
    return draft.pack.says(Role.OCCASION, draft.pack.tokens(mention.text))


def _spread(draft: Draft, index: int) -> int | None:
    """'for the private sale': an occasion the request's spans cut in two (an unknown word and a
    catalog value, 'private' + 'sale') — the index of its last span, or None."""
    mentions = draft.mentions
    for end in range(index + 1, min(len(mentions), index + 3)):
        text = " ".join(m.text for m in mentions[index : end + 1])
        if draft.pack.says(Role.OCCASION, draft.pack.tokens(text)):
            return end
    return None


def _noun(draft: Draft, start: int) -> tuple[int, int] | None:
    """The first and last spans of the noun naming what the audience is for, after the cue at
    ``start``."""
    mentions = draft.mentions
    for i in range(start + 1, min(len(mentions), start + 1 + PURPOSE_REACH)):
        if _closes(draft, mentions[i]) or _channel(mentions[i]):
            return i, i
        spread = _spread(draft, i)
        if spread is not None:
            return i, spread
    return None


def _named(draft: Draft, start: int) -> tuple[list[int], list[int]]:
    """'for our Lyon store opening': (the naming spans, the cue words), or nothing."""
    mentions = draft.mentions
    found = _noun(draft, start)
    if found is None:
        return [], []
    first, noun = found
    if any(mentions[i].kind is SpanKind.CONNECTOR for i in range(start, noun)):
        return [], []
    if _channel(mentions[noun]):  # 'for the summer BBQ paper mailing': the medium names it
        return [i for i in range(start + 1, noun) if _topic(mentions[i])], []
    tail = [i for i in range(noun + 1, len(mentions)) if not _function_word(mentions[i])]
    named = len(tail) <= _TRAILING and all(_topic(mentions[i]) for i in tail)
    trailing = list(range(noun + 1, len(mentions))) if named else _complement(draft, noun)
    trailing = trailing or _to_separator(draft, noun)
    naming = [*range(start + 1, noun if first == noun else noun + 1), *trailing]
    if any(_channel(mentions[i]) for i in naming):
        return [i for i in naming if _topic(mentions[i])], []  # the cues stay the channel's
    return [i for i in naming if _topic(mentions[i])], [start, noun, *naming]


def _complement(draft: Draft, noun: int) -> list[int]:
    """'une dégustation de fromages', 'a tasting of wines': the noun's complement after a naming
    word (``cues.naming``) still names the occasion — one span of it."""
    after = draft.mentions[noun + 1 : noun + 3]
    if len(after) == 2 and after[0].has(Role.NAMING) and _topic(after[1]):
        return [noun + 1, noun + 2]
    return []


def _to_separator(draft: Draft, noun: int) -> list[int]:
    """'pour un atelier maquillage à Marseille : celles qui…', 'a tasting at Lille Centre -
    people who…': the few words between the noun and a separator still name the occasion —
    unless the rest points back to that place ('… bought cheese there', 'dans ce magasin'),
    which makes it a condition."""
    mentions = draft.mentions
    end = next(
        (i for i in range(noun + 1, len(mentions)) if mentions[i].kind is SpanKind.CONNECTOR),
        None,
    )
    if end is None or mentions[end].span.connector is not Connector.SEPARATOR:
        return []
    between = list(range(noun + 1, end))
    content = [i for i in between if not _function_word(mentions[i])]
    if not content or len(content) > _TRAILING or not all(_topic(mentions[i]) for i in content):
        return []
    rest = [word for mention in mentions[end + 1 :] for word in mention.words]
    if any(draft.pack.has(Role.PLACE_ANAPHORA, rest, i) for i in range(len(rest))):
        return []
    return between


def _clause_rest(draft: Draft, start: int) -> list[int]:
    """'to pitch them unlimited': the spans after the purpose verb, to the clause's end."""
    found = []
    for index in range(start + 1, len(draft.mentions)):
        if draft.mentions[index].kind is SpanKind.CONNECTOR:
            break
        if _topic(draft.mentions[index]):
            found.append(index)
    return found


def set_purpose_aside(draft: Draft) -> None:
    """Mark what the audience is for as read (no rule) and state the reading."""
    mentions = draft.mentions
    for index, mention in enumerate(mentions):
        if mention.used:
            continue
        if mention.has(Role.CAMPAIGN_FOR):
            topic, cues = _named(draft, index)
        elif mention.has(Role.PURPOSE):
            topic, cues = _clause_rest(draft, index), []
        else:
            continue
        topic = [i for i in topic if not mentions[i].used and i not in draft.choices]
        for i in {*topic, *cues}:
            mentions[i].used = True
        if topic:
            phrase = " ".join(mentions[i].text for i in topic)
            draft.assumptions.append(draft.pack.say("assume_purpose", phrase=phrase))
