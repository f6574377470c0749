"""Arbetsförmedlingen's Yrkesbarometer: job opportunities, recruitment situation and a five-year demand forecast per
barometer occupation, for the whole country and each län, published twice a year as one open CC0 file.

Confidence (research: shared career-switch-apis.md §2): H for what the file is and for its join to the taxonomy
(barometer-occupation concepts relate to occupation-names: official taxonomy docs); M+ for the file URL and its
field names (four independent clients agree, no official field list was found); M for `yb_concept_id` being the
barometer-occupation concept id; L for the meaning of `hogsta_bedomningsniva`, `delvis_helt`, `antal_ssyk` and
`del_av_ssyk`. No live check was possible from the build machines.
"""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
