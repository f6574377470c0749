#!/usr/bin/env bash
# Re-fetch the GraphiQL assets that the gateway serves itself (so its GraphiQL page works with no network)
# from the npm registry at the exact pinned versions, verify each tarball against the registry's integrity
# hash, and copy only the files the page loads plus the licences into the static folder.
#
#   scripts/vendor_graphiql.sh          rewrite gateway/kllgraph_gateway/_static/graphiql/ and its VERSIONS.md
#   scripts/vendor_graphiql.sh --check  fetch into a temp dir and fail if the committed files differ
#
# Needs node + npm (npm talks to the registry; node hashes, so no other tool is assumed).
# To upgrade: change the pins below, run the script, then load the page (tests/gateway/test_graphiql_browser.py).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/gateway/kllgraph_gateway/_static/graphiql"

# package  version  file-in-tarball  name-in-static-folder
# Versions match what strawberry-graphql 0.341's own graphiql.html loads from a CDN. js-cookie is left out:
# strawberry uses it only to forward Django's csrftoken cookie, which this starlette gateway does not have.
PINS=(
    "react 18.2.0 umd/react.production.min.js react.production.min.js"
    "react-dom 18.2.0 umd/react-dom.production.min.js react-dom.production.min.js"
    "graphiql 3.8.3 graphiql.min.js graphiql.min.js"
    "graphiql 3.8.3 graphiql.min.css graphiql.min.css"
    "@graphiql/plugin-explorer 1.0.2 dist/index.umd.js plugin-explorer.umd.js"
    "@graphiql/plugin-explorer 1.0.2 dist/style.css plugin-explorer.css"
    # Licences. @graphiql/plugin-explorer ships none in its tarball; it lives in the graphql/graphiql monorepo
    # under that repo's MIT licence, which is the one graphiql ships. graphiql-explorer (OneGraph, MIT) is
    # bundled inside plugin-explorer's UMD file, so its licence comes along too.
    "react 18.2.0 LICENSE LICENSE.react.txt"
    "react-dom 18.2.0 LICENSE LICENSE.react-dom.txt"
    "graphiql 3.8.3 LICENSE LICENSE.graphiql.txt"
    "graphiql 3.8.3 LICENSE LICENSE.graphiql-plugin-explorer.txt"
    "graphiql-explorer 0.9.0 LICENSE LICENSE.graphiql-explorer.txt"
)

CHECK=0
case "${1:-}" in
    "") ;;
    --check) CHECK=1 ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
OUT="$WORK/out"
mkdir -p "$OUT" "$WORK/tgz"

hash_b64() {  # $1 algorithm, $2 file -> base64 digest (the form npm's "sha512-..." integrity uses)
    node -e 'const c=require("crypto"),f=require("fs");
             process.stdout.write(c.createHash(process.argv[1]).update(f.readFileSync(process.argv[2])).digest("base64"))' "$1" "$2"
}
sha256_hex() {
    node -e 'const c=require("crypto"),f=require("fs");
             process.stdout.write(c.createHash("sha256").update(f.readFileSync(process.argv[1])).digest("hex"))' "$1"
}

declare -A UNPACKED=()
unpack() {  # $1 package, $2 version -> prints the extracted package dir; fetches and verifies once per spec
    local spec="$1@$2"
    if [[ -z "${UNPACKED[$spec]:-}" ]]; then
        local expected got tgz dir
        expected="$(npm view "$spec" dist.integrity)"
        [[ "$expected" == sha512-* ]] || { echo "no sha512 integrity for $spec: '$expected'" >&2; exit 1; }
        tgz="$(cd "$WORK/tgz" && npm pack "$spec" --silent)"
        got="sha512-$(hash_b64 sha512 "$WORK/tgz/$tgz")"
        if [[ "$got" != "$expected" ]]; then
            echo "integrity mismatch for $spec: registry says $expected, tarball is $got" >&2
            exit 1
        fi
        dir="$WORK/pkg/${spec//[@\/]/_}"
        mkdir -p "$dir"
        tar -xzf "$WORK/tgz/$tgz" -C "$dir"
        UNPACKED[$spec]="$dir/package"
        echo "verified $spec ($expected)" >&2
    fi
}

{
    echo "# Vendored GraphiQL assets"
    echo
    echo "Served by the gateway itself so its GraphiQL page needs no network. Written by"
    echo "\`scripts/vendor_graphiql.sh\` from the npm registry; each tarball was checked against the registry's"
    echo "\`dist.integrity\` before use. Do not edit these files by hand: change the pins in the script and rerun it."
    echo
    echo "The licence of @graphiql/plugin-explorer is the MIT licence of the graphql/graphiql repository it is"
    echo "published from (its tarball carries no LICENSE file); graphiql-explorer is bundled in its UMD file."
    echo "graphiql.min.js is upstream's UMD bundle as published, including the third-party code it bundles."
    echo
    echo "| package | version | file in package | file here | sha256 |"
    echo "| --- | --- | --- | --- | --- |"
} > "$OUT/VERSIONS.md"

for pin in "${PINS[@]}"; do
    read -r pkg version src name <<< "$pin"
    unpack "$pkg" "$version"
    dir="${UNPACKED[$pkg@$version]}"
    [[ -f "$dir/$src" ]] || { echo "$pkg@$version has no $src" >&2; exit 1; }
    cp "$dir/$src" "$OUT/$name"
    echo "| $pkg | $version | $src | $name | $(sha256_hex "$OUT/$name") |" >> "$OUT/VERSIONS.md"
done

if [[ $CHECK == 1 ]]; then
    # -r also reports files present only on one side (a stale or hand-added file).
    if diff -r "$OUT" "$DEST"; then
        echo "OK: $DEST matches the pinned registry packages"
    else
        echo "MISMATCH: rerun $0 without --check" >&2
        exit 1
    fi
else
    rm -rf "$DEST"
    mkdir -p "$(dirname "$DEST")"
    cp -r "$OUT" "$DEST"
    echo "wrote $DEST:"
    (cd "$DEST" && du -ch -- * | sort -k2)
fi
