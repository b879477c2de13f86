"""User-supplied text shown as text: Markdown and Streamlit directives neutralised.

Names, requests, reasons, comments, rule values and model explanations come from people and
models. Streamlit renders Markdown (and ``:red[…]``, ``:material/…:`` directives, ``$…$`` maths)
in ``st.markdown``, captions, titles and alerts, so an audience named ``![x](http://…)`` would
fetch a remote image on the reviewer's screen and ``:green[No size flag tripped.]`` would draw a
fake green verdict. ``plain`` backslash-escapes every character Markdown or Streamlit gives a
meaning to, so the text reads exactly as typed.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=^\"'&@])")


def plain(text: object) -> str:
    """``text`` escaped for any Streamlit element that renders Markdown.

    >>> plain("![x](http://e) :green[ok] **b**")
    '\\\\!\\\\[x\\\\]\\\\(http\\\\://e\\\\) \\\\:green\\\\[ok\\\\] \\\\*\\\\*b\\\\*\\\\*'
    """
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", "  \n")
