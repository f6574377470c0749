__title__ = "kllgraph"
__description__ = "Typed Python SDK for the kllgraph GraphQL gateway over Swedish agencies' open data"
__version__ = "0.1.0"
