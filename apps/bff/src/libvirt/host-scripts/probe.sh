#!/bin/bash
#
# Watches a process libvirt runs for a storage job (its `qemu-img convert` child for a
# clone with a format change, its `scrub` child for a wipe) and reports the bytes it moved.
#
# `bash -c PROBE poolwatch-probe <comm>`; stdin: the volume path, NUL-terminated, then
# commands, one per line: `K` = from now on, SIGTERM every process named <comm> whose
# argv holds that path (libvirt then fails the call and removes a target it created).
# EOF on stdin ends the probe. The match is on an exact argv entry, read NUL-separated from
# /proc/<pid>/cmdline, never on a pattern.
#
# stdout: `F <pid>` when found, `P <epoch s> <rchar> <wchar>` five times a second
# (/proc/<pid>/io: bytes read and written through syscalls), `G <pid>` when it is gone,
# `U <reason>` when /proc of that process cannot be read (not root, hidepid...).
set -u
trap '' PIPE
comm_name=${1-}
IFS= read -r -d '' path || { printf 'U no path given\n'; exit 90; }
pid=
killing=
unreadable=
find_pid() {
  local p c
  local -a argv
  for p in /proc/[0-9]*; do
    { IFS= read -r c < "$p/comm"; } 2>/dev/null || continue
    [ "$c" = "$comm_name" ] || continue
    mapfile -d '' -t argv 2>/dev/null < "$p/cmdline" || continue
    local a
    for a in "${argv[@]}"; do
      if [ "$a" = "$path" ]; then pid=${p#/proc/}; return 0; fi
    done
  done
  return 1
}
sample() {
  local line r='' w=''
  { while IFS= read -r line; do
      case $line in rchar:*) r=${line#rchar: };; wchar:*) w=${line#wchar: };; esac
    done < "/proc/$pid/io"; } 2>/dev/null
  if [ -z "$r" ]; then
    if [ -d "/proc/$pid" ]; then
      [ -n "$unreadable" ] || printf 'U ssh user %s cannot read /proc/%s/io of the storage daemon child\n' "$(id -un)" "$pid"
      unreadable=1
    fi
    return 1
  fi
  printf 'P %s %s %s\n' "$EPOCHREALTIME" "$r" "$w"
}
while :; do
  if IFS= read -r -t 0.2 cmd; then
    [ "$cmd" = K ] && killing=1
  elif [ $? -le 128 ]; then
    exit 0
  fi
  if [ -z "$pid" ]; then
    find_pid && printf 'F %s\n' "$pid"
  fi
  if [ -n "$pid" ]; then
    if [ -n "$killing" ]; then kill -TERM "$pid" 2>/dev/null; fi
    if [ -d "/proc/$pid" ]; then sample; else printf 'G %s\n' "$pid"; pid=; fi
  fi
done
