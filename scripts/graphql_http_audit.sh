#!/usr/bin/env bash
# GraphQL-over-HTTP conformance of the real gateway: starts `kllgraph-gateway serve --offline` on a free
# local port, runs the shared graphql-http audit against /graphql and fails unless every audit is ok
# (0 warn, 0 error). The server is always stopped.
#
# Usage: scripts/graphql_http_audit.sh [--verbose]
# Env:   KLLGRAPH_SHARED_DIR   the shared folder (default: <repo>/../shared)
#        KLLGRAPH_GATEWAY_BIN  the gateway executable (default: <repo>/.venv/bin/kllgraph-gateway)
set -euo pipefail

repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
shared="${KLLGRAPH_SHARED_DIR:-$repo/../shared}"
gateway="${KLLGRAPH_GATEWAY_BIN:-$repo/.venv/bin/kllgraph-gateway}"
python="$repo/.venv/bin/python"
audit="$shared/graphql-http-audit/run.sh"

[ -x "$gateway" ] || { echo "graphql_http_audit: no gateway executable at $gateway" >&2; exit 1; }
[ -f "$audit" ] || { echo "graphql_http_audit: no audit at $audit (set KLLGRAPH_SHARED_DIR)" >&2; exit 1; }

# Ask the OS for a free port; the tiny window before the server binds it is acceptable for a local check.
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
log="$(mktemp "${TMPDIR:-/tmp}/kllgraph-audit-server.XXXXXX")"
server_pid=""

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    # Its own process group (setsid below), so workers the server may spawn go too.
    kill -TERM -- "-$server_pid" 2>/dev/null || kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$server_pid" 2>/dev/null || kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

setsid "$gateway" serve --offline --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
server_pid=$!

# Wait (bounded, ~30 s) for /healthz; give up early if the server died.
healthy=""
deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    break
  fi
  if "$python" - "$base/healthz" <<'EOF' 2>/dev/null; then
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=1) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
    healthy=1
    break
  fi
  sleep 0.5
done
if [ -z "$healthy" ]; then
  echo "graphql_http_audit: gateway did not become healthy at $base/healthz; its log:" >&2
  tail -n 40 "$log" >&2 || true
  exit 1
fi

set +e
output="$("$audit" "$base/graphql" "$@")"
audit_rc=$?
set -e
printf '%s\n' "$output"

summary="$(printf '%s\n' "$output" | grep -E '^audits: ' | tail -n 1)"
if [[ "$summary" =~ ^audits:\ ([0-9]+)\ ok,\ ([0-9]+)\ warn,\ ([0-9]+)\ error ]]; then
  warn="${BASH_REMATCH[2]}"
  error="${BASH_REMATCH[3]}"
else
  echo "graphql_http_audit: no summary line from the audit (exit $audit_rc)" >&2
  exit 1
fi
if [ "$audit_rc" -ne 0 ] || [ "$warn" -ne 0 ] || [ "$error" -ne 0 ]; then
  echo "graphql_http_audit: FAILED ($summary)" >&2
  exit 1
fi
echo "graphql_http_audit: all audits ok"
