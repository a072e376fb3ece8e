#!/usr/bin/env bash
# keepalived track script (chk_sshd): succeeds only when the local sshd accepts a TCP connection on port 22
# and greets with an SSH banner within 2 s. A hung sshd that still holds its port fails too.
# Runs as keepalived's script_user (no privileges needed).
set -u
port="${SSHD_PORT:-22}"
banner=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/${port} && head -c 4 <&3" 2>/dev/null) || exit 1
[ "${banner}" = "SSH-" ]
