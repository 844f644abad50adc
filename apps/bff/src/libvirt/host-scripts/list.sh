#!/bin/bash
# shellcheck disable=SC2154  # dir is assigned by read
#
# What is left in a directory (a dir pool's target after pool-delete failed), so the job
# can say exactly what it could not remove. The path comes on stdin, NUL-terminated.
# stdout: `N <count>`, then up to 100 lines `<type> <base64 of the name>` (f file, d
# directory, o other): base64 because a name may hold a newline.
set -u
IFS= read -r -d '' dir || { printf 'E missing directory\n'; exit 90; }
[ -d "$dir" ] || { printf 'N 0\n'; exit 0; }
shopt -s nullglob dotglob
entries=("$dir"/*)
printf 'N %s\n' "${#entries[@]}"
for entry in "${entries[@]:0:100}"; do
  if [ -d "$entry" ] && [ ! -L "$entry" ]; then t=d; elif [ -f "$entry" ]; then t=f; else t=o; fi
  printf '%s %s\n' "$t" "$(printf '%s' "${entry##*/}" | base64 -w0)"
done
