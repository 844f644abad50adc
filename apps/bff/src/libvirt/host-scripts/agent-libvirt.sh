#!/bin/bash
# shellcheck disable=SC2154  # ROOT, field, say, slurp, start_time, number: defined in agent.sh
#
# Prelude of the host agent (libvirt/host-shell.ts puts it before agent.sh): libvirt's own
# long calls run detached like dd. `start <jobId> virsh <child> <child path> <total> <xml>
# <xml slot> <argc> <argv...>` launches `virsh -c qemu:///system <argv>` in the job wrapper,
# so the virsh client outlives the BFF and the link, and its exit status and stderr
# (libvirt's reason) land in the state directory. <xml> (may be empty) is written to
# <state dir>/volume.xml and replaces argv entry number <xml slot> (`-`: none).
#
# libvirtd does the work in a child (<child>: qemu-img for vol-create-from with a format
# change, scrub for vol-wipe) whose argv holds <child path> as one exact entry; the agent
# finds it, records it (state dir `child`, `childstart`: pid + start time) and reports
#   I <jobId> <child> <epoch s> <rchar> <wchar>   (/proc/<child>/io; the BFF counts them)
# Cancel SIGTERMs that child (never virsh: libvirt would go on without its client), only
# while it is still the recorded process; libvirt then fails the call and removes the
# target it created. When virsh ends while the child still runs (virsh killed by someone),
# the child is stopped too, and the end is reported only once it is gone.
LIBVIRT_URI=qemu:///system

# Reads the call's fields (all of them first, so the command stream stays in step) into
# virsh_child, virsh_path, virsh_total, virsh_xml and virsh_argv. <id> <state dir>
read_virsh_call() {
  local id=$1 dir=$2 slot n i a ok=1
  field virsh_child; field virsh_path; field virsh_total; field virsh_xml; field slot; field n
  number "$n" || { say "E $id not an argument count"; return 1; }
  virsh_argv=(env LC_ALL=C virsh -c "$LIBVIRT_URI")
  for ((i = 0; i < n; i++)); do
    field a
    [ "$i" = "$slot" ] && a=$dir/volume.xml
    virsh_argv+=("$a")
  done
  case $virsh_child in qemu-img|scrub) ;; *) say "E $id unknown libvirt child"; ok=;; esac
  number "$virsh_total" || { say "E $id not a byte count"; ok=; }
  [ -n "$virsh_path" ] || { say "E $id no child path"; ok=; }
  [ -n "$ok" ]
}

# Once the state directory exists: what the report loop needs to find the child again.
write_virsh_call() { # <state dir>
  printf '%s\n' "$virsh_child" > "$1/child-comm" &&
    { [ -z "$virsh_xml" ] || printf '%s' "$virsh_xml" > "$1/volume.xml"; }
}

is_libvirt_call() { [ -e "$1/child-comm" ]; }

# The recorded child is still the same process (same start time).
child_alive() { # <state dir>
  local pid; pid=$(slurp "$1/child")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && [ "$(start_time "$pid")" = "$(slurp "$1/childstart")" ]
}

# A process named <child> whose argv holds the target path as one exact entry (read
# NUL-separated from /proc/<pid>/cmdline, never a pattern); recorded with its start time.
find_libvirt_child() { # <state dir>
  local dir=$1 comm path p c a start
  local -a argv
  comm=$(slurp "$dir/child-comm"); path=$(slurp "$dir/target")
  for p in /proc/[0-9]*; do
    { IFS= read -r c < "$p/comm"; } 2>/dev/null || continue
    [ "$c" = "$comm" ] || continue
    mapfile -d '' -t argv 2>/dev/null < "$p/cmdline" || continue
    for a in "${argv[@]}"; do
      [ "$a" = "$path" ] || continue
      start=$(start_time "${p#/proc/}") || continue 2
      printf '%s\n' "$start" > "$dir/childstart"
      printf '%s\n' "${p#/proc/}" > "$dir/child.tmp" && mv -f "$dir/child.tmp" "$dir/child"
      return 0
    done
  done
  return 1
}

stop_libvirt_child() { # <state dir>: SIGTERM the recorded child if it is still that process
  child_alive "$1" && kill -TERM "$(slurp "$1/child")" 2>/dev/null
}

# Jobs whose watcher has been told that their child is held (H): told once per watch.
declare -A held_told=()
# One progress line for a running libvirt call: the child's /proc io counters. The child is
# moved into the job's cgroups first (job-control.sh), and the watcher told once:
#   H <jobId> <child> <freeze 0|1> <throttle 0|1> <direct 0|1>
report_libvirt_child() { # <id> <state dir>
  local id=$1 dir=$2 pid line r='' w='' hold
  child_alive "$dir" || find_libvirt_child "$dir" || return 0
  [ -e "$dir/cancelled" ] && stop_libvirt_child "$dir"
  pid=$(slurp "$dir/child")
  if [ -z "${held_told[$id]:-}" ] && cg_hold_child "$id" "$pid" && hold=$(cg_child_hold "$id" "$pid"); then
    say "H $id $(slurp "$dir/child-comm") $hold"; held_told[$id]=1
  fi
  { while IFS= read -r line; do
      case $line in rchar:*) r=${line#rchar: };; wchar:*) w=${line#wchar: };; esac
    done < "/proc/$pid/io"; } 2>/dev/null
  [ -n "$r" ] && [ -n "$w" ] && say "I $id $(slurp "$dir/child-comm") $EPOCHREALTIME $r $w"
  return 0
}

# virsh has ended: is libvirt's child still at work (its client killed)? Then stop it and
# report the end later, once libvirt has failed the call and removed what it created.
libvirt_child_lingers() { # <state dir>
  is_libvirt_call "$1" || return 1
  [ "$(slurp "$1/exit")" = 0 ] && return 1
  child_alive "$1" || find_libvirt_child "$1" || return 1
  stop_libvirt_child "$1"
  return 0
}
