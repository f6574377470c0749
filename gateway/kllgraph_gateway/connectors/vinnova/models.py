"""Pydantic models of Vinnova open-data records (agency-apis.md §8).

Project fields: the 20 names the KTH-Library/vinnova R client prints for `GET /api/projekt/...` (README output,
M), confirmed by two independent clients (Diarienummer, Ärenderubrik, BeviljatBidrag,
ProjektStart "YYYY-MM-DDTHH:MM:SS",
KoordinatorOrg...). There is NO organisation-number field: `KoordinatorOrg` is the coordinator's *name*
("Kungliga Tekniska högskolan"), so projects are linked to organisations through SweCRIS instead (stitching key #12).
Call (`utlysningar`) fields: same README (`Titel`, `TitelEngelska`, `Beskrivning`, `Publiceringsdatum`, ...).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, RootModel


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Link(_Model):
    # The R client flattens project LankLista into `Beskrivning`, `URL` columns (M); one TS client types them as
    # Lanknamn/Lankadress (L). Both are accepted.
    Beskrivning: str | None = None
    URL: str | None = None
    Lanknamn: str | None = None
    Lankadress: str | None = None


class Project(_Model):
    Diarienummer: str  # "2022-01624"; SweCRIS lists the same project as "2022-01624_Vinnova"
    title_sv: str | None = Field(None, alias="Ärenderubrik")
    title_en: str | None = Field(None, alias="ÄrenderubrikEngelska")
    DiarienummerAnsokningsomgang: str | None = None
    DiarienummerUtlysning: str | None = None
    DiarienummerProgram: str | None = None
    MalSvenska: str | None = None
    ResultatSvenska: str | None = None
    ImplementationSvenska: str | None = None
    MalEngelska: str | None = None
    ResultatEngelska: str | None = None
    ImplementationEngelska: str | None = None
    # Required but nullable: Vinnova's open data serialises fixed records, every key present, null when empty (M: one
    # client and the snapshot world); the abstract is what the graph shows, so a record without the key is drift.
    Projektreferat: str | None
    BeviljatBidrag: float | None = None
    ProjektStart: str | None = None
    ProjektSlut: str | None = None
    KoordinatorOrg: str | None = None  # coordinator NAME, not an organisation number
    KoordinatorArb: str | None = None  # coordinator's workplace (department) name
    LankLista: list[Link] | None = None
    Status: str | None = None


class ProjectList(RootModel[list[Project]]):
    pass


class Call(_Model):
    """A call for proposals (`utlysningar`)."""

    Diarienummer: str
    DiarienummerProgram: str | None = None
    Titel: str | None = None
    TitelEngelska: str | None = None
    Beskrivning: str | None = None
    BeskrivningEngelska: str | None = None
    Publiceringsdatum: str | None = None


class CallList(RootModel[list[Call]]):
    pass
