#!/usr/bin/env bash
# Starts the real services Poolwatch talks to, without systemd:
#  - the system libvirtd (only if none answers), and
#  - a sandbox sshd on 127.0.0.1:$POOLWATCH_SANDBOX_SSH_PORT with its own host key, client key
#    and known_hosts, all under $POOLWATCH_DATA/sandbox. Nothing outside the data dir is
#    changed except what libvirtd itself needs to start (/var/log/libvirt, the libvirt-qemu user).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root

start_libvirtd() {
  if virsh -c qemu:///system -q uri >/dev/null 2>&1; then return; fi
  # Field notes: libvirtd refuses to start without /var/log/libvirt, and its QEMU driver
  # fails to load without the libvirt-qemu user and group (libvirt-daemon-system makes them).
  mkdir -p /var/log/libvirt /run/libvirt
  getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
  getent passwd libvirt-qemu >/dev/null || useradd -r -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
  getent group libvirt >/dev/null || groupadd -r libvirt
  log "starting libvirtd"
  libvirtd --daemon --pid-file="${POOLWATCH_LIBVIRTD_PIDFILE:-/run/libvirtd-poolwatch.pid}"
  for _ in $(seq 1 50); do
    virsh -c qemu:///system -q uri >/dev/null 2>&1 && return
    sleep 0.2
  done
  log "libvirtd did not answer within 10 s"; exit 1
}

start_sandbox_sshd() {
  mkdir -p "$SANDBOX_DIR" /run/sshd
  chmod 700 "$SANDBOX_DIR"
  [ -f "$SANDBOX_DIR/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$SANDBOX_DIR/ssh_host_ed25519_key"
  [ -f "$SANDBOX_DIR/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C poolwatch-sandbox -f "$SANDBOX_DIR/id_ed25519"
  cp "$SANDBOX_DIR/id_ed25519.pub" "$SANDBOX_DIR/authorized_keys"
  chmod 600 "$SANDBOX_DIR/authorized_keys"
  # Our own known_hosts: the sandbox host key is pinned, so host keys are verified as usual.
  printf '[127.0.0.1]:%s %s\n' "$POOLWATCH_SANDBOX_SSH_PORT" "$(cut -d' ' -f1,2 "$SANDBOX_DIR/ssh_host_ed25519_key.pub")" > "$SANDBOX_DIR/known_hosts"
  cat > "$SANDBOX_DIR/sshd_config" <<CONF
Port $POOLWATCH_SANDBOX_SSH_PORT
ListenAddress 127.0.0.1
HostKey $SANDBOX_DIR/ssh_host_ed25519_key
PidFile $SANDBOX_DIR/sshd.pid
AuthorizedKeysFile $SANDBOX_DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 100:30:200
MaxSessions 100
CONF
  if [ -f "$SANDBOX_DIR/sshd.pid" ] && kill -0 "$(cat "$SANDBOX_DIR/sshd.pid")" 2>/dev/null; then
    kill -HUP "$(cat "$SANDBOX_DIR/sshd.pid")"   # re-read config, keep running
  else
    if (exec 3<>"/dev/tcp/127.0.0.1/$POOLWATCH_SANDBOX_SSH_PORT") 2>/dev/null; then
      log "127.0.0.1:$POOLWATCH_SANDBOX_SSH_PORT is taken by another process (another checkout's sandbox?)."
      log "Stop it, or choose another port: POOLWATCH_SANDBOX_SSH_PORT=2223 $0"
      exit 1
    fi
    log "starting sandbox sshd on 127.0.0.1:$POOLWATCH_SANDBOX_SSH_PORT"
    /usr/sbin/sshd -f "$SANDBOX_DIR/sshd_config"
  fi
  for _ in $(seq 1 50); do
    ssh -p "$POOLWATCH_SANDBOX_SSH_PORT" -i "$SANDBOX_DIR/id_ed25519" -o BatchMode=yes \
      -o UserKnownHostsFile="$SANDBOX_DIR/known_hosts" -o StrictHostKeyChecking=yes \
      root@127.0.0.1 true 2>/dev/null && return
    sleep 0.2
  done
  log "sandbox sshd did not accept our key within 10 s"; exit 1
}

# So a human (and bench/) can run raw virsh against the sandbox exactly as Poolwatch does:
#   PATH="$POOLWATCH_DATA/sandbox/bin:$PATH" virsh -c qemu+ssh://root@127.0.0.1:2222/system pool-list
# libvirt's ssh transport passes no environment to ssh, so the wrapper finds its config
# next to itself instead of through a variable.
write_ssh_wrapper() {
  mkdir -p "$SANDBOX_DIR/bin"
  cat > "$SANDBOX_DIR/ssh_config" <<CONF
Host *
  IdentityFile $SANDBOX_DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $SANDBOX_DIR/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
CONF
  cat > "$SANDBOX_DIR/bin/ssh" <<'WRAP'
#!/bin/sh
exec /usr/bin/ssh -F "$(dirname "$0")/../ssh_config" "$@"
WRAP
  chmod +x "$SANDBOX_DIR/bin/ssh"
}

start_libvirtd
[ "${1:-}" = --libvirtd-only ] && exit 0
start_sandbox_sshd
write_ssh_wrapper
log "services up: libvirtd, sshd on 127.0.0.1:$POOLWATCH_SANDBOX_SSH_PORT"
