#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""hostdev_abi.py READY PIDFILE: the /dev/hypercall-host ABI, checked.

Claims HYPERCALL_NR 0x4B480010 ("abi", with buffers) for every VM, tries
the claims and writes the device must refuse, creates READY, then waits
(up to 120 s) for one call from the guest (input "abc", output buffer of 8
bytes) and answers it only after refused answers: wrong id, flags, length,
too much output. PIDFILE holds the guest's QEMU pid by then. Prints
"name<TAB>got<TAB>want" lines for check_lines.
"""

import errno
import fcntl
import os
import select
import struct
import sys

DEV = "/dev/hypercall-host"
NR = 0x4B480010
CLAIM = "<IIiIIIqQ24s"
MSG = "<IHHQQII4QiIII"
ANSWER = "<QqII"
BUF, PID, TIMEOUT_RET, CGROUP = 1 << 1, 1 << 0, 1 << 2, 1 << 3


def ioc(direction, nr, size):
    return (direction << 30) | (size << 16) | (0xC7 << 8) | nr


IOC_INFO = ioc(2, 0x40, 32)
IOC_CLAIM = ioc(3, 0x41, struct.calcsize(CLAIM))
IOC_UNCLAIM = ioc(1, 0x42, 8)
IOC_POLICY = ioc(1, 0x43, 32)


def report(name, got, want):
    print(f"{name}\t{got}\t{want}", flush=True)


def err_of(fn):
    try:
        fn()
        return "ok"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def claim(fd, nr, flags=0, vm_pid=0, timeout_ms=0, cgroup_fd=0, name=b"abi"):
    buf = bytearray(struct.pack(CLAIM, nr, flags, vm_pid, timeout_ms, 0,
                                cgroup_fd, 0, 0, name))
    fcntl.ioctl(fd, IOC_CLAIM, buf)
    return struct.unpack(CLAIM, buf)[7]


def policy(fd, nr, action, scope=0, vm_pid=0, cgroup_fd=0, reserved=0):
    fcntl.ioctl(fd, IOC_POLICY, struct.pack("<IIIiiIQ", nr, action, scope,
                                            vm_pid, cgroup_fd, reserved, 0))


def main():
    ready, pidfile = sys.argv[1], sys.argv[2]
    fd = os.open(DEV, os.O_RDWR | os.O_NONBLOCK)
    info = struct.unpack("<8I", fcntl.ioctl(fd, IOC_INFO, bytes(32)))
    report("info: abi_version, msg_max, queue_max, discover_nr",
           " ".join(map(str, (info[0], info[2], info[3], hex(info[4])))),
           "1 65616 16384 0x4b480000")
    report("read with nothing queued (O_NONBLOCK)",
           err_of(lambda: os.read(fd, 65616)), "EAGAIN")
    cid = claim(fd, NR, BUF, timeout_ms=60000)
    report("claim: an id", cid > 0, True)
    report("the same claim again", err_of(lambda: claim(fd, NR, BUF)), "EBUSY")
    other = os.open(DEV, os.O_RDWR)
    report("... from another open file",
           err_of(lambda: claim(other, NR)), "EBUSY")
    report("KVM's nr 5", err_of(lambda: claim(fd, 5)), "EPERM")
    report("nr 0", err_of(lambda: claim(fd, 0)), "EPERM")
    report("unknown flags", err_of(lambda: claim(fd, NR + 1, 1 << 9)), "EINVAL")
    report("cgroup_fd without the cgroup scope",
           err_of(lambda: claim(fd, NR + 1, cgroup_fd=1)), "EINVAL")
    report("both scopes", err_of(lambda: claim(fd, NR + 1, PID | CGROUP,
                                               vm_pid=1)), "EINVAL")
    report("cgroup scope, fd not a cgroup", err_of(
        lambda: claim(fd, NR + 1, CGROUP, cgroup_fd=fd)), "EBADF")
    report("timeout past 60 s",
           err_of(lambda: claim(fd, NR + 1, timeout_ms=60001)), "EINVAL")
    report("name without NUL",
           err_of(lambda: claim(fd, NR + 1, name=b"x" * 24)), "EINVAL")
    report("pid scope, pid 0", err_of(lambda: claim(fd, NR + 1, PID)), "EINVAL")
    report("pid scope, no such process",
           err_of(lambda: claim(fd, NR + 1, PID, vm_pid=4194303)), "ESRCH")
    report("a kernel module's number (discovery)",
           err_of(lambda: claim(fd, 0x4B480000)), "EBUSY")
    report("unclaim of an unknown id", err_of(lambda: fcntl.ioctl(
        fd, IOC_UNCLAIM, struct.pack("<Q", 999999))), "ENOENT")
    report("unknown ioctl", err_of(lambda: fcntl.ioctl(fd, ioc(0, 0x4f, 0))),
           "ENOTTY")
    report("answer shorter than its header",
           err_of(lambda: os.write(fd, bytes(10))), "EINVAL")
    report("answer to an id never given",
           err_of(lambda: os.write(fd, struct.pack(ANSWER, 12345, 0, 0, 0))),
           "ENOENT")
    report("policy: unknown action", err_of(lambda: policy(fd, NR, 9, 1, 1)),
           "EINVAL")
    report("policy: unknown scope", err_of(lambda: policy(fd, NR, 1, 9, 1)),
           "EINVAL")
    report("policy: reserved not 0",
           err_of(lambda: policy(fd, NR, 1, 1, 1, reserved=1)), "EINVAL")
    report("policy: reset with a scope", err_of(lambda: policy(fd, NR, 3, 1, 1)),
           "EINVAL")
    report("policy: no such process",
           err_of(lambda: policy(fd, NR, 1, 1, 4194303)), "ESRCH")
    report("policy: remove of a rule not there",
           err_of(lambda: policy(fd, NR, 2, 1, 1)), "ENOENT")
    report("policy: reset of a number without rules",
           err_of(lambda: policy(fd, NR, 3)), "ok")
    rofd = os.open(DEV, os.O_RDONLY)
    report("claim on a read-only open", err_of(lambda: claim(rofd, NR + 2)),
           "EBADF")
    os.close(rofd)
    os.close(other)
    open(ready, "w").close()

    ep = select.poll()
    ep.register(fd, select.POLLIN)
    report("poll: a request came", bool(ep.poll(120000)), True)
    with open(pidfile) as f:
        vm_pid = int(f.read())
    report("read into 16 bytes", err_of(lambda: os.read(fd, 16)), "EMSGSIZE")
    rec = os.read(fd, 65616)
    m = struct.unpack_from(MSG, rec)
    size, typ, flags, rid, rcid, nr, vcpu = m[:7]
    args, rpid, in_len, out_max = m[7:11], m[11], m[12], m[13]
    report("record: size type flags nr vcpu",
           f"{size} {typ} {flags} {nr:#x} {vcpu}", f"88 1 1 {NR:#x} 0")
    report("record: its length", len(rec), 88)
    report("record: claim id", rcid, cid)
    report("record: the VMM's pid", rpid, vm_pid)
    report("record: a1 a3 in_len out_max",
           f"{args[1]} {args[3]} {in_len} {out_max}", "3 8 3 8")
    report("record: the input", rec[80:80 + in_len], b"abc")
    report("answer with flags",
           err_of(lambda: os.write(fd, struct.pack(ANSWER, rid, 7, 0, 1))),
           "EINVAL")
    report("answer longer than it says",
           err_of(lambda: os.write(fd, struct.pack(ANSWER, rid, 7, 0, 0) + b"x")),
           "EINVAL")
    report("answer with 9 bytes for 8",
           err_of(lambda: os.write(fd, struct.pack(ANSWER, rid, 7, 9, 0) + b"123456789")),
           "E2BIG")
    report("answer to a wrong id",
           err_of(lambda: os.write(fd, struct.pack(ANSWER, rid + 1000, 7, 0, 0))),
           "ENOENT")
    good = struct.pack(ANSWER, rid, 7, 3, 0) + b"xyz"
    report("the answer", os.write(fd, good), len(good))
    report("the same answer again", err_of(lambda: os.write(fd, good)), "ENOENT")
    report("nothing else queued", err_of(lambda: os.read(fd, 65616)), "EAGAIN")
    report("unclaim", err_of(lambda: fcntl.ioctl(
        fd, IOC_UNCLAIM, struct.pack("<Q", cid))), "ok")
    report("... twice", err_of(lambda: fcntl.ioctl(
        fd, IOC_UNCLAIM, struct.pack("<Q", cid))), "ENOENT")
    os.close(fd)


main()
