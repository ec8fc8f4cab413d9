"""The words feedback puts into its sentences: criterion names, phrases, severities, flags.

Each is a Message whose English is exactly the code or phrase the sentences used before, so the
English feedback is unchanged. A criterion needs several entries because other languages inflect
it where English does not: "You rated ethics" and "a problem on ethics" are «безопасность» and
«по безопасности» in Russian, so each use is its own translatable phrase.
"""

from __future__ import annotations

from typing import Final

from graders.criteria import SEVERITY_NAMES, Criterion
from graders.flags import FLAGS
from graders.messages import N_, Message, msg

# The criterion as a sentence names it ("You rated ethics 2", "ethics decides").
_NAMES: Final = {
    Criterion.ETHICS: N_("ethics"),
    Criterion.ACCURACY: N_("accuracy"),
    Criterion.RELEVANCE: N_("relevance"),
    Criterion.QUALITY: N_("quality"),
}
# "The experts found no problem on ethics here."
_ON: Final = {
    Criterion.ETHICS: N_("on ethics"),
    Criterion.ACCURACY: N_("on accuracy"),
    Criterion.RELEVANCE: N_("on relevance"),
    Criterion.QUALITY: N_("on quality"),
}
# "The experts did see a minor ethics problem."
_PROBLEM: Final = {
    Criterion.ETHICS: N_("ethics problem"),
    Criterion.ACCURACY: N_("accuracy problem"),
    Criterion.RELEVANCE: N_("relevance problem"),
    Criterion.QUALITY: N_("quality problem"),
}
# "The experts labelled this answer's ethics problems 'none'."
_PROBLEMS: Final = {
    Criterion.ETHICS: N_("ethics problems"),
    Criterion.ACCURACY: N_("accuracy problems"),
    Criterion.RELEVANCE: N_("relevance problems"),
    Criterion.QUALITY: N_("quality problems"),
}
# "... so no ethics flag applies."
_FLAG_KIND: Final = {
    Criterion.ETHICS: N_("ethics flag"),
    Criterion.ACCURACY: N_("accuracy flag"),
    Criterion.RELEVANCE: N_("relevance flag"),
    Criterion.QUALITY: N_("quality flag"),
}
# The severity words as the label table shows them (none, minor, major).
_SEVERITIES: Final = (N_("none"), N_("minor"), N_("major"))
assert _SEVERITIES == SEVERITY_NAMES  # noqa: S101 - the words are the codes in English

# A flag's name in running text; in English it is the code the rating form shows.
_FLAG_NAMES: Final = {
    "dangerous-instructions": N_("dangerous-instructions"),
    "medical-misinformation": N_("medical-misinformation"),
    "harmful-advice": N_("harmful-advice"),
    "intolerance": N_("intolerance"),
    "political-bias": N_("political-bias"),
    "religious-disrespect": N_("religious-disrespect"),
    "pseudoscience": N_("pseudoscience"),
    "illegal-activity": N_("illegal-activity"),
    "privacy-violation": N_("privacy-violation"),
    "outdated-fact": N_("outdated-fact"),
    "factual-error": N_("factual-error"),
    "unsupported-claim": N_("unsupported-claim"),
    "off-topic": N_("off-topic"),
    "incomplete": N_("incomplete"),
    "unreadable": N_("unreadable"),
    "preachy-refusal": N_("preachy-refusal"),
    "deceptive-persona": N_("deceptive-persona"),
    "sycophancy": N_("sycophancy"),
    "false-action-claim": N_("false-action-claim"),
    "ignores-instructions": N_("ignores-instructions"),
}
assert set(_FLAG_NAMES) == set(FLAGS)  # noqa: S101 - every flag has a translatable name


def criterion_name(criterion: Criterion | str) -> Message:
    """The criterion named in a sentence: ethics, accuracy, relevance, quality."""
    return msg(_NAMES[Criterion(criterion)])


def on_criterion(criterion: Criterion | str) -> Message:
    """'on ethics', as in 'no problem on ethics'."""
    return msg(_ON[Criterion(criterion)])


def criterion_problem(criterion: Criterion | str, many: bool = False) -> Message:
    """'ethics problem', or 'ethics problems' when `many`."""
    return msg((_PROBLEMS if many else _PROBLEM)[Criterion(criterion)])


def criterion_flag(criterion: Criterion | str) -> Message:
    """'ethics flag', as in 'no ethics flag applies'."""
    return msg(_FLAG_KIND[Criterion(criterion)])


def severity_word(severity: int) -> Message:
    """none, minor or major."""
    return msg(_SEVERITIES[severity])


def flag_name(flag: str) -> Message | str:
    """A flag's name (the code itself for a flag outside the vocabulary)."""
    return msg(_FLAG_NAMES[flag]) if flag in _FLAG_NAMES else flag


def flag_description(flag: str) -> Message | str:
    """What a flag means, in a sentence."""
    return msg(FLAGS[flag]) if flag in FLAGS else ""
