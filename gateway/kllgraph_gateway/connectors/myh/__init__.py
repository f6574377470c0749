"""Myndigheten för yrkeshögskolan (MYH): YH programmes as a named source, without live calls of its own.

Evidence (agency-apis.md §3): MYH publishes its YH education events through Susa-navet (ids `e.myh.<n>`), and
Skolverket's Planned Educations API re-exposes them in `/v4/adult-education-events` with `typeOfSchool`
"Yrkeshögskoleutbildning" (H for the Skolverket part). The only MYH endpoint found,
`POST https://w3d3-integration-service.myh.se/1.0/search`, is undocumented and used by one student project (L), so the
gateway does not call it. `myh` is therefore the provenance name of YH educations (`Education.source`), which the
gateway reads through `planned_educations` or `susanavet` (`Education.readVia`). See docs/myh.md.
"""

from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "probe"]
