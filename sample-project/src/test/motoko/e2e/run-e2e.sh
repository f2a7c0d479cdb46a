#!/usr/bin/env bash
# Runs scenario.cjs: the built Factory and Zone canisters on a PocketIC server, driven by PicJS.
#
#   sample-project/src/test/motoko/e2e/run-e2e.sh [server url]
#
# Without a URL it starts the embedded engine (pocketic-embedded/target/pocketic-embedded.jar, built by
# `./mvnw -pl pocketic-embedded package`) on a free port and stops it afterwards. The canisters come
# from sample-project/target/canisters (built by `./mvnw -pl sample-project compile`). PicJS 0.23.0 is
# installed once into ~/.cache/diode/picjs/0.23.0 (--ignore-scripts: its postinstall would download
# the real PocketIC binary).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../../.." && pwd)"
canisters="$repo/sample-project/target/canisters"
picjs="$HOME/.cache/diode/picjs/0.23.0"

for wasm in factory.wasm zone.wasm; do
  [[ -f "$canisters/$wasm" ]] || { echo "missing $canisters/$wasm: run scripts/with-jdk ./mvnw -pl sample-project compile first" >&2; exit 2; }
done
if [[ ! -d "$picjs/node_modules/@dfinity/pic" ]]; then
  mkdir -p "$picjs"
  npm install --no-audit --no-fund --ignore-scripts --prefix "$picjs" @dfinity/pic@0.23.0
fi

url="${1:-}"
server_pid=""
if [[ -z "$url" ]]; then
  jar="$repo/pocketic-embedded/target/pocketic-embedded.jar"
  [[ -f "$jar" ]] || { echo "missing $jar: run scripts/with-jdk ./mvnw -pl pocketic-embedded package, or pass a server URL" >&2; exit 2; }
  port_file="$(mktemp)"
  rm -f "$port_file"
  "$repo/scripts/with-jdk" java -jar "$jar" --port-file "$port_file" --ttl 1800 &
  server_pid=$!
  trap '[[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do [[ -s "$port_file" ]] && break; sleep 0.5; done
  [[ -s "$port_file" ]] || { echo "the embedded server did not start" >&2; exit 1; }
  url="http://127.0.0.1:$(cat "$port_file")"
fi
NODE_PATH="$picjs/node_modules" node "$here/scenario.cjs" "$url" "$canisters"
