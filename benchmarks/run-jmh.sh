#!/usr/bin/env bash
# Runs every JMH benchmark with -prof gc (one thread; AcquireReleaseBenchmark again at two threads),
# writes the JSON, a Markdown ratio table, an SVG chart and the machine's description under
# benchmarks/results/<UTC time>/, and prints the table of Tether ÷ peer ratios.
#
#   benchmarks/run-jmh.sh            the full suite (about 25 minutes on 2 cores)
#   benchmarks/run-jmh.sh --quick    1 fork, short iterations: to check the pipeline, not to quote
#   benchmarks/run-jmh.sh -- ARGS    extra JMH arguments for every run (e.g. -- -p connections=16)
# It rebuilds benchmarks/target/benchmarks.jar from this tree first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

jmh_opts=()
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --) shift; jmh_opts+=("$@"); break ;;
    *) echo "usage: $0 [--quick] [-- JMH-ARGS...]" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  jmh_opts=(-f 1 -wi 1 -w 200ms -i 2 -r 200ms "${jmh_opts[@]}")
fi

# Always rebuild with -am: the local Maven repository may hold other trees' tether snapshots, and a
# jar shaded from those would measure someone else's code.
jar=benchmarks/target/benchmarks.jar
mvn -B -q -DskipTests -pl benchmarks -am package
# The HPACK corpus (http2jp hpack-test-case) is not in the repository: HpackDecodeBenchmark reads it here.
export TETHER_TESTDATA="${TETHER_TESTDATA:-$root/../shared/testdata}"
# Checked before the first benchmark rather than found missing twenty minutes in.
if [ ! -d "$TETHER_TESTDATA/hpack-test-case" ]; then
  echo "HPACK corpus not found at $TETHER_TESTDATA/hpack-test-case: set TETHER_TESTDATA to the directory that holds hpack-test-case" >&2
  exit 1
fi

out=benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)
[ "$quick" = 1 ] && out="${out}-quick"
mkdir -p "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "java: $(java -version 2>&1 | tr '\n' ' ')"
  echo "quick: $quick"
} > "$out/machine.txt"

run() { # name, then JMH arguments
  local name=$1; shift
  echo "== $name: java -jar $jar $* -prof gc -rf json -rff $out/$name.json" >&2
  java -jar "$jar" "$@" -prof gc -foe true -rf json -rff "$out/$name.json" "${jmh_opts[@]}" > "$out/$name.log" 2>&1 \
    || { tail -40 "$out/$name.log" >&2; exit 1; }
}

run acquire-release-t1 'AcquireReleaseBenchmark' -t 1
run acquire-release-t2 'AcquireReleaseBenchmark' -t 2
run stream-attach-detach 'StreamAttachDetachBenchmark' -t 1
run hpack-decode 'HpackDecodeBenchmark' -t 1
run http1-parse 'Http1ParseBenchmark' -t 1

java -cp "$jar" dev.tether.benchmarks.report.RatioReport --md "$out/ratios.md" --svg "$out/ratios.svg" "$out"/*.json
echo
echo "results: $out (JSON, ratios.md, ratios.svg, machine.txt)"
