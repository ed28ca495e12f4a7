"""Forced-bundling check (PL401): a bundle requirement is cured by a single-service option
stated in the same copy; a refusal to provide a service on its own never is.

Trigger patterns with the named group ``refusal`` (宽带不单独办理, 单宽带不受理,
不办手机卡不能装宽带, 不可单独取消) deny access to a service unless another is bought:
the statement itself is the violation, so no disclosure elsewhere can excuse it.
Every other trigger (须同时办理手机号, 必须捆绑, 仅限融合套餐用户办理) is a requirement,
acceptable when the copy also offers the single service (可单独办理，单宽带资费X元/月).
"""

from __future__ import annotations

from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers


def run(ctx: CheckContext, rule) -> list[Hit]:
    hits = []
    for hit in find_triggers(ctx, rule):
        refusal = "refusal" in hit.values
        hit.values = {}
        if not refusal and ctx.disclosed(rule, hit.start, hit.end):
            continue
        hits.append(hit)
    return hits
