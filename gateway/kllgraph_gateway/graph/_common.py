"""Small types shared by several entities."""

from __future__ import annotations

import strawberry

from ..connectors.taxonomy.models import ConceptRef

__all__ = ["TaxonomyConcept"]


@strawberry.type(description="A JobTech Taxonomy concept (id, type and Swedish preferred label).")
class TaxonomyConcept:
    id: strawberry.ID = strawberry.field(description="Taxonomy concept id, e.g. DJh5_yyF_hEM")
    type: str | None
    label: str

    @classmethod
    def from_ref(cls, ref: ConceptRef) -> TaxonomyConcept:
        return cls(id=strawberry.ID(ref.id), type=ref.type, label=ref.preferred_label)

    @classmethod
    def from_item(cls, concept_id: str | None, label: str | None, type_: str | None) -> TaxonomyConcept | None:
        if not concept_id or label is None:
            return None
        return cls(id=strawberry.ID(concept_id), type=type_, label=label)
