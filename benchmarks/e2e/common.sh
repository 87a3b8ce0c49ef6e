# Shell functions the e2e scripts share; sourced, never run. The sourcing script sets `tmp` (a
# scratch directory) and `pids` (the processes it started) before any function below runs.

# True if the jar $1 is missing or a source file of the modules it holds is newer than it.
jar_is_stale() {
  [ ! -f "$1" ] || [ -n "$(find core/src/main http1/src/main http2/src/main examples/src/main -newer "$1" -type f -print -quit 2>/dev/null)" ]
}

# Stops every process in `pids`, waits for them, and removes `tmp`. Installed as the exit trap.
cleanup() {
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && wait "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}

# A port below the ephemeral range (where the loads' and proxies' outgoing connections take their
# local ports, which a bind would collide with) that nothing listens on.
ephemeral_low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
  local p
  while :; do
    p=$(( 10000 + RANDOM % (ephemeral_low - 10000) ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

# Waits up to 15 s for a listener on port $1.
wait_port() {
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2; return 1
}
