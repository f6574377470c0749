"""The joined graph: entity types and root fields over the connectors."""

from ._context import Context, Info

__all__ = ["Context", "Info"]
