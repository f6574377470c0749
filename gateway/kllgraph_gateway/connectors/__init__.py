"""Upstream connectors: one folder per source with `source.py`, `models.py` and `api.py`.

`source.py` declares the `Source`; `models.py` holds the pydantic models of the upstream payloads (tolerating
extra fields); `api.py` builds the live requests and returns validated models; `probe.py` is the doctor's check. A
connector is registered by the graph module that reads it (`GraphModule.connectors`); see docs/connector-guide.md.
"""

from ._source import Auth, Connector, Probe, Source

__all__ = ["Auth", "Connector", "Probe", "Source"]
