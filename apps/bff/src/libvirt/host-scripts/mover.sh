#!/bin/bash
# shellcheck disable=SC2154,SC2317  # arguments are assigned by read through arg()
#
# The host side of Poolwatch's own byte movers (see ARCHITECTURE.md, "Which path each job
# takes"). libvirt copies raw->raw and zero-wipes inside its daemon, where nothing can stop
# it; for those, libvirt creates the target and this script moves the bytes with a process
# that can be killed.
#
# Protocol (stdin/stdout of `bash -c MOVER poolwatch-mover <op>` over SSH):
# - `<op>` is a constant word chosen by the BFF; every datum (paths, sizes) comes on stdin,
#   NUL-terminated, so no shell ever parses a name.
# - stdin then stays open. EOF on stdin (the BFF cancelled, or died, or the SSH link
#   dropped) kills the worker within 0.2 s: without a tty, sshd sends no SIGHUP, so this is
#   how a remote worker learns its client is gone.
# - stdout: `T <total bytes>` once, `P <epoch seconds> <bytes>` five times a second (the
#   kernel's file position of the worker's output fd: bytes really written), then
#   `X <exit code>` or `X cancelled`. Errors: `E <message>` (and the worker's stderr).
# Writes use O_DIRECT: the bar shows bytes that reached the disk, not the page cache, and
# once the worker dies no dirty cache keeps writing behind a cancel.
set -u
trap '' PIPE
worker=
stop_worker() { [ -n "$worker" ] && kill -TERM "$worker" 2>/dev/null; }
trap stop_worker EXIT
trap 'exit 143' TERM HUP INT
die() { printf 'E %s\n' "$*"; exit 90; }
arg() { IFS= read -r -d '' "$1" || die "missing argument: $1"; }
number() { case $1 in ''|*[!0-9]*) die "not a byte count: $1";; esac; }
out_fd=1
case "${1-}" in
  copy)
    arg src; arg dst
    [ -r "$src" ] || die "cannot read the source volume"
    [ -w "$dst" ] || die "cannot write the target volume"
    total=$(stat -L -c %s -- "$src") || die "cannot stat the source volume"
    printf 'T %s\n' "$total"
    dd if="$src" of="$dst" bs=4M oflag=direct conv=notrunc,sparse status=none &
    worker=$! ;;
  zero)
    arg dst; arg len; number "$len"
    [ -w "$dst" ] || die "cannot write the volume"
    total=$len
    printf 'T %s\n' "$len"
    dd if=/dev/zero of="$dst" bs=4M count="$len" iflag=count_bytes oflag=direct conv=notrunc status=none &
    worker=$! ;;
  allocate)
    arg dst; arg off; arg len; number "$off"; number "$len"
    [ -w "$dst" ] || die "cannot write the volume"
    total=$len
    printf 'T %s\n' "$len"
    # fallocate reserves extents without writing data. Only where the file system cannot
    # (EOPNOTSUPP) are zeros written instead (killable and measurable like a copy); any other
    # failure, ENOSPC first of all, is the job's failure: writing zeros into a full file
    # system would fill it to the last block.
    if why=$(LC_ALL=C fallocate -o "$off" -l "$len" -- "$dst" 2>&1); then
      printf 'P %s %s\nX 0\n' "$EPOCHREALTIME" "$len"; worker=; exit 0
    fi
    case $why in
      *"not supported"*) ;;
      *"No space left"*) die "no space left on the pool's file system (ENOSPC): fallocate of $len bytes failed" ;;
      *) die "fallocate failed: ${why//$'\n'/ }" ;;
    esac
    dd if=/dev/zero of="$dst" bs=4M seek="$off" count="$len" iflag=count_bytes oflag=seek_bytes,direct conv=notrunc status=none &
    worker=$!; base=$off ;;
  *) die "unknown operation" ;;
esac
base=${base-0}
position() {
  pos=
  local line
  { while IFS= read -r line; do
      case $line in pos:*) pos=${line#pos:}; pos=${pos//[[:space:]]/}; return 0;; esac
    done < "/proc/$worker/fdinfo/$out_fd"; } 2>/dev/null
  return 1
}
while kill -0 "$worker" 2>/dev/null; do
  IFS= read -r -t 0.2 _
  got=$?
  if [ "$got" -ne 0 ] && [ "$got" -le 128 ]; then # EOF, not a timeout
    kill -TERM "$worker" 2>/dev/null; wait "$worker" 2>/dev/null; worker=
    printf 'X cancelled\n'; exit 130
  fi
  if position && [ -n "$pos" ]; then printf 'P %s %s\n' "$EPOCHREALTIME" "$((pos - base))"; fi
done
wait "$worker"; rc=$?; worker=
# dd exits 0 only once every byte is written: the last figure is the total, not a guess.
[ "$rc" -eq 0 ] && printf 'P %s %s\n' "$EPOCHREALTIME" "$total"
printf 'X %s\n' "$rc"
exit "$rc"
