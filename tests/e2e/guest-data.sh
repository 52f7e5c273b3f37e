# SPDX-License-Identifier: GPL-2.0
# Guest (L2) side of the data test; sourced by l2-init, busybox sh.

hc=/test/hypercall

check "guest: hypercall_guest loads" \
	insmod /test/hypercall_guest.ko allow_nr=13,14,15,16,24,25,26,27

/test/buf_calls > /tmp/buf.txt 2> /tmp/buf.err
check_eq "guest: buf_calls exit status" 0 $?
sed 's/^/# /' /tmp/buf.err >> "$TAP"
check_lines "guest: buffers" < /tmp/buf.txt

check_eq "guest: hypercall say (exit status)" 0 \
	"$($hc say 'Hello from the guest' 2> /tmp/err; echo $?)"
check_eq "guest: say with a tab and a bell" 0 \
	"$($hc say "$(printf 'tab\tbell\aend')" 2>> /tmp/err; echo $?)"
long=$(head -c 257 /dev/zero | tr '\0' x)
check_eq "guest: say of 257 bytes: -KVM_E2BIG, exit status 1" 1 \
	"$($hc say "$long" 2>> /tmp/err; echo $?)"
check "guest: ... the tool says so" grep -q 'answered nr 15 with -7' /tmp/err
check_eq "guest: say of 256 bytes" 0 "$($hc say "${long%x}" 2>> /tmp/err; echo $?)"

taskset -c 0 $hc uname > /tmp/uname.txt 2>> /tmp/err
check_eq "guest: hypercall uname (exit status)" 0 $?
cp /tmp/uname.txt /mbox/l2-uname.txt
check_eq "guest: ... the host's uname -srvm" "$HOST_UNAME" "$(head -n 1 /tmp/uname.txt)"
boot=$(sed -n 's/^boot_time_ns //p' /tmp/uname.txt)
check "guest: ... the host's boot time, after 2020 ($boot)" \
	test "${boot:-0}" -gt 1577836800000000000
check_eq "guest: ... from vCPU 0" "vcpu_id 0" "$(sed -n 3p /tmp/uname.txt)"
check_eq "guest: uname with too small a buffer: -KVM_EINVAL" -22 \
	"$($hc buf 16 '' 64 2>> /tmp/err | head -n 1)"
check_eq "guest: buf: echo through the tool" "3|cba" \
	"$($hc buf 26 abc 3 2>> /tmp/err | paste -s -d '|')"
sed 's/^/# /' /tmp/err >> "$TAP"
