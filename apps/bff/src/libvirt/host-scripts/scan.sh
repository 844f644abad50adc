#!/bin/bash
#
# Sees byte-moving storage work that libvirtd does for anyone (a terminal's virsh,
# virt-manager, Poolwatch itself): once a second it lists libvirtd's children named
# qemu-img or scrub and libvirtd's own fds open on a file inside the given pool targets.
# Self-contained (no other script, no state on the host) so a long-lived host agent can
# run it as is.
#
# `bash -c SCAN poolwatch-scan`; stdin: pool target directories, each NUL-terminated, then
# one empty entry (a lone NUL); then commands, one per line:
#   `K <pid> <start> <argv hex>`: SIGTERM that child if it is still libvirtd's child with
#   that start time and exactly that argv (never a pattern, never a name).
# EOF on stdin ends the scan.
#
# libvirtd's pid: /run/libvirtd.pid (or /var/run), else the process holding the listening
# socket /run/libvirt/libvirt-sock (found by its inode in /proc/net/unix), in this script's
# mount namespace. Never by name.
#
# stdout, one record per line (paths and argv are hex, so any byte survives):
#   `D <pid>`                              libvirtd found (again after a restart)
#   `U <reason>`                           cannot see libvirtd or read its /proc (once)
#   `S <epoch s.us>`                       a sample starts; then its records; then `E`
#   `C <pid> <start> <rchar> <wchar> <argv hex, NUL-separated>`   qemu-img / scrub child
#   `O <fd> <flags octal> <pos> <path hex>`                       libvirtd fd in a pool
#   `k <pid>` SIGTERM sent; `x <pid> <why>` refused (gone, argv or start time differ)
set -u
trap '' PIPE
roots=()
while IFS= read -r -d '' root; do
  [ -z "$root" ] && break
  roots+=("${root%/}/")
done
daemon=
reported=

hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }
file_hex() { od -An -tx1 -v < "$1" 2>/dev/null | tr -d ' \n'; }
say_once() { [ "$reported" = "$1" ] || printf 'U %s\n' "$1"; reported=$1; }

# Field 22 of /proc/<pid>/stat (start time in clock ticks), after the ")" of comm.
start_of() {
  local stat rest
  { IFS= read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 1
  rest=${stat##*) }
  read -r -a f <<< "$rest"
  printf '%s' "${f[19]}"
}
ppid_of() {
  local stat rest
  { IFS= read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 1
  rest=${stat##*) }
  read -r -a f <<< "$rest"
  printf '%s' "${f[1]}"
}

# A candidate counts only in this script's mount namespace: containers and private daemons
# (field notes) share the network namespace, so /proc/net/unix lists every daemon's socket
# under the same path.
ours() { [ "$(readlink "/proc/$1/ns/mnt" 2>/dev/null)" = "$(readlink /proc/self/ns/mnt)" ]; }

find_daemon() {
  local f p line inode
  local -a inodes=() w
  for f in /run/libvirtd.pid /var/run/libvirtd.pid; do
    { IFS= read -r p < "$f"; } 2>/dev/null || continue
    if [ -n "$p" ] && [ -d "/proc/$p" ] && ours "$p"; then daemon=$p; return 0; fi
  done
  while IFS= read -r line; do
    case $line in *' /run/libvirt/libvirt-sock') read -r -a w <<< "$line"; inodes+=("${w[6]}");; esac
  done < /proc/net/unix
  for inode in "${inodes[@]}"; do
    # One find over every process's fds (a readlink per fd would fork thousands of times).
    while IFS= read -r f; do
      p=${f#/proc/}; p=${p%%/*}
      if ours "$p"; then daemon=$p; return 0; fi
    done < <(find /proc/[0-9]*/fd -maxdepth 1 -lname "socket:\\[$inode\\]" 2>/dev/null)
  done
  return 1
}

children() {
  local p c start argv line r w
  for p in /proc/[0-9]*; do
    { IFS= read -r c < "$p/comm"; } 2>/dev/null || continue
    [ "$c" = qemu-img ] || [ "$c" = scrub ] || continue
    [ "$(ppid_of "${p#/proc/}")" = "$daemon" ] || continue
    start=$(start_of "${p#/proc/}") || continue
    r='' w=''
    { while IFS= read -r line; do
        case $line in rchar:*) r=${line#rchar: };; wchar:*) w=${line#wchar: };; esac
      done < "$p/io"; } 2>/dev/null
    [ -n "$r" ] || { say_once "cannot read $p/io as $(id -un)"; continue; }
    argv=$(file_hex "$p/cmdline") || continue
    printf 'C %s %s %s %s %s\n' "${p#/proc/}" "$start" "$r" "$w" "$argv"
  done
}

fds() {
  local entry t root fd line pos flags
  # fd number and link target, NUL-separated: one process per sample, any byte in a path.
  while IFS= read -r -d '' entry; do
    fd=${entry%% *} t=${entry#* }
    for root in "${roots[@]}"; do
      [[ $t == "$root"* ]] || continue
      pos='' flags=''
      { while IFS= read -r line; do
          case $line in pos:*) pos=${line#pos:};; flags:*) flags=${line#flags:};; esac
        done < "/proc/$daemon/fdinfo/$fd"; } 2>/dev/null
      [ -n "$pos" ] || continue
      printf 'O %s %s %s %s\n' "$fd" "${flags//[[:space:]]/}" "${pos//[[:space:]]/}" "$(hex "$t")"
      break
    done
  done < <(find "/proc/$daemon/fd" -mindepth 1 -maxdepth 1 -type l -printf '%f %l\0' 2>/dev/null)
}

kill_child() {
  local pid=$1 start=$2 argv=$3
  if [ ! -d "/proc/$pid" ] || [ "$(ppid_of "$pid")" != "$daemon" ]; then
    printf 'x %s gone\n' "$pid"; return
  fi
  if [ "$(start_of "$pid")" != "$start" ] || [ "$(file_hex "/proc/$pid/cmdline")" != "$argv" ]; then
    printf 'x %s not the same process\n' "$pid"; return
  fi
  kill -TERM "$pid" 2>/dev/null && printf 'k %s\n' "$pid"
}

while :; do
  if IFS= read -r -t 1 cmd; then
    read -r -a words <<< "$cmd"
    [ "${words[0]-}" = K ] && [ "${#words[@]}" -eq 4 ] && kill_child "${words[1]}" "${words[2]}" "${words[3]}"
    continue
  elif [ $? -le 128 ]; then
    exit 0
  fi
  if [ -z "$daemon" ] || [ ! -d "/proc/$daemon" ]; then
    daemon=
    if find_daemon; then printf 'D %s\n' "$daemon"; reported=; else say_once 'libvirtd not found (no /run/libvirtd.pid, no owner of /run/libvirt/libvirt-sock)'; continue; fi
  fi
  [ -r "/proc/$daemon/fdinfo" ] || { say_once "cannot read /proc/$daemon/fdinfo as $(id -un)"; continue; }
  printf 'S %s\n' "$EPOCHREALTIME"
  children
  fds
  printf 'E\n'
done
