"""Extension points: each turns a Rule and a CheckContext into Hits.

existence   — a trigger phrase, on token boundaries, not negated, not a look-alike
conditional — a trigger with no required disclosure in its scope
python      — a function from a rule pack, for logic data cannot express
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from promolint.engine.context import CheckContext, Hit
from promolint.engine.rule import Rule

from . import conditional, existence, python

POINTS: dict[str, Callable[[CheckContext, Rule], Iterable[Hit]]] = {
    "existence": existence.run,
    "conditional": conditional.run,
    "python": python.run,
}
