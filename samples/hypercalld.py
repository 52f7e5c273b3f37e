#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tools/hypercalld's echo (0x4B480001, every VM) through /dev/hypercall-host:
a call without input gets a0 + a1 + a2 + a3, one with input gets it back (at
most out_max bytes) and its length. Root only; SIGINT or SIGTERM ends it."""
import fcntl, os, select, signal, struct, sys

NR_ECHO = 0x4B480001                  # HYPERCALL_NR_ECHO
CLAIM_BUF = 1 << 1                    # HYPERCALL_CLAIM_BUF: a0, a1 in; a2, a3 out
MSG_CALL, MSG_CANCEL = 1, 2           # HYPERCALL_HOST_MSG_*
MSG_MAX = 80 + 64 * 1024              # HYPERCALL_HOST_MSG_MAX: never EMSGSIZE
CLAIM = struct.Struct('<IIiIIIqQ24s')  # struct hypercall_claim, 64 bytes
MSG = struct.Struct('<IHHQQII4QiIII')  # struct hypercall_host_msg, 80 bytes
ANSWER = struct.Struct('<QqII')        # struct hypercall_host_answer, 24 bytes
# _IOWR(0xC7, 0x41, struct hypercall_claim), as <asm-generic/ioctl.h> builds
# it: direction (read | write = 3) << 30 | size << 16 | type << 8 | number.
IOC_CLAIM = 3 << 30 | CLAIM.size << 16 | 0xC7 << 8 | 0x41  # 0xC040C741


def handle(fd, rec):
    (_, mtype, _, rid, _, _, _, a0, a1, a2, a3,
     _, in_len, out_max, reason) = MSG.unpack_from(rec)
    if mtype != MSG_CALL:  # a CANCEL (or a newer kernel's record): no answer
        if mtype == MSG_CANCEL:  # reason 1: timed out, 2: the guest calls again
            print(f'request {rid} withdrawn, reason {reason}', file=sys.stderr)
        return
    if in_len == 0:
        out, ret = b'', (a0 + a1 + a2 + a3) % (1 << 64)
        ret -= (ret >> 63) << 64  # the guest's RAX, as the __s64 ret
    else:
        out = rec[MSG.size:MSG.size + min(in_len, out_max)]
        ret = len(out)
    try:
        os.write(fd, ANSWER.pack(rid, ret, len(out), 0) + out)
    except FileNotFoundError:  # ENOENT: withdrawn meanwhile, not an error
        pass


def main():
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: sys.exit(0))
    try:
        fd = os.open('/dev/hypercall-host', os.O_RDWR | os.O_NONBLOCK)
    except OSError as e:
        sys.exit(f'/dev/hypercall-host: {e.strerror} (root? hypercall_hook loaded?)')
    claim = bytearray(CLAIM.pack(NR_ECHO, CLAIM_BUF, 0, 0, 0, 0, 0, 0, b'echo'))
    fcntl.ioctl(fd, IOC_CLAIM, claim)  # sets claim_id; the fd's close (at exit,
    # too) drops the claim, and calls still waiting get -KVM_ENOSYS
    print(f'claimed {NR_ECHO:#x}, claim id {CLAIM.unpack(claim)[7]}', file=sys.stderr)
    poller = select.poll()
    poller.register(fd, select.POLLIN)  # POLLIN: a record is queued
    while poller.poll():
        try:
            while True:  # one record per read(), until EAGAIN
                handle(fd, os.read(fd, MSG_MAX))
        except BlockingIOError:
            pass


main()
