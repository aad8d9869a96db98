"""Answers as the store holds them, read back without the JSON decoder where it is not needed."""
from __future__ import annotations


def test_answer_values_decode_as_json_does():
    """The store's JSON texts of answers (collect's ``_json``) decode to what ``json.loads`` gives."""
    import json
    import math

    from ctrxl.collect.run import _json
    from ctrxl.track.stats import answer_value

    values = ["Đã hoàn thành", "", " lead", 'a "quoted" \\ text', "dòng 1\ndòng 2", "\x01", "2025-03-15", "12",
              0, -0, 7, -12, 10**30, 3.25, -1e-7, 1e20, 0.1 + 0.2, True, False, None, float("inf"), float("-inf"),
              ["a", 1], {"k": "v"}]
    for v in values:
        text = _json(v)
        got, want = answer_value(text), json.loads(text)
        assert type(got) is type(want) and (got == want or (isinstance(want, float) and math.isnan(want))), (v, text)
    assert answer_value(None) is None
