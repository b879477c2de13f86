"""Words of follow-up turns: which edit a refinement asks for (English and French, folded).

Generic conversation words only; nothing here names a catalog concept.
"""

from __future__ import annotations

# fmt: off

OPENERS = frozenset(
    {
        "actually", "add", "ajoute", "ajouter", "also", "and", "augmente", "baisse", "broaden",
        "bump", "but", "change", "decrease", "delete", "diminue", "drop", "enleve", "enlever",
        "et", "except", "excluant", "exclude", "excluding", "exclure", "exclus", "fais",
        "finalement", "hmm", "how", "include", "inclus", "increase", "instead", "just", "keep",
        "leave", "limit", "loosen", "lower", "mais", "make", "meant", "mets", "monte", "narrow",
        "now", "ok", "okay", "only", "plus", "plutot", "raise", "reduce", "remove", "remplace",
        "replace", "restrict", "retire", "retirer", "same", "sauf", "set", "seulement",
        "supprime", "swap", "switch", "then", "tighten", "uniquement", "use", "what", "widen",
        "without",
    }
)
"""Words that open a follow-up ('only those in Lyon', 'now exclude ...')."""

REMOVE = frozenset(
    {
        "delete", "drop", "enleve", "enlever", "forget", "ignore", "remove", "retire", "retirer",
        "supprime", "supprimer",
    }
)
"""Words that delete a rule ('drop the city')."""

WIDEN = frozenset(
    {
        "also", "as", "aussi", "egalement", "include", "inclure", "too", "well",
    }
)
"""Words that widen a value list ('add men too')."""

REPLACE = frozenset(
    {
        "actually", "change", "fait", "finalement", "instead", "lieu", "make", "plutot",
        "rather", "replace", "switch",
    }
)
"""Words that replace a rule or value ('gold instead of VIP')."""

TIME_WORDS = frozenset(
    {
        "date", "dates", "limit", "period", "periode", "time", "window",
    }
)
"""Words naming the window itself ('remove the time limit')."""

EDIT_EXTRA = frozenset(
    {
        "bit", "condition", "conditions", "critere", "criterion", "de", "filter", "filters",
        "include", "it", "la", "le", "limit", "of", "ones", "part", "rule", "seuil", "that",
        "those", "threshold",
    }
)
"""Words that point at rules rather than constrain ('the city condition')."""
SWAP_CUES = frozenset(
    {
        "swap", "switch", "meant", "mean", "instead", "rather", "replace", "remplace", "remplacer",
        "change", "not", "plutot", "lieu", "par", "about",
    }
)
"""Words that mark a value swap ('swap A for B', 'I meant B, not A')."""

RESTATE_CUES = frozenset(
    {"about", "actually", "change", "instead", "mean", "meant", "plutot", "rather"}
)
"""'I meant opened': the one value of that field in the tree is the one meant to change."""

THRESHOLD_CUES = frozenset(
    {
        "raise", "lower", "increase", "decrease", "reduce", "bump", "tighten", "loosen",
        "threshold", "seuil", "monte", "monter", "baisse", "baisser", "augmente", "diminue",
    }
)
"""Words that move a threshold ('raise it to 2000', 'baisse le seuil à 300')."""

EDIT_WORDS = THRESHOLD_CUES | OPENERS | REMOVE | WIDEN | REPLACE | TIME_WORDS | EDIT_EXTRA
"""Words a follow-up uses to talk about the edit; never a dropped phrase."""
# fmt: on
