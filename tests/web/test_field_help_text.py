"""A form field's hint is shown as text: markup in it is escaped, never run."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.template.loader import render_to_string


class Plain(forms.Form):
    name = forms.CharField(help_text='Use <b>bold</b> & "quotes" <script>alert(1)</script>')
    days = forms.MultipleChoiceField(choices=[("1", "Mon")], widget=forms.CheckboxSelectMultiple,
                                     help_text="<i>tick</i> some")


def render(field) -> str:
    return render_to_string("includes/field.html", {"field": field})


def test_markup_in_a_hint_is_escaped_for_text_fields_and_check_lists():
    form = Plain()
    text = render(form["name"])
    assert "<script>" not in text and "&lt;script&gt;" in text and "&amp;" in text
    assert "<i>" not in render(form["days"]) and "&lt;i&gt;tick" in render(form["days"])


def test_password_rules_built_safely_by_django_still_show_as_a_list():
    # Django builds this hint with format_html (each rule escaped), so it needs no |safe
    html = "".join(render(f) for f in PasswordChangeForm(User(username="ana")))
    assert "<ul>" in html and "<li>" in html
    assert "&lt;ul&gt;" not in html
