#!/usr/bin/env bash
# Soak: the example proxy under a long chaos run, then clean load, watched for leaks.
#
#   benchmarks/soak.sh [--minutes 10] [--backend h1|h2c] [--clients 64] [--seed 1]
#
# Runs `chaos` (the proxy as a child process, the embedded origin injecting every fault at 5 %) for
# the first half of the time and clean load (faults off, same proxy) for the second half, sampling
# the proxy's open files, heap after a full GC, threads and open backend connections every 10 s.
# Writes samples.csv, soak.svg (one panel per figure, the phase change marked), chaos.txt (the
# summary) and chaos.json under benchmarks/results/soak-<UTC time>/, and prints as its last line the
# chaos JSON (requests, ok, cleanErrors, wrong, lost, replays, backendConnections, fdStart, fdEnd,
# heapStartMb, heapEndMb, ...). The goals: wrong = 0, lost = 0, flat files and heap.
#
# Needs java 17 (with jcmd for the heap) and the examples jar (examples/target/tether-examples.jar,
# built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=10
backend=h1
clients=64
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --backend) backend=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "usage: $0 [--minutes N] [--backend h1|h2c] [--clients N] [--seed N]" >&2; exit 2 ;;
  esac
done
[ "$minutes" -ge 1 ] || { echo "--minutes must be >= 1" >&2; exit 2; }

jar=examples/target/tether-examples.jar
[ -f "$jar" ] || mvn -B -q -DskipTests -pl examples -am package
out=benchmarks/results/soak-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
total=$(( minutes * 60 ))
faulted=$(( total / 2 ))
clean=$(( total - faulted ))
policy=safe
[ "$backend" = h2c ] && policy=always
{ uname -srm; nproc; java -version 2>&1 | head -1; git rev-parse --short HEAD 2>/dev/null || true; } > "$out/machine.txt"

echo "soak: $minutes min ($faulted s of faults, then $clean s clean), backend $backend, $clients clients -> $out" >&2
java -jar "$jar" chaos --seconds "$faulted" --clean-seconds "$clean" --clients "$clients" --backend "$backend" \
  --policy "$policy" --faults all --seed "$seed" --sample-csv "$out/samples.csv" --sample-seconds 10 --json \
  | tee "$out/chaos.txt"
tail -1 "$out/chaos.txt" > "$out/chaos.json"

# ---- the chart: one panel per figure over time; the dashed line is where the faults stopped -----------
awk -F, -v faulted="$faulted" -v title="Tether proxy soak: $minutes min, $backend backend, $clients clients" '
  NR == 1 { next }
  { n++; t[n] = $1; v[1, n] = $3; v[2, n] = $4; v[3, n] = $5; v[4, n] = $6 }
  END {
    split("open files|heap after GC (MiB)|threads|open backend connections", name, "|")
    W = 1000; PW = 440; PH = 150; tmax = t[n] > 0 ? t[n] : 1
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"420\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n", W
    printf "<rect width=\"%d\" height=\"420\" fill=\"white\"/>\n", W
    printf "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>\n", title
    for (p = 1; p <= 4; p++) {
      ox = 60 + ((p - 1) % 2) * 480; oy = 50 + int((p - 1) / 2) * 185
      max = 0; for (i = 1; i <= n; i++) if (v[p, i] > max) max = v[p, i]
      max = max > 0 ? max * 1.2 : 1
      printf "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n", ox, oy - 6, name[p]
      printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n", ox, oy, PW, PH
      printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#555\">%.0f</text>\n", ox - 4, oy + 10, max
      printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#555\">0</text>\n", ox - 4, oy + PH
      printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#555\">%d s</text>\n", ox + PW, oy + PH + 14, tmax
      fx = ox + faulted / tmax * PW
      printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>\n", fx, oy, fx, oy + PH
      pts = ""
      for (i = 1; i <= n; i++) {
        if (v[p, i] < 0) continue
        pts = pts sprintf("%.1f,%.1f ", ox + t[i] / tmax * PW, oy + PH - v[p, i] / max * PH)
      }
      printf "<polyline points=\"%s\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\"/>\n", pts
    }
    printf "<text x=\"10\" y=\"410\" fill=\"#555\">sampled every 10 s in the proxy process; red dashes: faults switched off, clean load from there on</text>\n"
    print "</svg>"
  }' "$out/samples.csv" > "$out/soak.svg"

echo "results: $out (samples.csv, soak.svg, chaos.txt, chaos.json, machine.txt)" >&2
tail -1 "$out/chaos.txt"
