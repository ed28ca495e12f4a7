"""Each rule's time budget on a document, enforced by one timer instead of a timeout on
every ``regex`` call.

A catastrophic pattern (a user's ``(a+)+$``) must fail its rule for that document,
not hang the run. ``regex`` can bound each call (``timeout=``), but that costs ~1.6 µs
a call, ~15% of a lint that makes 60,000 calls over 443 ads. In the main thread of a
process with ``setitimer`` (the CLI and its worker processes), a SIGALRM timer armed
once per rule does the same job: ``regex`` checks for signals while it matches, so the
handler's RegexTimeout interrupts a runaway pattern (and a runaway Python check). The
timer repeats until it is disarmed, so a check that swallows the exception is
interrupted again. Elsewhere (other threads, Windows, a host application with its own
SIGALRM handler) the per-call timeout stays (CheckContext.regex_timeout).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

from promolint.engine.context import RegexTimeout

_REPEAT = 0.05  # seconds between rings once the budget is spent


class RuleAlarm:
    """SIGALRM-based budget for the rules of one document; ``installed()`` gives None
    where it cannot be used."""

    def __init__(self) -> None:
        self._armed = False

    @classmethod
    @contextmanager
    def installed(cls):
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread() \
                or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None):
            yield None
            return
        alarm = cls()
        previous = signal.signal(signal.SIGALRM, alarm._ring)
        try:
            yield alarm
        finally:
            alarm._armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    @contextmanager
    def rule(self, seconds: float):
        """Raise RegexTimeout in the code of the ``with`` body once ``seconds`` are spent."""
        self._armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT)
        try:
            yield
        finally:
            try:
                self._armed = False  # first: a ring from now on is ignored
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)

    @contextmanager
    def paused(self):
        """Stop the clock for work that must not be interrupted and is not the rule's
        own: jieba's (loading its dictionary, ~0.2-0.6 s the first time, and cutting)."""
        if not self._armed:
            yield
            return
        self._armed = False
        remaining, _ = signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            yield
        finally:
            self._armed = True
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-6), _REPEAT)

    def _ring(self, _signum, _frame) -> None:
        if self._armed:
            raise RegexTimeout("时间预算已用完")
