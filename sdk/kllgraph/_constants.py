"""Defaults of the SDK in one place; every knob here can be overridden per client."""

import httpx

BASE_URL_ENV_VAR = "KLLGRAPH_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8000/graphql"
# `Client.local()` talks to an in-process app (nothing leaves the process); `localhost` passes host checks.
LOCAL_BASE_URL = "http://localhost/graphql"

# The gateway fans out to agencies' APIs, so reads may be slow; connecting to it should not be.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A server asking for a longer wait than this is not waited for; the normal backoff applies instead.
MAX_RETRY_AFTER = 60.0

DEFAULT_CACHE_TTL = 60.0
DEFAULT_CACHE_MAXSIZE = 512

# GraphQL over HTTP: the new media type first, plain JSON for servers that predate it.
ACCEPT = "application/graphql-response+json, application/json"

NOTEBOOK_INSTALL_HINT = 'pip install "kllgraph[notebook]"'
GATEWAY_INSTALL_HINT = 'pip install "kllgraph[gateway]"'
