#!/usr/bin/env bash
# Demo pools for the sandbox: transient dir pools whose files live under
# $POOLWATCH_DATA/sandbox/pools (nothing outside the data dir is touched; transient pools
# leave no config behind in libvirt). Idempotent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
POOLS_DIR="$SANDBOX_DIR/pools"
# setsid: virsh run from a terminal prints a polkit warning to stderr (see
# apps/bff/src/libvirt/spawn-tied.ts); without a controlling terminal it does not.
V=(setsid -w virsh -q -c qemu:///system)

ensure_pool() { # name dir
  mkdir -p "$2"
  if "${V[@]}" pool-info -- "$1" >/dev/null 2>&1; then
    target=$("${V[@]}" pool-dumpxml -- "$1" | sed -n 's:.*<path>\(.*\)</path>.*:\1:p' | head -n 1)
    [ "$target" = "$2" ] || log "warning: pool $1 already exists with target $target (another checkout's sandbox?); left as is"
    return
  fi
  "${V[@]}" pool-create-as --name "$1" --type dir --target "$2" >/dev/null
  log "created demo pool $1 ($2)"
}
ensure_vol() { # pool name size format
  "${V[@]}" vol-info --pool "$1" -- "$2" >/dev/null 2>&1 && return
  # --allocation 0: sparse, so the demo takes no real disk space (raw would be fallocated).
  "${V[@]}" vol-create-as --pool "$1" --name "$2" --capacity "$3" --allocation 0 --format "$4" >/dev/null
}

ensure_pool demo-images "$POOLS_DIR/images"
ensure_vol demo-images debian-12-generic.qcow2 20G qcow2
ensure_vol demo-images ubuntu-24.04-server.qcow2 25G qcow2
ensure_vol demo-images win11-ltsc.qcow2 64G qcow2
ensure_vol demo-images alpine-3.20.raw 512M raw
ensure_vol demo-images data-disk-01.raw 8G raw
ensure_vol demo-images scratch.img 1G raw
# A linked clone: qcow2 overlay on the debian base image.
if ! "${V[@]}" vol-info --pool demo-images -- web-01-overlay.qcow2 >/dev/null 2>&1; then
  qemu-img create -q -f qcow2 -F qcow2 -b "$POOLS_DIR/images/debian-12-generic.qcow2" "$POOLS_DIR/images/web-01-overlay.qcow2"
  "${V[@]}" pool-refresh demo-images >/dev/null
fi

ensure_pool demo-golden "$POOLS_DIR/golden"
# 1 GiB of random data: a real payload for clone/upload/download jobs (dd writes it once).
if [ ! -f "$POOLS_DIR/golden/random-1g.raw" ]; then
  log "writing 1 GiB of random data (once)"
  dd if=/dev/urandom of="$POOLS_DIR/golden/random-1g.raw.part" bs=1M count=1024 status=none
  mv "$POOLS_DIR/golden/random-1g.raw.part" "$POOLS_DIR/golden/random-1g.raw"
  "${V[@]}" pool-refresh demo-golden >/dev/null
fi

ensure_pool demo-empty "$POOLS_DIR/empty"
log "demo pools ready: demo-images, demo-golden, demo-empty"
