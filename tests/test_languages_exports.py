"""The CSV and the server-drawn picture of a Russian and a Ukrainian view, read for English left in them: every
header, comment and cell of /view.csv, and every text element /view.png draws (caught as matplotlib draws it).

Only two things keep their Latin script: the original titles of English-language sources (proper names, matched
exactly against sources.csv) and the machine codes an analyst filters on (route, country, indicator, table and
source ids, addresses), whose columns must hold codes and nothing else."""

from __future__ import annotations

import csv
import re

import matplotlib.figure
import pytest

from core.added_figures import COLUMNS as FORMAT_COLUMNS
from core.added_figures import Vocabulary, check_file
from core.export import COLUMNS
from core.text import LANGS
from tests.latin import latin_words

OTHER_LANGS = LANGS[1:]  # every catalogue but the source language: each one is read for English left
QUERY = "year=2016&routes=central_med,eastern_med&country=ITA&lang={lang}"
# Columns of codes, not words; each cell must look like one (or several joined by "; "), so no prose hides there.
CODES = {"table": r"[a-z_]+", "route_id": r"([a-z_]+(; [a-z_]+)*)?", "iso3": r"[A-Z]{3}|", "indicator": r"[a-z0-9_.]+",
         "source_id": r"[a-z0-9_]+(; [a-z0-9_]+)*", "url": r"(\S+)(; \S+)*"}


def english_in(texts: list[str]) -> list[str]:
    return sorted({w for text in texts for w in latin_words(text)})


def without_titles(texts: list[str], prep) -> list[str]:
    """The texts with every source's original title taken out (longest first, so no title leaves a part behind)."""
    for title in sorted(prep.bundle.sources["title"], key=len, reverse=True):
        texts = [text.replace(title, " ") for text in texts]
    return texts


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_the_csv_speaks_the_view_language(client, prep, lang: str) -> None:
    response = client.get("/view.csv?" + QUERY.format(lang=lang))
    assert response.status_code == 200
    lines = response.get_data(as_text=True).splitlines()
    comments = [line for line in lines if line.startswith("#")]
    ids = set(prep.bundle.sources["source_id"])
    comments = [re.sub(r"^#\s+\[([a-z0-9_]+)\]", lambda m: "#" if m[1] in ids else m[0], line) for line in comments]
    header, *rows = csv.reader(line for line in lines if not line.startswith("#"))
    assert len(header) == len(COLUMNS) and rows
    texts = [*comments, *header]
    for row in rows:
        for name, cell in zip(COLUMNS, row):
            if name in CODES:
                assert re.fullmatch(CODES[name], cell), (name, cell)
            elif name == "coverage":  # which table cells a figure is: country codes stay codes, the words translate
                texts.append(re.sub(r"\b[A-Z]{3}\b", " ", cell))
            elif name != "title":
                texts.append(cell)
            else:
                texts.extend(without_titles([cell], prep))
    # A source's id cited in another's words ("see frontex_ibc_2025_06") is a code, as in the browser check.
    texts = [re.sub(r"\b(" + "|".join(sorted(ids, key=len, reverse=True)) + r")\b", " ", text) for text in texts]
    found = english_in(without_titles(texts, prep))
    assert not found, (found, [t for t in texts if latin_words(t)][:20])


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_the_picture_draws_no_english(client, prep, monkeypatch, lang: str) -> None:
    """Titles of English-language sources keep their original wording; every other word is the view's language."""
    drawn: list[str] = []
    save = matplotlib.figure.Figure.savefig

    def catching(fig, *args, **kwargs):
        drawn.extend(t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip())
        return save(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", catching)
    response = client.get("/view.png?" + QUERY.format(lang=lang).replace("2016", "2015"))
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert drawn, "the picture drew no text"
    # The picture wraps long lines; a title broken over two lines is still the title.
    drawn = without_titles([" ".join(text.split()) for text in drawn], prep)
    assert not english_in(drawn), [t for t in drawn if latin_words(t)]


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_the_upload_report_speaks_the_view_language(bundle, lang: str) -> None:
    """Every kind of problem a visitor's file can have, said in Russian and Ukrainian: only the file's own words (its
    quoted cells and column names) and the codes it must use stay in Latin script."""
    vocab = Vocabulary.of(bundle)
    bad = ("route_id,year,indicator,value,period,note\n"
           "atlantis,1800,bogus,-3,,\ncentral_med,20x6,detections,many,calendar year,\n"
           "central_med,2016,detections,5,calendar year,\ncentral_med,2016,detections,6,calendar year,\n")
    files = [check_file("bad.csv", bad.encode(), vocab), check_file("x.csv", b"\xff\xfe\x00bad", vocab),
             check_file("h.csv", b"route_id,year,colour\n", vocab), check_file("k.csv", b"name,year\n", vocab),
             check_file("e.csv", b"iso3,year,indicator,value,period\n", vocab)]
    problems = [p for f in files for p in f.problems]
    assert len(problems) >= 12
    # The file's own words quoted back, and the format's column names the file must use as written.
    quoted = {"atlantis", "bogus", "many", "x6", "colour", "bad", *FORMAT_COLUMNS, "note"}
    for problem in problems:
        said = problem.say(lang)
        assert said != str(problem) and not set(latin_words(said)) - quoted, said
