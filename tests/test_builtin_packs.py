"""The built-in packs load lazily (patterns compiled on first use), so the suite
compiles every one of their phrase sets here: a broken built-in pattern fails CI."""

from promolint.engine.packs import load_rules


def test_every_builtin_pattern_compiles():
    ruleset = load_rules([], entry_points=False)
    assert ruleset.rules
    for rule in ruleset.rules:
        sets = []
        if rule.trigger:
            sets += [rule.trigger.phrases, rule.trigger.exceptions, rule.trigger.context]
        if rule.disclosure:
            sets.append(rule.disclosure.phrases)
        for phrases in sets:
            if phrases:
                assert phrases.compiled is not None, rule.code


def test_builtin_codes_are_unique_and_categorised():
    ruleset = load_rules([], entry_points=False)
    codes = [r.code for r in ruleset.rules]
    assert len(codes) == len(set(codes))
    assert all(r.category in ruleset.categories for r in ruleset.rules)
