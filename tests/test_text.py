"""Numbers, periods, data labels and controls read in the reader's language (the catalogues' completeness is checked
message by message in tests/test_catalogues.py)."""

from __future__ import annotations

from pathlib import Path

from core.text import fmt_number, period, t
from layouts.page import control_texts

ROOT = Path(__file__).resolve().parent.parent


def test_numbers_follow_the_language() -> None:
    assert fmt_number(1381953, "en") == "1,381,953"
    assert fmt_number(1381953, "ru") == "1\u00a0381\u00a0953"
    assert fmt_number(None, "ru") == "нет данных"
    assert period("end of year", "ru") == "конец года" and period("7 Dec 2015", "ru") == "7 Dec 2015"


def test_every_data_label_has_a_russian_form(prep) -> None:
    for indicator in prep.options.indicators:
        text = prep.indicator(indicator, "ru")
        assert text.label and text.label != prep.indicator(indicator, "en").label
    for route in prep.options.routes:
        assert prep.route_name(route, "ru") != prep.route_name(route, "en")
    assert prep.country_name("UKR", "ru") == "Украина" and prep.country_name("XKX", "ru") == "Косово"
    assert all(prep.country_name(c, "ru") for c in prep.options.countries)


def test_controls_are_relabelled_in_russian(prep) -> None:
    ru = control_texts(prep, "ru")
    assert ru["routes.options"][0]["label"] == "Центральное Средиземноморье"
    assert ru["countries.placeholder"] == t("countries.placeholder", "ru")
    assert set(ru) == set(control_texts(prep, "en"))


def test_the_risk_method_renders_as_html_without_running_raw_markup() -> None:
    from layouts.markdown import markdown_to_dash

    method = markdown_to_dash((ROOT / "docs" / "risk-method.md").read_text(encoding="utf-8"))
    rendered = str(method)
    assert "Table(" in rendered and "Strong(['Route risk is an analytic composite" in rendered
    hostile = str(markdown_to_dash("<script>alert(1)</script> [x](javascript:alert(1))"))
    assert "<script>alert(1)</script>" in hostile and "Script(" not in hostile  # kept as text, never markup
    assert "href='javascript" not in hostile
