"""Finding English left in a Russian or Ukrainian text: Latin-script words outside a short list of proper names.

The list holds names that stay in Latin script in Russian and Ukrainian texts (publishers' and products' names,
file formats, codes a reader types). Anything else in Latin script is a word someone forgot to translate.
"""

from __future__ import annotations

import re

# Proper names and acronyms a Russian or Ukrainian text keeps in Latin script; nothing else.
ALLOWED = frozenset({
    "Frontex", "UNHCR", "IOM", "OSCE", "TIP", "US", "CSV", "PNG", "UTF", "ISO", "KB", "Plotly", "js", "Chart",
    "Studio", "svg", "IE", "q1", "q3", "X", "Y", "A", "B", "C", "route_id", "iso3", "Natural", "Earth", "EPSG",
    "ACLED", "IDMC", "Eurostat", "GDI", "Walk", "Free", "Global", "Slavery", "Index", "ILO", "UNODC", "GLOTIP",
    "OCHA", "HDX", "REACH", "ECRE", "AIDA", "Missing", "Migrants", "Project", "DTM", "CC", "BY", "IGO", "PDDL",
    "ODbL", "MIT", "log10",
})
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[-'][A-Za-z0-9_]+)*")
# Addresses, file names and link queries are not words a reader reads as language.
NOT_WORDS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\S*[?&]\w+=\S*|\b\w+\.(?:csv|png|json|md|py|po)\b|"
                       r"/view\.\w+\S*", re.I)


def latin_words(text: str) -> list[str]:
    """The Latin-script words of ``text`` that are not on the list of proper names, in order of appearance."""
    return [w for w in WORD.findall(NOT_WORDS.sub(" ", text)) if w not in ALLOWED]
