# shellcheck shell=bash
# shellcheck disable=SC2154  # LIBVIRT_URI: agent-libvirt.sh; say/field/valid_id/number: agent.sh
#
# The host agent's change detection for pool directories (agent.sh calls dirs_set and
# dirs_tick). libvirt has no volume events, so the BFF used to re-read every running pool's
# vol-list every 2 s; that kept the host's libvirtd and sshd busy on an idle host. Instead the
# agent watches the target directories of the dir/fs/netfs pools the BFF names: one `stat` a
# second for all of them (inotify-tools is not on every host; a stat a second costs a few ms).
# Creating, deleting or renaming a file changes its directory's mtime and ctime. Then:
# - the agent asks libvirt to refresh that pool (libvirt lists only what it has scanned: a
#   file copied in by hand is no volume until a refresh), in the background, so job progress
#   reports never wait for the daemon, and afterwards says `D <uuid>`;
# - the BFF re-reads that pool's vol-list.
# A size change inside a file changes no directory: the BFF's volume-cache size re-read
# keeps sizes fresh, and the BFF still re-lists every pool once a minute (the safety net).
#
# Protocol: stdin `dirs <n> (<uuid> <path>)×n` replaces the watched set and is answered
# `W <n>` (how many are watched) once their baseline is taken; stdout `D <uuid>`.
declare -A dir_path=() dir_sig=() dir_refresh=()
dirs_next=0
dirs_set() {
  local n i uuid path
  field n
  number "$n" || { say "E - bad dirs count"; return; }
  dir_path=()
  dir_sig=()
  for ((i = 0; i < n; i++)); do
    field uuid
    field path
    valid_id "$uuid" && [ "${path:0:1}" = / ] && dir_path[$uuid]=$path
  done
  dirs_scan baseline
  say "W ${#dir_path[@]}"
}
dirs_tick() { # at most one scan a second, whatever the agent's own tick
  local now=${EPOCHREALTIME//[!0-9]/}
  ((now >= dirs_next)) || return 0
  dirs_next=$((now + 1000000))
  dirs_scan
}
dirs_scan() { # [baseline]: one stat for every watched directory
  ((${#dir_path[@]})) || return 0
  local -A now=()
  local rec uuid sig
  # `%n` last and NUL-terminated: a path may hold spaces or newlines; it starts with `/`,
  # the times never hold one.
  while IFS= read -r -d '' rec; do
    now[${rec#* * }]=${rec%% /*}
  done < <(stat -L --printf '%.9Y %.9Z %n\0' -- "${dir_path[@]}" 2>/dev/null)
  for uuid in "${!dir_path[@]}"; do
    sig=${now[${dir_path[$uuid]}]:--}
    if [ "${1:-}" = baseline ]; then dir_sig[$uuid]=$sig
    elif [ "$sig" != "${dir_sig[$uuid]:-}" ]; then dirs_changed "$uuid" "$sig"; fi
  done
}
dirs_changed() { # <uuid> <new signature>
  local pid=${dir_refresh[$1]:-}
  # A refresh still running may have scanned the directory before this change: next tick.
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && return
  dir_sig[$1]=$2
  # A failed refresh (a pool busy with a clone, a user without access to the daemon) still
  # says D: the BFF's re-list sees what libvirt itself created.
  { env LC_ALL=C virsh -q -c "$LIBVIRT_URI" pool-refresh -- "$1" >/dev/null 2>&1; say "D $1"; } </dev/null &
  dir_refresh[$1]=$!
}
