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
    # Names of reports, products and outlets the sources page and notes cite by name (Global Trends, Refugee Data
    # Finder, news outlets quoted as "seen through"); a translation keeps them as the publishers spell them.
    "UTF-8", "README", "ReliefWeb", "Trends", "Refugee", "Data", "Finder", "GitHub", "ISC", "SHA-256", "WL",
    "CRS", "HSDL", "GVNet", "PACT", "MoldovaLive", "Knews", "Epthinktank", "Africanews", "Anadolu", "EFE",
    "Infobae", "ANSA", "AFP", "LBCI", "Khaberni", "Al", "Mamlaka", "Ghad", "Shafaq", "News", "Star", "KFF",
    "Newstalk", "DW", "IBNS", "IndiaAbility", "ForumDaily", "UA", "Today", "CR4U", "Refworld", "FRAN", "JORA",
    "dpa", "dpa-AFX", "Süddeutsche", "Zeitung", "Brussels", "Times", "Down", "To", "Federal", "Newswire",
    "Il", "Mattino", "di", "Padova", "Atlántico", "Hoy", "npm", "world-atlas", "issuu", "OOO", "OOS", "STL", "XKX",
    "SRB", "PDF", "Al-Ghad",
})
# Latin letters with their accented forms (Latin-1 and Latin Extended-A/B), so "Süddeutsche" is one word, not two.
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
WORD = re.compile(rf"[{LATIN}][{LATIN}0-9_]*(?:[-'][{LATIN}0-9_]+)*")
# Addresses, file names, link queries and hexadecimal digests are not words a reader reads as language.
NOT_WORDS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\S*[?&]\w+=\S*|\b[\w.-]+\.(?:csv|png|json|md|py|po|rda|htm)\b|"
                       r"/view\.\w+\S*|\S*/\S*/\S+|\b(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\b|"
                       r"\b(?:[\w-]+\.)+(?:com|org|net|int|info|de|eu|it|tr|tv|gov)\b", re.I)


def latin_words(text: str) -> list[str]:
    """The Latin-script words of ``text`` that are not on the list of proper names, in order of appearance."""
    return [w for w in WORD.findall(NOT_WORDS.sub(" ", text)) if w not in ALLOWED]
