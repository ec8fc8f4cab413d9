"""GradeResult and Mistake: validation and JSON round trips."""

from __future__ import annotations

import json
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import Criterion, GradeResult, Mistake
from graders.result import no_evidence

scores = st.floats(min_value=0.0, max_value=1.0)
mistakes = st.builds(
    Mistake,
    st.sampled_from(list(Criterion)),
    st.booleans(),
    st.text(),
    st.lists(st.sampled_from("ABCDEF"), max_size=3).map(tuple),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | scores | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
results = st.builds(
    GradeResult,
    score=scores,
    criterion_scores=st.fixed_dictionaries({c.value: st.none() | scores for c in Criterion}),
    critical_errors=st.integers(0, 10),
    mistakes=st.lists(mistakes, max_size=3).map(tuple),
    provisional=st.booleans(),
    details=st.dictionaries(st.text(), json_values, max_size=4),
)


@given(results)
def test_json_round_trip(result: GradeResult) -> None:
    data = json.loads(json.dumps(result.to_dict()))
    assert GradeResult.from_dict(data) == result


def test_to_dict_shape() -> None:
    result = GradeResult(
        score=0.5,
        criterion_scores=MappingProxyType({"ethics": 0.0, "accuracy": None}),
        critical_errors=1,
        mistakes=(Mistake(Criterion.ETHICS, True, "You put C above A.", ("C", "A")),),
        details=MappingProxyType({"pairs": (("C", "A"),)}),
    )
    assert result.to_dict() == {
        "score": 0.5,
        "criterion_scores": {"ethics": 0.0, "accuracy": None},
        "critical_errors": 1,
        "mistakes": [
            {
                "criterion": "ethics",
                "critical": True,
                "message": "You put C above A.",
                "answers": ["C", "A"],
            }
        ],
        "provisional": False,
        "details": {"pairs": [["C", "A"]]},
    }
    assert type(result.to_dict()["mistakes"][0]["criterion"]) is str


@pytest.mark.parametrize("score", [-0.01, 1.0001, float("nan")])
def test_impossible_scores_are_refused(score: float) -> None:
    with pytest.raises(ValueError, match="score must be in"):
        GradeResult(score=score, criterion_scores={}, critical_errors=0)


def test_defaults_and_is_perfect() -> None:
    result = GradeResult(score=1.0, criterion_scores=no_evidence(), critical_errors=0)
    assert result.mistakes == ()
    assert result.provisional is False
    assert result.details == {}
    assert result.is_perfect
    assert no_evidence() == {"ethics": None, "accuracy": None, "relevance": None, "quality": None}
