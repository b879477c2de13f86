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
from collections.abc import Collection, Sequence

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=^\"'&@])")


def plain(text: object) -> str:
    """``text`` escaped for any Streamlit element that renders Markdown.

    >>> plain("![x](http://e) :green[ok] **b**")
    '\\\\!\\\\[x\\\\]\\\\(http\\\\://e\\\\) \\\\:green\\\\[ok\\\\] \\\\*\\\\*b\\\\*\\\\*'
    """
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", "  \n")


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[object]], *, numeric: Collection[int] = ()
) -> str:
    r"""A Markdown table whose cells read as typed (``plain``, one line each); the columns whose
    index is in ``numeric`` are right-aligned. Light to draw: no data grid, no Arrow.

    >>> print(markdown_table(["step", "people"], [["1. matched", "1,409"]], numeric={1}))
    | step | people |
    |---|---:|
    | 1\. matched | 1,409 |
    """
    align = "|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|"
    lines = ["| " + " | ".join(_cell(value) for value in row) + " |" for row in [header, *rows]]
    return "\n".join([lines[0], align, *lines[1:]])


def _cell(value: object) -> str:
    return plain(" ".join(str(value).split()))
