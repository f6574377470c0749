"""Pydantic models of JobAd Enrichments answers (H: JobTech's own ad importer reads exactly these keys,
JobtechSwe/elastic-importers `importers/platsannons/enricher_mt_rest_multiple.py`, and real enriched payloads show
them): one document per input, `{doc_id, doc_headline, enriched_candidates: {occupations, competencies, traits,
geos}}`, each candidate `{concept_label, term, term_misspelled, prediction}` (`prediction` absent from the binary
variant; `sentence_index` only when sentences are asked for).

The labels are the enrichment model's own, **not taxonomy ids** (H: the taxonomy's skill.html says the taxonomy's
skills "are not connected to the skills or traits listed in jobad-enrichment's synonym dictionary").
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, RootModel


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Candidate(_Model):
    concept_label: str
    term: str | None = None  # the words of the text it was found in: the person's own words
    term_misspelled: bool | None = None
    # 0.0-1.0: how likely an employer asks for it (the model was trained on job ads; on a CV, a confidence only, L).
    prediction: float | None = None


class EnrichedCandidates(_Model):
    occupations: list[Candidate] = []
    competencies: list[Candidate] = []
    traits: list[Candidate] = []
    geos: list[Candidate] = []


class EnrichedDocument(_Model):
    doc_id: str
    doc_headline: str | None = None
    enriched_candidates: EnrichedCandidates


class EnrichedDocuments(RootModel[list[EnrichedDocument]]):
    pass
