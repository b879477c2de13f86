"""Channel words by their cues: 'reachable by SMS' (a reachability rule), 'opted in to email and
SMS' (each channel's consent flag, as the catalog declares it), 'for an SMS campaign' (the
audience's activation channel, no rule). Cue words come from the language pack's ``cues``."""

from __future__ import annotations

from collections.abc import Callable

from assistant.language import Role
from assistant.offline.draft import Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.purpose import PURPOSE_REACH
from assistant.offline.spans import Connector, SpanKind


def _channel_role(mentions: list[Mention], index: int, consents: frozenset[str]) -> str | None:
    """'reach' after 'reachable by' / 'we can'; 'consent' next to 'opted in'; 'campaign' near
    'campaign' or after 'for a'; a channel listed after another ('by both email and SMS') takes
    that one's role."""
    before = mentions[max(0, index - 4) : index]
    after = mentions[index + 1] if index + 1 < len(mentions) else None
    if (index and mentions[index - 1].has(Role.CAMPAIGN_FOR)) or (
        after is not None and after.has(Role.CAMPAIGN)
    ):
        return "campaign"
    if any(_consent(m, consents) for m in (*before, *([after] if after else []))):
        return "consent"
    if any(m.has(Role.REACH) for m in before) or (after is not None and after.has(Role.REACH)):
        return "reach"
    near = mentions[max(0, index - 3) : index + 4]
    if any(m.has(Role.CAMPAIGN) for m in near if m is not mentions[index]):
        return "campaign"
    if _in_purpose(mentions, index):
        return "campaign"
    cursor = index - 1
    while cursor > 0 and _listing(mentions[cursor]):
        cursor -= 1
    listed = cursor < index - 1
    if listed and any(s.kind is SenseKind.CHANNEL for s in mentions[cursor].senses):
        return _channel_role(mentions, cursor, consents)
    return _contrasted_role(mentions, index, consents)


def _contrasted_role(mentions: list[Mention], index: int, consents: frozenset[str]) -> str | None:
    """'opted in to SMS but not to email', 'mit SMS-Einwilligung, aber nicht für E-Mail': a
    channel said after 'but not' with no cue of its own takes the role of the channel the
    clause before it named (its consent flag or its reachability), said once."""
    cursor = index - 1
    while cursor > 0 and mentions[cursor].kind is SpanKind.WORD and _listing(mentions[cursor]):
        cursor -= 1
    if cursor < 2 or mentions[cursor].kind is not SpanKind.NEGATION:
        return None
    cursor -= 1
    if not mentions[cursor].has(Role.BUT):
        return None
    cursor -= 1
    while cursor > 0 and mentions[cursor].span.connector is Connector.SEPARATOR:
        cursor -= 1
    earlier = mentions[cursor]
    senses = earlier.senses
    if senses and all(s.kind is SenseKind.COLUMN and s.table in consents for s in senses):
        return "consent"
    if any(s.kind is SenseKind.CHANNEL for s in senses):
        return _channel_role(mentions, cursor, consents)
    return None


def _in_purpose(mentions: list[Mention], index: int) -> bool:
    """'for the summer BBQ paper mailing', 'pour tester le nouveau prospectus papier': a channel
    among the words saying what the audience is for (after 'for the' or a purpose verb, in the
    same clause) is the medium of that campaign."""
    for cursor in range(index - 1, max(-1, index - 1 - PURPOSE_REACH), -1):
        mention = mentions[cursor]
        if mention.kind is SpanKind.CONNECTOR or mention.clause != mentions[index].clause:
            return False
        if mention.has(Role.CAMPAIGN_FOR) or mention.has(Role.PURPOSE):
            return True
    return False


def _consent(mention: Mention, tables: frozenset[str]) -> bool:
    """'opted in', or the catalog's consent table named ('Einwilligung', 'consent')."""
    named = bool(mention.senses) and all(
        s.kind is SenseKind.TABLE and s.table in tables for s in mention.senses
    )
    return mention.has(Role.CONSENT) or named


def _listing(mention: Mention) -> bool:
    connector = mention.span.connector
    if connector in {Connector.AND, Connector.OR, Connector.SEPARATOR, Connector.EITHER}:
        return True
    return mention.kind is SpanKind.WORD and mention.has(Role.FUNCTION)


def said_channel(draft: Draft, mention: Mention) -> Sense | None:
    """'par email' named a coupon's sending channel in the catalog, yet after 'joignables' it is
    the channel itself: the last word of a value phrase that is a channel (or a plural of one:
    'emails' also names email events), right after a reach or consent cue — or after 'but not'
    following a channel read so ('opt-in SMS mais pas les emails')."""
    index = next(i for i, m in enumerate(draft.mentions) if m is mention)
    before = draft.mentions[max(0, index - 2) : index]
    if draft.lexicon is None:
        return None
    cued = any(m.has(Role.REACH) or m.has(Role.CONSENT) for m in before)
    flags = draft.lexicon.consents
    consents = frozenset(flag.split(".")[0] for flag in flags.values())
    if not cued and _contrasted_role(draft.mentions, index, consents) not in {"consent", "reach"}:
        return None
    word = mention.words[-1]
    forms = [word, *(word[: -len(end)] for end in draft.pack.suffixes if word.endswith(end))]
    for form in forms:
        found = draft.lexicon.entries.match((form,), 0)
        channel = next(
            (s for s in (found[1] if found else ()) if s.kind is SenseKind.CHANNEL), None
        )
        if channel is not None:
            return channel
    return None


def anchor_channel(draft: Draft, index: int, sense: Sense) -> bool:
    """A channel word read by its cues: the campaign's channel, a consent flag or a
    reachability rule. False when no cue says which (the word stays for the next passes)."""
    mentions = draft.mentions
    flags = draft.lexicon.consents if draft.lexicon else {}
    consents = frozenset(flag.split(".")[0] for flag in flags.values())
    role = _channel_role(mentions, index, consents)
    mention = mentions[index]
    if role == "campaign" and _send_word(draft, index, sense):
        mention.used = True
        draft.channel_mentions.append(mention)
        return True
    if role == "campaign":
        draft.channel, mention.used = sense.channel, True
        draft.channel_mentions.append(mention)
        for cue in mentions[max(0, index - 3) : index + 4]:
            if (cue.has(Role.CAMPAIGN) or cue.has(Role.CAMPAIGN_FOR)) and not cue.used:
                cue.used = True
                draft.channel_mentions.append(cue)
        return True
    if role == "consent" and sense.channel in flags:
        table, column = flags[str(sense.channel)].split(".", 1)
        flag = Sense(SenseKind.COLUMN, table=table, column=column)
        _anchor_with_cues(draft, flag, index, lambda cue: _consent(cue, consents))
        return True
    if role == "reach":
        _anchor_with_cues(draft, sense, index, lambda cue: cue.has(Role.REACH))
        return True
    return False


def _send_word(draft: Draft, index: int, sense: Sense) -> bool:
    """'for an email push', 'pour un push email': a channel name also said of any send
    (``cues.send_words``) right beside another channel's name is the send, not its channel."""
    mentions = draft.mentions
    if not draft.pack.says(Role.SEND_WORDS, mentions[index].words):
        return False
    beside = [mentions[i] for i in (index - 1, index + 1) if 0 <= i < len(mentions)]
    return any(
        s.kind is SenseKind.CHANNEL and s.channel != sense.channel for m in beside for s in m.senses
    )


def _anchor_with_cues(
    draft: Draft, sense: Sense, index: int, is_cue: Callable[[Mention], bool]
) -> None:
    """The channel's rule at ``index``, with its cue words ('reachable by', 'opted in')."""
    anchor = draft.add(sense, index, draft.mentions[index])
    for cue in draft.mentions[max(0, index - 4) : index + 2]:
        if is_cue(cue) and not cue.used:
            draft.attach(anchor, cue)
