"""A GraphiQL page that loads every script and stylesheet from the gateway itself.

Stock strawberry's page pulls React and GraphiQL from a CDN and hangs at "Loading..." without internet.
This one loads the same upstream files (pinned and vendored by ``scripts/vendor_graphiql.sh`` into
``_static/graphiql``, see ``VERSIONS.md`` there) from ``static_url``, so it works with no network.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template

__all__ = ["GRAPHIQL_STATIC_DIR", "graphiql_page"]

GRAPHIQL_STATIC_DIR: Path = Path(__file__).resolve().parent / "_static" / "graphiql"

# Order matters: React before ReactDOM before GraphiQL (whose UMD build reads both globals), and the explorer
# plugin last because it reads `window.GraphiQL.React`.
_SCRIPTS = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "plugin-explorer.umd.js",
)
_STYLESHEETS = ("graphiql.min.css", "plugin-explorer.css")

_PAGE = Template("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>$title</title>
<link rel="icon" href="data:,">
$stylesheets
<style>
  body { height: 100vh; margin: 0; width: 100%; overflow: hidden; display: flex; flex-direction: column; }
  #graphiql { flex: 1 1 auto; min-height: 0; display: flex; }
  #kllgraph-offline-banner {
    flex: 0 0 auto; padding: 6px 12px; font: 600 14px/1.4 system-ui, sans-serif;
    background: #fff3cd; color: #5c4400; border-bottom: 2px solid #e0b000;
  }
  .graphiql-explorer-actions select { margin-left: 4px; }
</style>
</head>
<body>
$banner
<div id="graphiql" class="graphiql-container">Loading…</div>
$scripts
<script>
"use strict";
(function () {
  const GRAPHQL_URL = $graphql_url;
  const DEFAULT_QUERY = $default_query;

  // Keep the query and variables in the address bar (as strawberry's page does) so a link shares them.
  const params = new URLSearchParams(window.location.search);
  function updateURL(key, value) {
    if (value) { params.set(key, value); } else { params.delete(key); }
    const search = params.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  // Our own fetcher instead of GraphiQL.createFetcher: plain POST of JSON with the GraphQL-over-HTTP
  // media type first, and no websocket client (the gateway has no subscriptions).
  async function fetcher(graphQLParams, opts) {
    const headers = Object.assign(
      {
        "Content-Type": "application/json",
        "Accept": "application/graphql-response+json, application/json",
      },
      (opts && opts.headers) || {},
    );
    const response = await fetch(GRAPHQL_URL, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(graphQLParams),
      credentials: "same-origin",
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch (_) {
      // A proxy error page or a plain-text 500 would otherwise surface as an opaque JSON parse error.
      return { errors: [{ message: "HTTP " + response.status + ": " + text.slice(0, 2000) }] };
    }
  }

  function App() {
    const [query, setQuery] = React.useState(params.get("q") || DEFAULT_QUERY);
    const [variables, setVariables] = React.useState(params.get("variables") || undefined);
    const explorer = React.useMemo(function () { return GraphiQLPluginExplorer.explorerPlugin(); }, []);
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      query: query,
      variables: variables,
      onEditQuery: function (q) { setQuery(q); updateURL("q", q === DEFAULT_QUERY ? "" : q); },
      onEditVariables: function (v) { setVariables(v); updateURL("variables", v); },
      defaultEditorToolsVisibility: true,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      // Headers typed by a user may hold tokens; do not keep them in localStorage.
      shouldPersistHeaders: false,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
})();
</script>
</body>
</html>
""")


def _js_literal(value: str) -> str:
    """JSON-encode ``value`` for use inside an inline ``<script>``.

    JSON alone is not enough there: ``</script>`` or ``<!--`` in the value would end or confuse the script
    element, so ``<``, ``>`` and ``&`` are written as ``\\uXXXX`` escapes (still the same JS string).
    ``ensure_ascii`` also escapes U+2028/U+2029, which old JS engines treat as line breaks in strings.
    """
    return (
        json.dumps(value, ensure_ascii=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def graphiql_page(
    *, graphql_url: str, static_url: str, default_query: str, title: str = "kllgraph GraphiQL",
    banner: str | None = None,
) -> str:
    """Return the GraphiQL HTML page.

    ``static_url`` is where ``GRAPHIQL_STATIC_DIR`` is mounted (e.g. ``/static/graphiql``); the page loads
    nothing from any other origin. ``graphql_url`` is where the page POSTs queries; ``default_query`` is shown
    in the editor unless the address bar carries a ``q`` parameter (as links from strawberry's page do).
    ``banner`` (plain text) is shown above the editor, e.g. that the gateway answers from an offline snapshot.
    """
    base = static_url.rstrip("/")

    def asset(name: str) -> str:
        return html.escape(f"{base}/{name}", quote=True)

    return _PAGE.substitute(
        title=html.escape(title, quote=True),
        banner=(f'<div id="kllgraph-offline-banner" role="status">{html.escape(banner)}</div>' if banner else ""),
        stylesheets="\n".join(f'<link rel="stylesheet" href="{asset(n)}">' for n in _STYLESHEETS),
        scripts="\n".join(f'<script src="{asset(n)}"></script>' for n in _SCRIPTS),
        graphql_url=_js_literal(graphql_url),
        default_query=_js_literal(default_query),
    )
