#!/bin/bash
#
# Poolwatch's stream mover (issue 10, "streams at the speed of the wire"): moves an upload's
# or a download's bytes straight between one SSH channel and a file-backed volume, where
# writing the volume's path is what libvirt's own stream does (dir/fs/netfs pools: libvirt
# opens the same path and writes it). One channel, dd with large blocks, no virsh client, no
# libvirt stream framing, no daemon in between.
#
# `bash -c STREAM poolwatch-stream write|read`; stdin starts with three NUL-terminated fields:
#   <path>\0<offset>\0<length>\0
# write: the rest of stdin is the data: at most <length> bytes go to <path> from <offset>
#        (never truncated: a tus PATCH writes one range of a file). Fewer bytes (the client
#        went away) is a shorter range, not an error: dd exits 0 once it wrote them.
# read:  <length> bytes of <path> from <offset> go to stdout (no extra newline, unlike
#        `virsh vol-download /dev/stdout`).
# Errors go to stderr with a non-zero exit. Killing the channel (cancel) ends dd: EOF on
# its stdin (write) or EPIPE on its stdout (read).
set -u
op=${1:-}
number() { [[ $1 =~ ^[0-9]+$ ]]; }
if ! { IFS= read -r -d '' path && IFS= read -r -d '' offset && IFS= read -r -d '' length; }; then
  echo "stream: expected <path> <offset> <length>, NUL-terminated" >&2; exit 2
fi
{ number "$offset" && number "$length"; } || { echo "stream: offset and length must be byte counts" >&2; exit 2; }
[ -f "$path" ] || { echo "stream: not a regular file: $path" >&2; exit 2; }
# 4 MiB blocks: one write per 4 MiB instead of libvirt's 256 KiB stream packets. fullblock:
# a pipe hands dd short reads, and every block but the last must be whole.
case $op in
  write) exec dd of="$path" bs=4M seek="$offset" count="$length" iflag=fullblock,count_bytes oflag=seek_bytes conv=notrunc status=none ;;
  read) exec dd if="$path" bs=4M skip="$offset" count="$length" iflag=skip_bytes,count_bytes status=none ;;
  *) echo "stream: unknown operation: $op" >&2; exit 2 ;;
esac
