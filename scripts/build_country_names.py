"""Write data/country_names.csv: every country on the map, and every code the nationality, asylum and incident
tables use, named in English, Russian and Ukrainian.

Russian and Ukrainian names come from the pinned pycountry's translations of ISO 3166-1 (the `build` extra), with
short common forms where the ISO name is a long official one (a map label wants "Россия", not "Российская
Федерация"; "Сирія", not "Сирійська Арабська Республіка").
Run with `--check` to verify the committed file is what the script produces.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import json
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ROOT / "data" / "geo" / "countries.geojson"
OUT = ROOT / "data" / "country_names.csv"
DATA = ROOT / "data"
# Codes the publishers use that are not ISO 3166-1 countries, named as the publishers describe them (UNHCR's
# stateless and Tibetan categories; IOM's and UNHCR's "unknown"); the two UNHCR codes without a published
# description are named as codes that are no country.
NOT_COUNTRIES = {
    "STL": ("Stateless", "Лица без гражданства", "Особи без громадянства"),
    "TIB": ("Tibetan", "Тибетцы", "Тибетці"),
    "UNK": ("Unknown", "Не указано", "Не зазначено"),
    "OOO": ("Not a country (UNHCR code OOO)", "Не страна (код УВКБ ООН OOO)", "Не країна (код УВКБ ООН OOO)"),
    "OOS": ("Not a country (UNHCR code OOS)", "Не страна (код УВКБ ООН OOS)", "Не країна (код УВКБ ООН OOS)"),
}
# Short Russian forms for long official ISO names, and codes pycountry does not know (Kosovo).
RU_SHORT = {
    "BIH": "Босния и Герцеговина", "BOL": "Боливия", "COD": "ДР Конго", "CZE": "Чехия", "GBR": "Великобритания",
    "IRN": "Иран", "KOR": "Южная Корея", "LAO": "Лаос", "MDA": "Молдова", "MKD": "Северная Македония",
    "PRK": "КНДР", "PSE": "Палестина", "RUS": "Россия", "SYR": "Сирия", "TZA": "Танзания", "TUR": "Турция",
    "USA": "США", "VEN": "Венесуэла", "VNM": "Вьетнам", "XKX": "Косово", "LBY": "Ливия", "CIV": "Кот-д'Ивуар",
    "CAF": "ЦАР", "ARE": "ОАЭ", "NLD": "Нидерланды", "SWZ": "Эсватини", "GMB": "Гамбия", "ESH": "Западная Сахара",
    "GRL": "Гренландия", "FRO": "Фарерские острова", "ALA": "Аландские острова", "IMN": "Остров Мэн",
    "GGY": "Гернси", "JEY": "Джерси", "VAT": "Ватикан", "CPV": "Кабо-Верде", "COG": "Конго",
}
UK_SHORT = {
    "ARE": "ОАЕ", "CAF": "ЦАР", "COD": "ДР Конго", "GGY": "Гернсі", "MDA": "Молдова", "PSE": "Палестина",
    "RUS": "Росія", "SYR": "Сирія", "VAT": "Ватикан", "XKX": "Косово", "LAO": "Лаос",
}


def build() -> str:
    """The CSV text for every country on the map."""
    features = json.loads(COUNTRIES.read_text(encoding="utf-8"))["features"]
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    uk = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["uk"])
    rows = []
    for feature in sorted(features, key=lambda f: f["properties"]["iso3"]):
        iso3, name = feature["properties"]["iso3"], feature["properties"]["name"]
        country = pycountry.countries.get(alpha_3=iso3)
        name_ru = RU_SHORT.get(iso3) or (ru.gettext(country.name) if country else "")
        if not name_ru or (country and name_ru == country.name):
            raise SystemExit(f"no Russian name for {iso3} ({name}): add it to RU_SHORT")
        name_uk = UK_SHORT.get(iso3) or (uk.gettext(country.name) if country else "")
        if not name_uk or (country and name_uk == country.name):
            raise SystemExit(f"no Ukrainian name for {iso3} ({name}): add it to UK_SHORT")
        rows.append((iso3, name, name_ru, name_uk))
    on_map = {row[0] for row in rows}
    for iso3 in sorted(_data_codes() - on_map):
        if iso3 in NOT_COUNTRIES:
            rows.append((iso3, *NOT_COUNTRIES[iso3]))
            continue
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            raise SystemExit(f"no name for the code {iso3}: add it to NOT_COUNTRIES")
        name = getattr(country, "common_name", None) or country.name
        rows.append((iso3, name, RU_SHORT.get(iso3) or ru.gettext(country.name),
                     UK_SHORT.get(iso3) or uk.gettext(country.name)))
    rows.sort()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["iso3", "name", "name_ru", "name_uk"])
    writer.writerows(rows)
    return out.getvalue()


def _data_codes() -> set[str]:
    """Every country code the nationality, asylum and incident tables use."""
    codes: set[str] = set()
    for name, columns in (("route_nationality_month.csv", ("nationality",)), ("unhcr_asylum_origin.csv",
                          ("asylum", "origin")), ("incidents.csv", ("country", "nationalities"))):
        with (DATA / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                codes |= {code for column in columns for code in (row[column] or "").split(";") if code}
    return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs")
    text = build()
    if parser.parse_args().check:
        same = OUT.read_text(encoding="utf-8") == text
        print("country_names.csv is up to date" if same else "country_names.csv differs: rerun the script")
        sys.exit(0 if same else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
