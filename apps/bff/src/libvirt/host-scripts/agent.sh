#!/bin/bash
# shellcheck disable=SC2016,SC2054  # the job wrapper is constant text for its own bash; dd options hold commas
#
# Poolwatch's host agent (see ARCHITECTURE.md, "Durable host-side jobs"): one long-lived
# bash per host, started over one SSH channel. It launches byte-moving work DETACHED from
# that channel (own session and process group via setsid, stdin /dev/null, output in
# files), so the work outlives the channel, the BFF and the SSH link; a restarted BFF starts
# a new agent, which finds the work again in its state directory:
#   /run/poolwatch/jobs/<jobId>/  op, target, total, base, pgid, pid, start (the pid's start
#   time from /proc/<pid>/stat: a pid is "the same process" only with the same start time),
#   stderr (the worker's), exit (its exit status, written by the wrapper when it ends),
#   cancelled (present once a cancel was asked).
#
# Protocol (`bash -c AGENT poolwatch-agent` over SSH). stdin: commands, every field
# NUL-terminated (data never reaches a shell parser):
#   start <jobId> copy <src> <dst> | start <jobId> zero <dst> <len>
#   start <jobId> allocate <dst> <off> <len>
#   start <jobId> virsh <child> <child path> <total> <xml> <xml slot> <argc> <argv...>
#     (libvirt's own long calls: agent-libvirt.sh, the prelude host-shell.ts puts first)
#   watch <jobId>    cancel <jobId>    forget <jobId>    list
#   pause <jobId>    resume <jobId>    limit <jobId> <bytes/s|none>   (job-control.sh)
#   dirs <n> (<pool uuid> <target path>)×n   watch pool directories (pool-dirs.sh)
# stdout, one line each:
#   R <launcher>                      ready (launcher: setsid; systemd is only detected)
#   S <jobId> <pid> <total>           started
#   P <jobId> <epoch s> <bytes>       progress of a watched job, 5 Hz (fdinfo pos of dd's fd 1)
#   I <jobId> <child> <epoch s> <rchar> <wchar>   the same for a libvirt call (its child's io)
#   H <jobId> <child> <freeze> <throttle> <direct>   libvirt's child is in the job's cgroups
#   X <jobId> <rc|cancelled> [stderr tail]   a watched job ended (exit status from the state dir)
#   G <jobId> <reason>                its work is gone: no exit status and no live process
#   N <jobId>                         no state directory for that job
#   J <jobId> <running|exited|gone> <rc|->   one line per state directory, then `L`
#   E <jobId|-> <message>             a command failed
#   C <jobId> <verb> <ok|no> <detail>  answer to pause/resume/limit (job-control.sh)
#   W <n>    D <pool uuid>             watching n pool directories; one changed (pool-dirs.sh)
# EOF on stdin ends the agent only: detached work keeps running.
set -u
trap '' PIPE HUP
# The override is for the agent's local unit tests only: SSH passes no environment.
ROOT=${POOLWATCH_AGENT_ROOT:-/run/poolwatch/jobs}
# The wrapper each job runs in (argv: state dir, then the worker's argv). TERM/INT/HUP are
# caught (not ignored: an ignored signal would be inherited by the worker through exec), so
# a cancel that signals the group still lets the wrapper record the worker's exit status.
WRAPPER='dir=$1; shift
trap : TERM INT HUP
while IFS= read -r g; do printf "%s\n" "$$" > "$g/cgroup.procs"; done 2>/dev/null < "$dir/cgroups"
"$@" </dev/null >/dev/null 2>"$dir/stderr" & c=$!
read -r -a st 2>/dev/null < "/proc/$c/stat" && printf "%s\n" "${st[21]}" > "$dir/start"
printf "%s\n" "$$" > "$dir/pgid"
printf "%s\n" "$c" > "$dir/pid"
wait "$c"; rc=$?
while kill -0 "$c" 2>/dev/null; do wait "$c"; rc=$?; done
printf "%s\n" "$rc" > "$dir/exit.tmp" && mv -f "$dir/exit.tmp" "$dir/exit"'
mkdir -p "$ROOT" && chmod 0700 "${ROOT%/*}" "$ROOT" 2>/dev/null
declare -A watched=()
# Jobs just watched whose dd has not written yet: polled every 20 ms (at most 25 times), so
# the first written byte is reported at once instead of at the next 200 ms tick.
declare -A fresh=()
say() { printf '%s\n' "$*"; }
field() { IFS= read -r -d '' "$1"; }
valid_id() { case $1 in ''|-*|*[!0-9a-f-]*) return 1;; esac; }
number() { case $1 in ''|*[!0-9]*) return 1;; esac; }
slurp() { local v=; { IFS= read -r v < "$1"; } 2>/dev/null; printf '%s' "$v"; }
# The start time (field 22 of /proc/<pid>/stat; comm, field 2, has no spaces for dd).
start_time() { local -a st; { read -r -a st < "/proc/$1/stat"; } 2>/dev/null && printf '%s' "${st[21]}"; }
alive() { # <dir>: the recorded worker is still the same process
  local pid; pid=$(slurp "$1/pid")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && [ "$(start_time "$pid")" = "$(slurp "$1/start")" ]
}
# The job's wrapper is still there: starting the worker, or recording its exit status right
# after it ended (a short wipe ends between two reports). Matched by its exact argv entry
# (the state dir), not by the pid alone, which the kernel may have handed on.
wrapper_alive() { # <dir>
  local pgid a; local -a argv
  pgid=$(slurp "$1/pgid")
  [ -n "$pgid" ] && mapfile -d '' -t argv 2>/dev/null < "/proc/$pgid/cmdline" || return 1
  for a in "${argv[@]}"; do [ "$a" = "$1" ] && return 0; done
  return 1
}
state_of() { # <dir> -> running|exited|gone
  if [ -e "$1/exit" ]; then say exited
  elif alive "$1" || wrapper_alive "$1"; then say running
  # The exit status may have landed while we looked.
  elif [ -e "$1/exit" ]; then say exited
  else say gone; fi
}
launcher=setsid
[ -d /run/systemd/system ] && command -v systemd-run >/dev/null && launcher="setsid (systemd detected)"
# shellcheck disable=SC2154  # virsh_*: set by read_virsh_call (agent-libvirt.sh)
start_job() {
  local id=$1 op dir src dst len off total base=0
  field op
  dir=$ROOT/$id
  local -a argv
  case $op in
    copy) field src; field dst
      argv=(dd "if=$src" "of=$dst" bs=4M oflag=direct conv=notrunc,sparse status=none)
      [ -r "$src" ] || { say "E $id cannot read the source volume"; return; }
      total=$(stat -L -c %s -- "$src") || { say "E $id cannot stat the source volume"; return; } ;;
    zero) field dst; field len
      number "$len" || { say "E $id not a byte count"; return; }
      argv=(dd if=/dev/zero "of=$dst" bs=4M "count=$len" iflag=count_bytes oflag=direct conv=notrunc status=none)
      total=$len ;;
    allocate) field dst; field off; field len
      { number "$off" && number "$len"; } || { say "E $id not a byte count"; return; }
      total=$len; base=$off
      # fallocate reserves extents without writing: instant, nothing to detach. Only where
      # the file system cannot (EOPNOTSUPP) are zeros written by a detached dd.
      local why
      if why=$(LC_ALL=C fallocate -o "$off" -l "$len" -- "$dst" 2>&1); then
        mkdir -p "$dir" && printf '0\n' > "$dir/exit" && printf '%s\n' "$total" > "$dir/total"
        printf '%s\n' "$op" > "$dir/op"; say "S $id - $total"; return
      fi
      case $why in
        *"not supported"*) ;;
        *"No space left"*) say "E $id no space left on the pool's file system (ENOSPC): fallocate of $len bytes failed"; return ;;
        *) say "E $id fallocate failed: ${why//$'\n'/ }"; return ;;
      esac
      argv=(dd if=/dev/zero "of=$dst" bs=4M "seek=$off" "count=$len" iflag=count_bytes oflag=seek_bytes,direct conv=notrunc status=none) ;;
    virsh) read_virsh_call "$id" "$dir" || return
      argv=("${virsh_argv[@]}"); total=$virsh_total; dst=$virsh_path ;;
    *) say "E $id unknown operation"; return ;;
  esac
  # libvirt opens (or creates) its target itself.
  [ "$op" = virsh ] || [ -w "$dst" ] || { say "E $id cannot write the target volume"; return; }
  [ -e "$dir" ] && { say "E $id job already has a state directory"; return; }
  mkdir -m 0700 "$dir" || { say "E $id cannot create the state directory"; return; }
  printf '%s\n' "$op" > "$dir/op"; printf '%s\n' "$dst" > "$dir/target"
  printf '%s\n' "$total" > "$dir/total"; printf '%s\n' "$base" > "$dir/base"
  printf '%s\0' "${argv[@]}" > "$dir/argv"
  if [ "$op" = virsh ] && ! write_virsh_call "$dir"; then
    rm -rf -- "$dir"; say "E $id cannot write the state directory"; return
  fi
  cg_prepare "$id" "${src:-}" "$dst" || { cg_remove "$id"; rm -rf -- "${dir:?}"; return; }
  setsid -f bash -c "$WRAPPER" poolwatch-job "$dir" "${argv[@]}" </dev/null >/dev/null 2>&1
  local _
  for _ in $(seq 100); do [ -e "$dir/pid" ] || [ -e "$dir/exit" ] && break; sleep 0.02; done
  say "S $id $(slurp "$dir/pid") $total"
}
report() { # <id>: one progress line, or the end
  local id=$1 dir=$ROOT/$1 pid pos="" line base
  if [ ! -d "$dir" ]; then say "N $id"; unset "watched[$id]"; return; fi
  if [ -e "$dir/exit" ]; then
    libvirt_child_lingers "$dir" && return # its end is reported once the child is gone
    local rc; rc=$(slurp "$dir/exit")
    [ "$rc" = 0 ] && say "P $id $EPOCHREALTIME $(slurp "$dir/total")"
    [ -e "$dir/cancelled" ] && [ "$rc" != 0 ] && rc=cancelled
    local tail; tail=$(tail -c 2000 "$dir/stderr" 2>/dev/null | tr '\n' ' ')
    say "X $id $rc $tail"; unset "watched[$id]"; cg_remove "$id"; return
  fi
  if ! alive "$dir"; then
    case $(state_of "$dir") in
      running) return ;; # starting, or recording its exit status: next report
      exited) report "$id"; return ;;
    esac
    say "G $id the detached worker is gone: no exit status and no live process"
    unset "watched[$id]"; cg_remove "$id"; return
  fi
  if is_libvirt_call "$dir"; then report_libvirt_child "$id" "$dir"; return; fi
  pid=$(slurp "$dir/pid"); base=$(slurp "$dir/base")
  { while IFS= read -r line; do
      case $line in pos:*) pos=${line#pos:}; pos=${pos//[[:space:]]/}; break;; esac
    done < "/proc/$pid/fdinfo/1"; } 2>/dev/null
  [ -n "$pos" ] && say "P $id $EPOCHREALTIME $((pos - ${base:-0}))"
  [ -n "$pos" ] && [ "$pos" -gt "${base:-0}" ] && unset "fresh[$id]"
}
cancel_job() {
  local id=$1 dir=$ROOT/$1 pid
  [ -d "$dir" ] || { say "N $id"; return; }
  : > "$dir/cancelled"
  cg_thaw_for_cancel "$id"
  # Only the recorded process, and only if it is still that process (same start time).
  # A libvirt call: its child (killing virsh would leave libvirt working without a client).
  if is_libvirt_call "$dir"; then stop_libvirt_child "$dir"
  else alive "$dir" && pid=$(slurp "$dir/pid") && kill -TERM "$pid" 2>/dev/null; fi
  watched[$id]=1
}
list_jobs() {
  local dir id
  for dir in "$ROOT"/*/; do
    [ -d "$dir" ] || continue
    dir=${dir%/}; id=${dir##*/}
    valid_id "$id" || continue
    say "J $id $(state_of "$dir") $(slurp "$dir/exit" | grep . || printf -- -)"
  done
  say L
}
say "R $launcher"
pending=
while :; do
  tick=0.2
  for id in "${!fresh[@]}"; do
    if [ -z "${watched[$id]:-}" ] || [ "${fresh[$id]}" -le 0 ]; then unset "fresh[$id]"
    else fresh[$id]=$((fresh[$id] - 1)); tick=0.02; fi
  done
  if IFS= read -r -t "$tick" -d '' chunk; then
    cmd=$pending$chunk; pending=
    id=
    if [ "$cmd" != list ] && [ "$cmd" != dirs ]; then
      field id
      valid_id "$id" || { say "E - bad job id"; continue; }
    fi
    case $cmd in
      start) start_job "$id" ;;
      watch) watched[$id]=1; fresh[$id]=25; unset "held_told[$id]" ;;
      cancel) cancel_job "$id" ;;
      forget) [ -d "$ROOT/$id" ] && [ "$(state_of "$ROOT/$id")" != running ] && cg_remove "$id" && rm -rf -- "${ROOT:?}/$id" ;;
      pause|resume|limit) control_job "$cmd" "$id" ;;
      list) list_jobs ;;
      dirs) dirs_set ;;
      *) say "E - unknown command" ;;
    esac
  else
    got=$?
    [ "$got" -le 128 ] && exit 0 # EOF: the channel is gone; detached work goes on
    pending+=$chunk # a timeout may split a field: keep what arrived
  fi
  for id in "${!watched[@]}"; do report "$id"; done
  dirs_tick
done
