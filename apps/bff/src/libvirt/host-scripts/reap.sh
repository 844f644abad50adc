#!/bin/bash
#
# Stops what an interrupted job left running on a libvirt host (see
# apps/bff/src/storage/job-reconciler.ts): Poolwatch's own dd, libvirt's qemu-img or scrub.
#
# `bash -c REAP poolwatch-reap`; stdin: pairs `<comm>\0<argv entry>\0` that the job recorded
# when it started, then EOF. A process matches when its /proc/<pid>/comm equals <comm> and
# one entry of its /proc/<pid>/cmdline (read NUL-separated) equals <argv entry> exactly:
# never a pattern. Matches get SIGTERM, then SIGKILL after 3 s if still there.
#
# stdout: `K <pid> <comm>` per process stopped, `X 0` at the end.
set -u
trap '' PIPE
declare -a comms=() entries=()
while IFS= read -r -d '' c && IFS= read -r -d '' e; do
  comms+=("$c"); entries+=("$e")
done
declare -a found=()
for p in /proc/[0-9]*; do
  pid=${p#/proc/}
  [ "$pid" = "$$" ] && continue
  { IFS= read -r c < "$p/comm"; } 2>/dev/null || continue
  for i in "${!comms[@]}"; do
    [ "$c" = "${comms[$i]}" ] || continue
    mapfile -d '' -t argv 2>/dev/null < "$p/cmdline" || continue
    for a in "${argv[@]}"; do
      if [ "$a" = "${entries[$i]}" ]; then
        kill -TERM "$pid" 2>/dev/null && found+=("$pid") && printf 'K %s %s\n' "$pid" "$c"
        break 2
      fi
    done
  done
done
for _ in $(seq 30); do
  alive=
  for pid in "${found[@]}"; do [ -d "/proc/$pid" ] && alive=1; done
  [ -z "$alive" ] && break
  sleep 0.1
done
for pid in "${found[@]}"; do [ -d "/proc/$pid" ] && kill -KILL "$pid" 2>/dev/null; done
printf 'X 0\n'
