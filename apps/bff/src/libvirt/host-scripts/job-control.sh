# shellcheck shell=bash disable=SC2154  # ROOT, say and slurp come from agent.sh, which host-shell appends
#
# Pause, resume and bandwidth limits of the agent's detached jobs (issue 11; ARCHITECTURE.md
# "Pause, resume, limits"). host-shell puts this text before agent.sh. Each job gets its own
# cgroups, which its wrapper joins before it starts the worker (the list is in <dir>/cgroups),
# so every byte the worker moves is charged from the first one:
#   v1 (this kernel): freezer/poolwatch/<id> (freezer.state) and blkio/poolwatch/<id>
#       (blkio.throttle.read_bps_device / write_bps_device; v1 charges only direct I/O,
#       which is why the movers' dd writes with oflag=direct);
#   v2: poolwatch/<id> (cgroup.freeze, io.max "MAJ:MIN rbps= wbps=");
#   neither freezer: pause = SIGSTOP/SIGCONT of the job's process group (setsid made it one).
# Limits go to the whole disks under the source and the target (a partition's throttle is
# refused by the kernel); a path on no block device (tmpfs, NFS) cannot be limited.
# Commands: pause <id> | resume <id> | limit <id> <bytes/s|none>. Answer, one line:
#   C <id> <pause|resume|limit> ok <what enforces it>   or   C <id> <verb> no <why>
# A limit sent before `start` is kept and applied by start before the worker runs (start
# answers that C line before its S line, or refuses with E when it cannot be enforced).
CG=${POOLWATCH_CGROUP_ROOT:-/sys/fs/cgroup}
declare -A pending_limit=()
cg_mode() {
  if [ -e "$CG/cgroup.controllers" ]; then echo v2
  elif [ -d "$CG/blkio" ] || [ -d "$CG/freezer" ]; then echo v1
  else echo none; fi
}
cg_freezer() { case $(cg_mode) in v2) echo "$CG/poolwatch/$1";; v1) [ -d "$CG/freezer" ] && echo "$CG/freezer/poolwatch/$1";; esac; }
cg_blkio() { case $(cg_mode) in v2) echo "$CG/poolwatch/$1";; v1) [ -d "$CG/blkio" ] && echo "$CG/blkio/poolwatch/$1";; esac; }
# The whole disk (MAJ:MIN) a path's bytes land on; nothing for tmpfs, NFS, /dev/zero.
cg_disk_of() {
  local p=$1 dev sys
  if [ -b "$p" ]; then dev=$(stat -L -c '%Hr:%Lr' -- "$p") || return 1
  else dev=$(stat -L -c '%Hd:%Ld' -- "$p") || return 1; fi
  sys=/sys/dev/block/$dev
  [ -e "$sys" ] || return 1
  if [ -e "$sys/partition" ]; then slurp "$sys/../dev"; else printf '%s' "$dev"; fi
}
# <id> <path>...: makes the job's cgroups and records them and the disks in its state dir.
# The wrapper joins the groups in <dir>/cgroups. A libvirt call's groups go to
# <dir>/child-cgroups instead: its bytes are moved by libvirtd's child (qemu-img, scrub),
# which cg_hold_child moves in once found; the virsh client stays out, because a frozen
# client would miss libvirtd's keepalive and lose the call.
cg_prepare() {
  local id=$1 dir=$ROOT/$1 g p d list=cgroups; shift
  : > "$dir/cgroups"; : > "$dir/child-cgroups"; : > "$dir/disks"
  is_libvirt_call "$dir" && list=child-cgroups
  if [ "$(cg_mode)" = v2 ]; then
    # io must be enabled from the root down; poolwatch/ holds no process (v2's rule).
    printf '+io\n' > "$CG/cgroup.subtree_control" 2>/dev/null
    mkdir -p "$CG/poolwatch" 2>/dev/null && printf '+io\n' > "$CG/poolwatch/cgroup.subtree_control" 2>/dev/null
  fi
  for g in "$(cg_freezer "$id")" "$(cg_blkio "$id")"; do
    [ -n "$g" ] && mkdir -p "$g" 2>/dev/null && ! grep -qxF -- "$g" "$dir/$list" && printf '%s\n' "$g" >> "$dir/$list"
  done
  for p in "$@"; do
    d=$(cg_disk_of "$p") && ! grep -qxF -- "$d" "$dir/disks" && printf '%s\n' "$d" >> "$dir/disks"
  done
  [ -n "${pending_limit[$id]:-}" ] || return 0
  local bps=${pending_limit[$id]} out; unset "pending_limit[$id]"
  out=$(cg_set_limit "$id" "$bps") || { say "E $id the bandwidth limit cannot be enforced: $out"; return 1; }
  say "C $id limit ok $out"
}
# <id> <bytes/s|none>: writes the limit for every disk; prints what enforces it, or why not.
cg_set_limit() {
  local id=$1 bps=$2 g d mode; local -a disks
  g=$(cg_blkio "$id"); mode=$(cg_mode)
  { [ -n "$g" ] && [ -d "$g" ]; } || { echo "no blkio or io cgroup on this host's kernel"; return 1; }
  mapfile -t disks < "$ROOT/$id/disks"
  [ "${#disks[@]}" -gt 0 ] || { echo "source and target are on no block device (tmpfs, NFS): the kernel cannot charge this I/O"; return 1; }
  for d in "${disks[@]}"; do
    if [ "$mode" = v2 ]; then
      if [ "$bps" = none ]; then printf '%s rbps=max wbps=max\n' "$d"; else printf '%s rbps=%s wbps=%s\n' "$d" "$bps" "$bps"; fi > "$g/io.max" || { echo "io.max refused $d"; return 1; }
    else
      local v=$bps; [ "$bps" = none ] && v=0
      { printf '%s %s\n' "$d" "$v" > "$g/blkio.throttle.read_bps_device" &&
        printf '%s %s\n' "$d" "$v" > "$g/blkio.throttle.write_bps_device"; } 2>/dev/null || { echo "blkio.throttle refused $d"; return 1; }
    fi
  done
  if [ "$mode" = v2 ]; then echo "cgroup v2 io.max on ${disks[*]}"; else echo "cgroup v1 blkio.throttle on ${disks[*]}"; fi
}
# <id> <pid>: moves libvirt's child (all its threads: v1 and v2 cgroup.procs move the whole
# thread group; threads it makes later are born inside) into the job's cgroups, so the
# freezer holds it and blkio charges it. Records `held` (pid + start) once every group has it.
cg_hold_child() {
  local dir=$ROOT/$1 pid=$2 g
  [ "$(slurp "$dir/held")" = "$pid $(slurp "$dir/childstart")" ] && return 0
  [ -s "$dir/child-cgroups" ] || return 1
  while IFS= read -r g; do
    [ -n "$g" ] || continue
    printf '%s\n' "$pid" > "$g/cgroup.procs" 2>/dev/null || return 1
    grep -qxF -- "$pid" "$g/cgroup.procs" || return 1
  done < "$dir/child-cgroups"
  printf '%s %s\n' "$pid" "$(slurp "$dir/childstart")" > "$dir/held"
}
# What holds a held child: "<freeze 0|1> <throttle 0|1> <direct 0|1>": in a freezer group,
# in a blkio/io group, and its fd on the target opened O_DIRECT (fdinfo flags 040000; v1
# blkio charges only direct I/O, buffered writeback is not charged to the group). Nothing
# while the child has no fd on the target yet.
cg_child_hold() { # <id> <pid>
  local dir=$ROOT/$1 pid=$2 target fz=0 th=0 fd flags direct=
  target=$(slurp "$dir/target")
  for fd in "/proc/$pid/fd/"*; do
    [ "$(readlink -- "$fd" 2>/dev/null)" = "$target" ] || continue
    flags=$(grep -m1 '^flags:' "/proc/$pid/fdinfo/${fd##*/}" 2>/dev/null) || continue
    if (( 8#${flags##*[[:space:]]} & 8#40000 )); then direct=1; else direct=0; break; fi
  done
  [ -n "$direct" ] || return 1
  local freezer blkio; freezer=$(cg_freezer "$1"); blkio=$(cg_blkio "$1")
  [ -n "$freezer" ] && grep -qxF -- "$freezer" "$dir/child-cgroups" && fz=1
  [ -n "$blkio" ] && grep -qxF -- "$blkio" "$dir/child-cgroups" && th=1
  printf '%s %s %s' "$fz" "$th" "$direct"
}
# Pause of a libvirt call acts on its child only, and only once the child is in the groups.
libvirt_child_held() { # <id>
  local dir=$ROOT/$1
  child_alive "$dir" && [ "$(slurp "$dir/held")" = "$(slurp "$dir/child") $(slurp "$dir/childstart")" ]
}
control_job() { # <verb> <id>
  local verb=$1 id=$2 dir=$ROOT/$2 bps g pgid st out _
  if [ "$verb" = limit ]; then
    field bps
    { [ "$bps" = none ] || number "$bps"; } || { say "C $id limit no not a byte rate"; return; }
    [ -d "$dir" ] || { pending_limit[$id]=$bps; return; } # applied by start
  fi
  [ -d "$dir" ] || { say "C $id $verb no no such job on this host"; return; }
  [ -e "$dir/exit" ] && { say "C $id $verb no the work has ended"; return; }
  case $verb in
    limit) if out=$(cg_set_limit "$id" "$bps"); then say "C $id limit ok $out"; else say "C $id limit no $out"; fi ;;
    pause|resume)
      g=$(cg_freezer "$id")
      if is_libvirt_call "$dir"; then
        libvirt_child_held "$id" || { say "C $id $verb no libvirt's $(slurp "$dir/child-comm") is not in the job's cgroup (not started yet, or already gone)"; return; }
        { [ -n "$g" ] && [ -d "$g" ]; } || { say "C $id $verb no no freezer cgroup on this host's kernel"; return; }
      fi
      if [ -n "$g" ] && [ -d "$g" ]; then
        if [ "$(cg_mode)" = v2 ]; then
          [ "$verb" = pause ] && st=1 || st=0
          printf '%s\n' "$st" > "$g/cgroup.freeze" || { say "C $id $verb no cgroup.freeze refused"; return; }
          say "C $id $verb ok cgroup v2 cgroup.freeze"
        else
          [ "$verb" = pause ] && st=FROZEN || st=THAWED
          printf '%s\n' "$st" > "$g/freezer.state" || { say "C $id $verb no freezer.state refused"; return; }
          # FREEZING until every task stopped: answer once the kernel says it holds.
          for _ in $(seq 100); do [ "$(slurp "$g/freezer.state")" = "$st" ] && break; sleep 0.02; done
          say "C $id $verb ok cgroup v1 freezer"
        fi
      else
        pgid=$(slurp "$dir/pgid")
        [ "$verb" = pause ] && st=STOP || st=CONT
        { [ -n "$pgid" ] && kill -"$st" -- "-$pgid" 2>/dev/null; } || { say "C $id $verb no the job's process group is gone"; return; }
        say "C $id $verb ok SIGSTOP/SIGCONT of the job's process group"
      fi
      if [ "$verb" = pause ]; then : > "$dir/paused"; else rm -f -- "$dir/paused"; fi ;;
  esac
}
# A paused worker must run again to receive a cancel's SIGTERM.
cg_thaw_for_cancel() { [ -e "$ROOT/$1/paused" ] && control_job resume "$1" >/dev/null; return 0; }
# Removes a finished job's cgroups (rmdir: the kernel refuses while a task is inside).
cg_remove() {
  local g; [ -e "$ROOT/$1/cgroups" ] || return 0
  while IFS= read -r g; do [ -n "$g" ] && rmdir -- "$g" 2>/dev/null; done < <(cat -- "$ROOT/$1/cgroups" "$ROOT/$1/child-cgroups" 2>/dev/null)
  return 0
}
