# shellcheck shell=bash
# shellcheck disable=SC2154  # LIBVIRT_URI: agent-libvirt.sh; say/field/valid_id/number/ROOT: agent.sh
#
# The host agent's change detection for pool directories (agent.sh calls dirs_set and
# dirs_tick). libvirt has no volume events, so the BFF used to re-read every running pool's
# vol-list every 2 s; that kept the host's libvirtd and sshd busy on an idle host. Instead the
# agent watches the target directories of the dir/fs/netfs pools the BFF names, once a second,
# without starting a process: creating, deleting or renaming a file changes its directory's
# mtime, and bash's own `-nt`/`-ot` (nanoseconds since bash 5.1) compare it with a reference
# file that carries the mtime last seen (`touch -r`, run only on a change). A `stat` a second
# per host cost about 0.3 % of a core here; inotify-tools is not on every host. Then:
# - the agent asks libvirt to refresh that pool (libvirt lists only what it has scanned: a
#   file copied in by hand is no volume until a refresh), in the background, so job progress
#   reports never wait for the daemon, and afterwards says `D <uuid>`;
# - the BFF re-reads that pool's vol-list.
# A size change inside a file changes no directory: the BFF's volume-cache size re-read
# keeps sizes fresh, and the BFF still re-lists every pool once a minute (the safety net).
#
# Protocol: stdin `dirs <n> (<uuid> <path>)×n` replaces the watched set and is answered
# `W <n>` (how many are watched) once their baseline is taken; stdout `D <uuid>`.
# Reference files: beside the jobs' state directories, one folder per agent (its pid): two
# BFFs watching one host must not take each other's changes. Set by dirs_set (agent.sh sets
# ROOT after this file); the folder goes when the agent exits, or with a later agent.
DIRS_REF=
declare -A dir_path=() dir_seen=() dir_refresh=()
dirs_next=0
dirs_set() {
  local n i uuid path
  field n
  number "$n" || { say "E - bad dirs count"; return; }
  dir_path=()
  dir_seen=()
  for ((i = 0; i < n; i++)); do
    field uuid
    field path
    valid_id "$uuid" && [ "${path:0:1}" = / ] && dir_path[$uuid]=$path
  done
  # Reference files of pools no longer named go; a new baseline for every named one.
  local d
  for d in "${ROOT%/*}"/dirs/*/; do
    d=${d%/}
    [ -d "$d" ] && [ ! -d "/proc/${d##*/}" ] && rm -rf -- "$d"
  done
  DIRS_REF=${ROOT%/*}/dirs/$$
  trap 'rm -rf -- "$DIRS_REF"' EXIT
  if ! { mkdir -p "$DIRS_REF" && rm -f -- "${DIRS_REF:?}"/*; }; then
    dir_path=() # nothing watched: the BFF polls these pools as before
    say "E - cannot keep reference files in $DIRS_REF"
  fi
  dirs_scan baseline
  say "W ${#dir_path[@]}"
}
dirs_tick() { # at most one scan a second, whatever the agent's own tick
  local now=${EPOCHREALTIME//[!0-9]/}
  ((now >= dirs_next)) || return 0
  dirs_next=$((now + 1000000))
  dirs_scan
}
dirs_scan() { # [baseline]
  local uuid path ref seen
  for uuid in "${!dir_path[@]}"; do
    path=${dir_path[$uuid]} ref=$DIRS_REF/$uuid seen=${dir_seen[$uuid]:-}
    if [ -d "$path" ]; then
      [ "$seen" = present ] && [ ! "$path" -nt "$ref" ] && [ ! "$path" -ot "$ref" ] && continue
      seen=present
    else
      [ "$seen" = missing ] && continue
      seen=missing
    fi
    if [ "${1:-}" = baseline ]; then dirs_remember "$uuid" "$seen"
    else dirs_changed "$uuid" "$seen"; fi
  done
}
dirs_remember() { # <uuid> <present|missing>: the directory's mtime, as of now, is the seen one
  dir_seen[$1]=$2
  [ "$2" = present ] && touch -r "${dir_path[$1]}" -- "$DIRS_REF/$1" 2>/dev/null
  return 0
}
dirs_changed() { # <uuid> <present|missing>
  local pid=${dir_refresh[$1]:-}
  # A refresh still running may have scanned the directory before this change: next tick.
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && return
  dirs_remember "$1" "$2"
  # A failed refresh (a pool busy with a clone, a user without access to the daemon) still
  # says D: the BFF's re-list sees what libvirt itself created.
  { env LC_ALL=C virsh -q -c "$LIBVIRT_URI" pool-refresh -- "$1" >/dev/null 2>&1; say "D $1"; } </dev/null &
  dir_refresh[$1]=$!
}
