#!/usr/bin/env bash
# Thread CPU time per op of the pool benchmarks (dev.tether.benchmarks.CpuPerOp), Tether and a peer
# alternated in separate JVMs, with the median of each: a direction-finding figure that holds while
# other work loads the machine (JMH's time per op does not).
#
#   benchmarks/cpu-per-op.sh [-n PAIRS] acquire CONNECTIONS THREADS   tether vs jetty-concurrent
#   benchmarks/cpu-per-op.sh [-n PAIRS] attach HELD                   tether vs jetty-concurrent
# Uses benchmarks/target/benchmarks.jar as it is (build it first: mvn -B -q -DskipTests -pl benchmarks -am package).
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=5
if [ "${1:-}" = "-n" ]; then pairs=$2; shift 2; fi
mode=${1:?usage: $0 [-n PAIRS] acquire CONNECTIONS THREADS | attach HELD}
shift
jar=benchmarks/target/benchmarks.jar
declare -A runs
for _ in $(seq "$pairs"); do
  for pool in tether jetty-concurrent; do
    if [ "$mode" = acquire ]; then
      line=$(java -cp "$jar" dev.tether.benchmarks.CpuPerOp acquire "$pool" "$1" "$2" 2>/dev/null | tail -1)
    else
      line=$(java -cp "$jar" dev.tether.benchmarks.CpuPerOp attach "$pool" "$1" 2>/dev/null | tail -1)
    fi
    echo "$line"
    # one figure per run: the slowest thread's
    runs[$pool]="${runs[$pool]:-} $(echo "$line" | sed 's/.*cpu-ns\/op//' | tr ' ' '\n' | sort -n | tail -1)"
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR + 1) / 2)]}'; }
t=$(median ${runs[tether]}); j=$(median ${runs[jetty-concurrent]})
echo "median cpu-ns/op: tether $t, jetty-concurrent $j, tether/jetty $(awk -v a="$t" -v b="$j" 'BEGIN {printf "%.2f", a / b}')"
