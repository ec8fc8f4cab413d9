"""The fast template ``_()``/``ngettext()`` render exactly what Flask-Babel's callables did."""

from __future__ import annotations

import pytest
from flask import render_template_string
from flask_babel import get_translations
from jinja2 import DictLoader, Environment

from app.fast_gettext import fast_gettext

TEMPLATES = [
    "{{ _('Plain text') }}",
    "{{ _('Hello %(name)s', name=who) }}",
    "{{ _('100%% sure') }}",
    "{{ _('Said %(what)s', what=_('Log out')) }}",
    "{{ ngettext('%(num)d lesson', '%(num)d lessons', 1) }}",
    "{{ ngettext('%(num)d lesson', '%(num)d lessons', count) }}",
    "{{ ngettext('%(num)d item for %(who)s', '%(num)d items for %(who)s', count, who=who) }}",
    "{% from 'macros.html' import hint %}{{ hint(who) }}",
]
MACROS = {"macros.html": "{% macro hint(x) %}{{ _('Hint for %(x)s', x=x) }}{% endmacro %}"}


def flask_babel_environment() -> Environment:
    """A Jinja environment with the callables Flask-Babel installs (the reference)."""
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], loader=DictLoader(MACROS))
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda s: get_translations().ugettext(s),
        lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
    )
    return env


@pytest.mark.parametrize("source", TEMPLATES)
def test_fast_gettext_matches_flask_babel(app, source):
    values = {"who": "<b>Ann</b>", "count": 3}
    with app.test_request_context("/"):
        expected = flask_babel_environment().from_string(source).render(**values)
        env = app.jinja_env.overlay(loader=DictLoader(MACROS))
        assert env.from_string(source).render(**values) == expected
        if "import" not in source:
            assert render_template_string(source, **values) == expected
    assert "&lt;b&gt;" in expected or "<b>" not in expected


def test_templates_use_the_fast_callables(app):
    assert app.jinja_env.globals["_"] is fast_gettext
    assert app.jinja_env.globals["gettext"] is fast_gettext
