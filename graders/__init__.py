"""Pure-Python grading for AI Trainer School: data in, result out, no web framework."""

from graders.base import Grader, InvalidResponse
from graders.criteria import (
    DEFAULT_WEIGHTS,
    LABEL_OF,
    PRIORITY,
    Criterion,
    Labels,
    deciding_criterion,
)
from graders.flags import FLAG_CRITERION, FLAGS
from graders.item import Answer, Item, RubricPoint, item_from_dict, item_to_dict, student_view
from graders.registry import GRADERS, get_grader, grade, validate_response
from graders.result import GradeResult, Mistake
from graders.validation import (
    CRITERIA_NAMES,
    KINDS,
    TOPICS,
    Problem,
    validate_bank,
    validate_item,
)

__all__ = [
    "CRITERIA_NAMES",
    "DEFAULT_WEIGHTS",
    "FLAGS",
    "FLAG_CRITERION",
    "GRADERS",
    "KINDS",
    "LABEL_OF",
    "PRIORITY",
    "TOPICS",
    "Answer",
    "Criterion",
    "GradeResult",
    "Grader",
    "InvalidResponse",
    "Item",
    "Labels",
    "Mistake",
    "Problem",
    "RubricPoint",
    "deciding_criterion",
    "get_grader",
    "grade",
    "item_from_dict",
    "item_to_dict",
    "student_view",
    "validate_bank",
    "validate_item",
    "validate_response",
]
