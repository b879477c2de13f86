"""A wall-clock budget for work that must not hold a server: planning and compiling.

``within_budget`` runs a function on a daemon thread and waits at most ``seconds``; past that the
caller gets ``BudgetExceededError`` at once (the work is abandoned: its result is dropped). Input
caps (request length, tree size) keep the abandoned work short; the budget is the backstop that
keeps one pathological input from holding a page or a command for minutes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from audience.errors import AudienceError
from languages import say

T = TypeVar("T")


class BudgetExceededError(AudienceError, TimeoutError):
    """Work ran past its wall-clock budget and was abandoned."""


def within_budget(seconds: float, what: str, work: Callable[[], T]) -> T:
    """``work()``, or ``BudgetExceededError`` if it takes longer than ``seconds``.

    >>> within_budget(5, "adding", lambda: 1 + 1)
    2

    Raises:
        BudgetExceededError: the work did not finish in time.
        Exception: whatever ``work`` raised.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # re-raised in the caller's thread below
            failure.append(error)

    worker = threading.Thread(target=run, name=f"budget:{what}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        message = say("over_budget", task=what, seconds=f"{seconds:g}")
        raise BudgetExceededError(message, hint=say("simplify_and_retry"))
    if failure:
        raise failure[0]
    return outcome[0]
