"""What every request sees, built once at start-up: the prepared shipped data, the operator's figures and the
settings, with one version string naming the data (so caches and the browser's drawn figures never mix data)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core.added_figures import AddedFigures, Vocabulary, from_link_fragment, from_store, read_folder
from core.bundle import Bundle
from core.prepared import Prepared, prepare


@dataclass(frozen=True)
class Served:
    """Read-only for the life of the process; two processes with the same files give the same version."""

    prep: Prepared
    vocab: Vocabulary
    operator: AddedFigures
    version: str
    public_url: str = ""
    method_md: dict[str, str] = field(default_factory=dict)
    geojson_url: str = ""
    topojson_url: str = ""

    def added(self, visitor: object = None, link_fragment: object = None) -> AddedFigures:
        """The operator's figures, plus a visitor's own (as their browser sent them) and a link's, checked again."""
        return (self.operator + from_store(visitor, self.vocab, "visitor")
                + from_store(from_link_fragment(link_fragment), self.vocab, "link"))


def serve(bundle: Bundle, operator_dir: Path | None, **settings) -> Served:
    """Prepare the shipped data and read the operator's folder once."""
    vocab = Vocabulary.of(bundle)
    operator = read_folder(operator_dir, vocab)
    shipped = sum(int(pd.util.hash_pandas_object(f).sum()) for f in (bundle.route_year, bundle.country_year,
                                                                   bundle.tip_tiers, bundle.headlines))
    version = hashlib.sha256(f"{shipped}|{len(bundle.countries_geojson)}|{operator.digest}".encode()).hexdigest()[:16]
    return Served(prepare(bundle), vocab, operator, version, **settings)
