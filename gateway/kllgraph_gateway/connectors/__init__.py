"""Upstream connectors: one folder per source with `source.py`, `models.py` and `api.py`.

`source.py` declares the `Source`; `models.py` holds the pydantic models of the upstream payloads (tolerating
extra fields); `api.py` builds the live requests and returns validated models. Adding a source is a new folder plus
one line in `kllgraph_gateway._registry`.
"""

from ._source import Auth, Source

__all__ = ["Auth", "Source"]
