#!/usr/bin/env bash
# CPU time a proxy spends per one-shot request (wrk -t2 -c100 -H 'Connection: close'): Tether's
# example proxy and HAProxy 2.6 (nbthread = cores, http-reuse = the policy), alternated, each in front
# of the same nginx origin (1 worker, `return 200`), each started cold and warmed up first.
#
#   benchmarks/e2e/cpu-per-request.sh [--policy always|safe] [--warm S] [--dur S] [--pairs N]
#
# CPU per request = the proxy process's utime + stime (/proc/PID/stat, every thread) over the measured
# load, divided by wrk's requests. For Tether the same is split by thread (/proc/PID/task/*/stat):
# the event loops (proxy-N), the JIT compilers, the GC and VM threads, the rest. The default 20 s
# warm-up covers the JIT (a cold proxy compiles for about 18 s under this load); with less, the JIT
# column shows what is still compiling. Prints one line per run, the medians, and the median of the
# pairs' ratios.
#
# TETHER_PROXY_JAVA_OPTS (default -Xms256m -Xmx512m) sets the JVM flags, TETHER_JAR another build.
# Needs: nginx, haproxy, wrk, java 17. Everything listens on 127.0.0.1; every process is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/e2e/common.sh

policy=always warm=20 dur=8 pairs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --policy) policy=$2; shift 2 ;;
    --warm) warm=$2; shift 2 ;;
    --dur) dur=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    *) echo "usage: $0 [--policy always|safe] [--warm S] [--dur S] [--pairs N]" >&2; exit 2 ;;
  esac
done
require_tools nginx haproxy wrk java
use_jar
tmp=$(mktemp -d /tmp/tether-cpu.XXXXXX)
pids=()
trap cleanup EXIT INT TERM

start_h1_origin

ticks() { # CPU ticks the proxy has used since it started, all threads then per group: "ALL LOOPS JIT GCVM"
  local t comm rest
  declare -A sum=([loops]=0 [jit]=0 [gcvm]=0 [other]=0)
  for t in /proc/"$proxy_pid"/task/*/stat; do
    read -r rest < "$t" 2>/dev/null || continue
    comm=${rest#*(}; comm=${comm%)*}; rest=${rest##*) }
    set -- $rest   # field 14 of stat (utime) is the 12th after the name
    case "$comm" in
      proxy-*) g=loops ;; *Compiler*) g=jit ;; GC*|G1*|VM*) g=gcvm ;; *) g=other ;;
    esac
    sum[$g]=$(( sum[$g] + ${12} + ${13} ))
  done
  echo "$(( sum[loops] + sum[jit] + sum[gcvm] + sum[other] )) ${sum[loops]} ${sum[jit]} ${sum[gcvm]}"
}

hz=$(getconf CLK_TCK)
lines=()
one_run() { # tether|haproxy -> appends "proxy rps us-all us-loops us-jit us-gcvm"
  local port; port=$(free_port)
  start_h1_proxy "$1" "$port" "$policy"
  wrk -t2 -c100 -d"${warm}s" -H 'Connection: close' "http://127.0.0.1:$port/" > /dev/null 2>&1
  local before after out reqs rps
  before=$(ticks)
  out=$(wrk -t2 -c100 -d"${dur}s" -H 'Connection: close' "http://127.0.0.1:$port/" 2>&1)
  after=$(ticks)
  kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  # Only the ticks used while the measured load ran (after minus before) count, not the warm-up's.
  lines+=("$1 $rps $(printf '%s\n' $before $after | paste -s -d' ' \
    | awk -v r="$reqs" -v hz="$hz" '{for (i = 1; i <= 4; i++) printf "%.1f ", ($(i + 4) - $i) / hz * 1e6 / r}')")
  echo "${lines[-1]}" | awk '{printf "%-8s %9s req/s  %6s us CPU/request (loops %s, JIT %s, GC+VM %s)\n", $1, $2, $3, $4, $5, $6}'
}

echo "policy $policy, ${warm}s warm-up, ${dur}s measured, $pairs pairs; java: $(java -version 2>&1 | head -1)"
for _ in $(seq 1 "$pairs"); do
  one_run tether
  one_run haproxy
done
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for p in tether haproxy; do
  printf '%s median: %s req/s, %s us CPU/request (loops %s)\n' "$p" \
    "$(printf '%s\n' "${lines[@]}" | awk -v p="$p" '$1==p {print $2}' | median)" \
    "$(printf '%s\n' "${lines[@]}" | awk -v p="$p" '$1==p {print $3}' | median)" \
    "$(printf '%s\n' "${lines[@]}" | awk -v p="$p" '$1==p {print $4}' | median)"
done
# Each pair's ratio (Tether's run over the HAProxy run after it), then their median: the figure to
# compare between builds, since both proxies' CPU per request moves with the machine from pair to pair.
pair_ratios() { printf '%s\n' "${lines[@]}" | awk -v f="$1" '$1=="tether" {t=$f} $1=="haproxy" {printf "%.2f\n", t / $f}'; }
printf 'tether / haproxy, median of the pairs: %sx CPU/request, %sx req/s\n' \
  "$(pair_ratios 3 | median)" "$(pair_ratios 2 | median)"
