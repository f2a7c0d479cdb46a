#!/usr/bin/env bash
# Benchmark of diode:build on the sample project's canisters (factory, zone).
# Prints, as medians over RUNS repetitions:
#   raw       - the compiler invocations the goal makes (node + motoko-driver.js with the same request)
#   goal      - the goal's own time, as it logs it ("diode:build took N ms"), forced recompile
#   mvn       - wall time of the whole `mvn diode:build -Ddiode.force` (JVM + Maven start included)
#   noop goal - the goal's time when nothing changed; noop mvn - wall time of that Maven run
# Needs the plugin installed in the local repository (scripts/with-jdk ./mvnw -B install -DskipTests).
# Usage: diode-maven-plugin/bench/build-benchmark.sh [RUNS] [MOTOKO_SOURCE_DIR]   (from the repository root)
#   MOTOKO_SOURCE_DIR defaults to sample-project/src/main/motoko; it must hold factory/Factory.mo and zone/Zone.mo.
set -euo pipefail
runs=${1:-5}
repo=$(cd "$(dirname "$0")/../.." && pwd)
sources=$(cd "${2:-$repo/sample-project/src/main/motoko}" && pwd)
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$repo/pom.xml" | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A copy of the sample sources, so concurrent edits to sample-project do not disturb the numbers.
mkdir -p "$work/src/main"
cp -r "$sources" "$work/src/main/motoko"
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>build-benchmark</artifactId><version>1</version><packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>io.diode</groupId><artifactId>diode-maven-plugin</artifactId><version>$version</version>
    <configuration><canisters>
      <canister><name>factory</name><main>src/main/motoko/factory/Factory.mo</main></canister>
      <canister><name>zone</name><main>src/main/motoko/zone/Zone.mo</main></canister>
    </canisters></configuration>
  </plugin></plugins></build>
</project>
POM

mvn_build() { # prints "<wall ms> <goal ms>"
  local started ended log
  started=$(date +%s%N)
  log=$(cd "$work" && "$repo/scripts/with-jdk" "$repo/mvnw" -B -ntp \
        "io.diode:diode-maven-plugin:$version:build" "$@" 2>&1) || { echo "$log" >&2; exit 1; }
  ended=$(date +%s%N)
  echo "$(( (ended - started) / 1000000 )) $(echo "$log" | sed -n 's/.*diode:build took \([0-9]*\) ms.*/\1/p')"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

mvn_build -Ddiode.force=true > /dev/null   # warm-up: installs the npm compiler if needed, writes the request
driver="$work/target/diode/npm-driver"
motoko_version=$(sed -n 's:.*<motoko.npm.version>\(.*\)</motoko.npm.version>.*:\1:p' "$repo/pom.xml")
motoko="$HOME/.cache/diode/motoko/$motoko_version/node_modules/motoko"

raw() { # the same Node processes the goal starts, one per request file, run as the goal runs them
  local started ended
  started=$(date +%s%N)
  for request in "$driver"/compile-request-*.json; do
    node "$driver/motoko-driver.js" "$motoko" "$request" "$work/raw-result.json" &
  done
  wait
  ended=$(date +%s%N)
  echo $(( (ended - started) / 1000000 ))
}

declare -a raw_ms goal_ms mvn_ms noop_goal_ms noop_mvn_ms
for _ in $(seq "$runs"); do
  raw_ms+=("$(raw)")
  read -r wall goal < <(mvn_build -Ddiode.force=true); mvn_ms+=("$wall"); goal_ms+=("$goal")
  read -r wall goal < <(mvn_build); noop_mvn_ms+=("$wall"); noop_goal_ms+=("$goal")
done
r=$(printf '%s\n' "${raw_ms[@]}" | median)
g=$(printf '%s\n' "${goal_ms[@]}" | median)
m=$(printf '%s\n' "${mvn_ms[@]}" | median)
ng=$(printf '%s\n' "${noop_goal_ms[@]}" | median)
nm=$(printf '%s\n' "${noop_mvn_ms[@]}" | median)
echo "sources=$sources ($(cat "$sources"/*/*.mo | wc -l) lines) runs=$runs cpus=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "raw compiler invocations : ${r} ms"
echo "diode:build goal (forced): ${g} ms  overhead vs raw: $(( (g - r) * 100 / r )) %"
echo "mvn diode:build (forced) : ${m} ms  (includes JVM and Maven start-up)"
echo "no-op diode:build goal   : ${ng} ms"
echo "no-op mvn diode:build    : ${nm} ms"
