#!/usr/bin/env bash
# CPU time a proxy spends per request: Tether's example proxy and HAProxy 2.6 (nbthread = cores,
# http-reuse = the policy), alternated, each in front of the same nginx origin (1 worker, `return
# 200`), each started cold and warmed up first. Two loads, as compare-haproxy.sh runs them:
#   --load oneshot    (default) wrk -t2 -c100 -H 'Connection: close': one request per connection
#                     (h1-close-always, h1-close-safe); default policy always
#   --load keepalive  wrk -t1 -c64, keep-alive (h1-wrk); default policy safe
#
#   benchmarks/e2e/cpu-per-request.sh [--load oneshot|keepalive] [--policy always|safe] [--warm S]
#                                     [--warm-rounds N] [--dur S] [--pairs N] [--accept4-shim]
#
# CPU per request = the proxy process's utime + stime (/proc/PID/stat, every thread) over the measured
# load, divided by wrk's requests. For Tether the same is split by thread (/proc/PID/task/*/stat):
# the event loops (proxy-N), the JIT compilers, the GC and VM threads, the rest. The default 20 s
# warm-up covers the JIT (a cold proxy compiles for about 18 s under this load); with less, the JIT
# column shows what is still compiling. --warm-rounds N (default 2) splits the warm-up into N runs of
# wrk, each with new connections: the first clients to leave and the next to arrive take paths the
# compiled code had left out, and the recompilation that follows (up to a fifth of the proxy's CPU
# in the next run on the keep-alive load) then falls in the warm-up, not in the measured run. Each
# run's line also gives the proxy's time in the kernel, nginx's CPU per request and the whole
# machine's (/proc/stat; idle near 0 means the two cores are saturated, so requests/s follows the
# CPU all processes spend per request). Then the medians, the median of the pairs' ratios, and what
# 1.2x HAProxy's requests/s would leave the proxy per request.
#
# --accept4-shim preloads benchmarks/e2e/accept4-shim.c (built with gcc) into Tether's JVM, so that
# its accept path makes the system calls HAProxy's makes: a measuring aid, which tells how much of the
# one-shot gap is the JDK's accept path (five calls per connection that no public API avoids).
# TETHER_PROXY_JAVA_OPTS (default -Xms256m -Xmx512m) sets the JVM flags, TETHER_JAR another build.
# Needs: nginx, haproxy, wrk, java 17. Everything listens on 127.0.0.1; every process is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/e2e/common.sh

load=oneshot policy="" warm=20 warm_rounds=2 dur=8 pairs=3 shim=0
while [ $# -gt 0 ]; do
  case "$1" in
    --load) load=$2; shift 2 ;;
    --policy) policy=$2; shift 2 ;;
    --warm) warm=$2; shift 2 ;;
    --warm-rounds) warm_rounds=$2; shift 2 ;;
    --dur) dur=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    --accept4-shim) shim=1; shift ;;
    *) echo "usage: $0 [--load oneshot|keepalive] [--policy always|safe] [--warm S] [--warm-rounds N] [--dur S] [--pairs N] [--accept4-shim]" >&2; exit 2 ;;
  esac
done
case "$load" in
  oneshot) wrk_args=(-t2 -c100 -H 'Connection: close'); policy=${policy:-always} ;;
  keepalive) wrk_args=(-t1 -c64); policy=${policy:-safe} ;;
  *) echo "--load takes oneshot or keepalive" >&2; exit 2 ;;
esac
check_warm_rounds "$warm" "$warm_rounds"
require_tools nginx haproxy wrk java
use_jar
tmp=$(mktemp -d /tmp/tether-cpu.XXXXXX)
pids=()
trap cleanup EXIT INT TERM

[ "$shim" = 1 ] && build_accept4_shim
start_h1_origin
origin_pid=${pids[-1]}

ticks() { # CPU ticks used since start: the proxy (all threads, per group, in the kernel), nginx, the machine:
  #         "ALL LOOPS JIT GCVM SYSTEM NGINX MACHINE-BUSY MACHINE-IDLE"
  local t comm rest kernel=0
  declare -A sum=([loops]=0 [jit]=0 [gcvm]=0 [other]=0)
  for t in /proc/"$proxy_pid"/task/*/stat; do
    read -r rest < "$t" 2>/dev/null || continue
    comm=${rest#*(}; comm=${comm%)*}; rest=${rest##*) }
    set -- $rest   # field 14 of stat (utime) is the 12th after the name
    case "$comm" in
      proxy-*) g=loops ;; *Compiler*) g=jit ;; GC*|G1*|VM*) g=gcvm ;; *) g=other ;;
    esac
    sum[$g]=$(( sum[$g] + ${12} + ${13} ))
    kernel=$(( kernel + ${13} ))
  done
  echo "$(( sum[loops] + sum[jit] + sum[gcvm] + sum[other] )) ${sum[loops]} ${sum[jit]} ${sum[gcvm]} $kernel" \
    "$(cat /proc/"$origin_pid"/task/*/stat $(pgrep -P "$origin_pid" | sed 's|.*|/proc/&/stat|') 2>/dev/null \
      | sed 's/.*) //' | awk '{s += $12 + $13} END {print s}')" \
    "$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat)"
}

hz=$(getconf CLK_TCK)
lines=()
one_run() { # tether|haproxy -> appends "proxy rps" and, in us per request, "all loops jit gcvm system nginx busy idle"
  local port; port=$(free_port)
  start_h1_proxy "$1" "$port" "$policy"
  for (( round = 0; round < warm_rounds; round++ )); do
    wrk "${wrk_args[@]}" -d"$(( warm / warm_rounds ))s" "http://127.0.0.1:$port/" > /dev/null 2>&1
  done
  local before after out reqs rps
  before=$(ticks)
  out=$(wrk "${wrk_args[@]}" -d"${dur}s" "http://127.0.0.1:$port/" 2>&1)
  after=$(ticks)
  kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  # Only the ticks used while the measured load ran (after minus before) count, not the warm-up's.
  lines+=("$1 $rps $(printf '%s\n' $before $after | paste -s -d' ' \
    | awk -v r="$reqs" -v hz="$hz" '{for (i = 1; i <= 8; i++) printf "%.1f ", ($(i + 8) - $i) / hz * 1e6 / r}')")
  echo "${lines[-1]}" | awk '{printf "%-8s %9s req/s  %6s us CPU/request (loops %s, JIT %s, GC+VM %s; in the kernel %s);" \
    " nginx %s, the machine busy %s, idle %.1f%%\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, 100 * $10 / ($9 + $10)}'
}

echo "load $load (wrk ${wrk_args[*]}), policy $policy, ${warm}s warm-up in $warm_rounds round(s), ${dur}s measured, $pairs pairs;" \
  "accept4 shim: $([ "$shim" = 1 ] && echo on || echo off); java: $(java -version 2>&1 | head -1)"
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
# What 1.2x HAProxy's requests/s would leave the proxy on this machine, from each HAProxy run: the
# machine's busy CPU per request divided by 1.2, less what everything but the proxy used per request
# (nginx, wrk, the kernel's share of both). Meaningful while the machine is saturated (idle near 0).
printf '1.2x haproxy req/s would leave the proxy %s us CPU/request (median of the haproxy runs); haproxy spends %s us of its own in the kernel\n' \
  "$(printf '%s\n' "${lines[@]}" | awk '$1=="haproxy" {printf "%.1f\n", $9 / 1.2 - ($9 - $3)}' | median)" \
  "$(printf '%s\n' "${lines[@]}" | awk '$1=="haproxy" {print $7}' | median)"
