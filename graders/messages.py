"""Feedback text as data: an English template and its parameters, rendered in a language later.

graders/ may not import Flask, so it cannot translate. It builds `Message` values instead: the
English template (also the catalogue's msgid, marked with `N_`/`NN_` so pybabel extracts it)
and its parameters, which are plain values (answer ids, numbers, content text) or further
Messages (a criterion's name, a flag's description). `str()` is the English text; the app
renders the same value through its catalogue (`render` with the reader's translations), and
`to_dict` lets a stored result be re-rendered in whatever language its reader chooses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

Param: TypeAlias = "Message | str | int | float | tuple[Param, ...]"
Gettext: TypeAlias = Callable[[str], str]
Ngettext: TypeAlias = Callable[[str, str, int], str]

LIST_SEPARATOR = ", "


def N_(template: str) -> str:  # noqa: N802 - the gettext convention pybabel looks for
    """Mark an English template for extraction (pybabel -k N_) and return it unchanged."""
    return template


def NN_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - gettext convention
    """Mark a singular/plural template pair for extraction (pybabel -k NN_:1,2)."""
    return singular, plural


@dataclass(frozen=True, slots=True)
class Message:
    """An English template with %(name)s placeholders and the values that fill them."""

    template: str
    params: tuple[tuple[str, Param], ...] = ()
    plural: str | None = None

    def __str__(self) -> str:
        """The English text."""
        return render(self)

    @property
    def count(self) -> int:
        """The number that chooses a plural form (the `num` parameter)."""
        return int(dict(self.params).get("num", 1))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict that `from_dict` turns back into an equal Message."""
        data: dict[str, Any] = {
            "template": self.template,
            "params": {name: _dump(value) for name, value in self.params},
        }
        if self.plural is not None:
            data["plural"] = self.plural
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """Rebuild a Message stored by `to_dict`."""
        params = data.get("params") or {}
        plural = data.get("plural")
        return cls(
            str(data["template"]),
            tuple((str(name), _load(value)) for name, value in params.items()),
            None if plural is None else str(plural),
        )


def msg(template: str, /, **params: Param) -> Message:
    """A Message from a template marked with N_ and its named parameters."""
    return Message(template, tuple((name, _frozen(v)) for name, v in params.items()))


def plural_msg(forms: tuple[str, str], num: int, /, **params: Param) -> Message:
    """A Message whose form depends on `num` (available to the templates as %(num)s)."""
    items = tuple((name, _frozen(v)) for name, v in params.items())
    return Message(forms[0], (("num", num), *items), forms[1])


def _same(template: str) -> str:
    """The English 'translation': the template itself."""
    return template


def _same_plural(singular: str, plural: str, num: int) -> str:
    """English plural choice: the singular form for exactly one."""
    return singular if num == 1 else plural


def render(message: Message, gettext: Gettext = _same, ngettext: Ngettext = _same_plural) -> str:
    """The text of `message`, its templates (nested ones too) looked up by the given functions.

    The functions return a translated template unformatted (babel's `Translations.gettext` and
    `ngettext`); a translation whose placeholders do not fit falls back to the English template.
    """
    values = {name: _render_param(value, gettext, ngettext) for name, value in message.params}
    if message.plural is None:
        template, english = gettext(message.template), message.template
    else:
        template = ngettext(message.template, message.plural, message.count)
        english = _same_plural(message.template, message.plural, message.count)
    if not values:
        return template
    try:
        return template % values
    except (KeyError, ValueError, TypeError):
        return english % values


def _render_param(value: Param, gettext: Gettext, ngettext: Ngettext) -> object:
    """A parameter as text: Messages rendered, lists joined, plain values kept."""
    if isinstance(value, Message):
        return render(value, gettext, ngettext)
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(str(_render_param(v, gettext, ngettext)) for v in value)
    return value


def _frozen(value: Any) -> Param:
    """Lists become tuples so a Message stays hashable."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value  # type: ignore[no-any-return]


def _dump(value: Param) -> Any:
    """A parameter as JSON: Messages as dicts, tuples as lists."""
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    return value


def _load(value: Any) -> Param:
    """Undo `_dump`."""
    if isinstance(value, Mapping):
        return Message.from_dict(value)
    if isinstance(value, list):
        return tuple(_load(v) for v in value)
    return value  # type: ignore[no-any-return]
