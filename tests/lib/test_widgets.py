"""FastSelect writes the markup Django's Select template writes, only faster."""

import pytest
from django import forms
from django.test.html import parse_html

from lib.widgets import FastSelect, speed_up_selects
from plans.models import Unit


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("1", "หนึ่ง"), ("2", "<script>alert(1)</script>")], required=False)
    grouped = forms.ChoiceField(choices=[("ด้าน ก", [("a", "ก & ข"), ("b", "ค")]), ("c", "ง")])
    required = forms.ChoiceField(
        choices=[("", "เลือก"), ("x", "X"), ("y", "Y")], widget=forms.Select(attrs={"class": "form-select", "aria-label": 'ชื่อ "ยาว"'})
    )


def pair(data=None, **initial):
    slow, fast = Choices(data, initial=initial), Choices(data, initial=initial)
    speed_up_selects(fast.fields.values())
    return slow, fast


@pytest.mark.parametrize("data", [None, {"plain": "2", "grouped": "b", "required": "y"}])
def test_same_markup_as_django(data):
    slow, fast = pair(data)
    for name in Choices.base_fields:
        assert isinstance(fast.fields[name].widget, FastSelect)
        assert type(slow.fields[name].widget) is forms.Select
        assert parse_html(str(fast[name])) == parse_html(str(slow[name]))


def test_label_text_is_escaped():
    _, fast = pair()
    html = str(fast["plain"])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'aria-label="ชื่อ &quot;ยาว&quot;"' in str(fast["required"])


def test_selected_value_and_required_kept():
    _, fast = pair({"grouped": "b", "required": "y"})
    assert '<option value="b" selected>ค</option>' in str(fast["grouped"])
    assert " required" in str(fast["required"]) and " required" not in str(fast["plain"])


def test_model_choices_follow_a_later_queryset(org):
    Unit.objects.create(organisation=org, name="กองช่าง")
    Unit.objects.create(organisation=org, name="กองคลัง")

    class UnitForm(forms.Form):
        unit = forms.ModelChoiceField(queryset=Unit.objects.none())

    slow, fast = UnitForm(), UnitForm()
    speed_up_selects(fast.fields.values())
    for form in (slow, fast):
        form.fields["unit"].queryset = Unit.objects.filter(organisation=org)
    assert "กองช่าง" in str(fast["unit"]) and "กองคลัง" in str(fast["unit"])
    assert parse_html(str(fast["unit"])) == parse_html(str(slow["unit"]))


def test_crispy_gives_it_the_css_class_of_djangos_select():
    from crispy_forms.utils import render_crispy_form

    _, fast = pair()
    html = render_crispy_form(fast)
    assert 'class="select form-select"' in html and "fastselect" not in html
