#!/bin/bash
#
# What the SSH user can do on the host, asked once per connection: Poolwatch's own byte
# movers need to write the pool's files, progress probes need to read /proc of the storage
# daemon's children, wipe algorithms other than zero need `scrub`.
# stdout: `key value` lines.
printf 'uid %s\n' "$(id -u)"
printf 'user %s\n' "$(id -un)"
for tool in dd fallocate scrub qemu-img stat; do
  if command -v "$tool" >/dev/null 2>&1; then printf 'tool %s\n' "$tool"; fi
done
daemon=
for p in /proc/[0-9]*; do
  { IFS= read -r c < "$p/comm"; } 2>/dev/null || continue
  case $c in libvirtd|virtstoraged) daemon=${p#/proc/}; break;; esac
done
if [ -z "$daemon" ]; then
  printf 'daemon none\n'
elif { read -r _ < "/proc/$daemon/io"; } 2>/dev/null; then
  printf 'daemon %s readable\n' "$daemon"
else
  printf 'daemon %s unreadable\n' "$daemon"
fi
