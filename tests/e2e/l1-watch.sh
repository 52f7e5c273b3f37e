#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# l1-watch.sh PID OUT: watches the nested host (L1) that QEMU process PID
# runs, with its results in OUT and its monitor on the socket OUT/l1-mon.
# Once L1 has written nothing there (console, TAP, its guests' consoles)
# for SILENT seconds (default 300) before it finished, samples where its
# CPU is through the monitor, writes that to OUT/l1-silent, and ends QEMU
# instead of letting it run out its time.
#
# Why: an L1 gone silent (not even a hung-task or soft-lockup report) is
# either the emulator stuck or L1's CPU spinning with interrupts off. The
# first is TCG's; the second could be ours (a deadlock in the hook's path).
# The samples tell them apart: no answer from the monitor, or the same
# instruction pointer every time, against a stack in L1's kernel, named
# from the symbols L1 saved (OUT/l1-kallsyms).

pid=${1:?usage: l1-watch.sh PID OUT}
out=${2:?usage: l1-watch.sh PID OUT}
silent=${SILENT:-300}
mon=$out/l1-mon

hmp() { printf '%s\n' "$1" | timeout 10 socat -t 5 - "UNIX-CONNECT:$mon" 2> /dev/null | tr -d '\r'; }

# symbolize: hex addresses on stdin, one per line; prints each with the
# nearest symbol at or below it in OUT/l1-kallsyms (addr type name [mod]).
symbolize() {
	{
		awk '{ printf "%016s 1 %s%s\n", tolower($1), $3, ($4 != "" ? " " $4 : "") }' \
			"$out/l1-kallsyms" 2> /dev/null
		awk '{ printf "%016s 2 ?\n", tolower($1) }'
	} | tr ' ' '\t' | sed 's/\t/ /3g' | sort -k1,1 -k2,2n |
		awk -F'\t' '
			# The low 32 bits: a symbol and an address in it share the rest.
			function low(h,	i, v) {
				v = 0
				for (i = 9; i <= 16; i++)
					v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
				return v
			}
			$2 == 1 { base = $1; name = $3; next }
			name == "" || substr($1, 1, 8) != substr(base, 1, 8) { print $1, "?"; next }
			{ printf "%s %s+0x%x\n", $1, name, low($1) - low(base) }'
}

sample() {
	local regs rip rsp
	regs=$(hmp "info registers")
	if ! grep -q '^CPU#' <<< "$regs"; then
		echo "sample $1: the monitor did not answer (the emulator itself is stuck)"
		return
	fi
	rip=$(sed -n 's/.*RIP=\([0-9a-f]\{16\}\).*/\1/p' <<< "$regs" | head -n 1)
	rsp=$(sed -n 's/.*RSP=\([0-9a-f]\{16\}\).*/\1/p' <<< "$regs" | head -n 1)
	if [ -z "$rip" ]; then
		echo "sample $1: not in 64-bit mode:"
		grep -E '^(EAX|EIP)=' <<< "$regs" | sed 's/^/  /'
		return
	fi
	echo "sample $1: RIP $(symbolize <<< "$rip")"
	[ "$1" = 1 ] || return
	echo "$regs" | grep -E '^(RAX|RSI|R8|R12|RIP|CS|SS)=' | sed 's/^/  /'
	# Kernel text addresses on the stack: a backtrace, with stale entries.
	echo "stack at $rsp, kernel text only:"
	hmp "x /256gx 0x$rsp" | grep -oE '0x(ffffffff[0-9a-f]{8})' | sed 's/^0x//' |
		awk '!seen[$0]++' | symbolize | grep -v '?$' | sed 's/^/  /' | head -n 40
}

while kill -0 "$pid" 2> /dev/null; do
	sleep 10
	[ -e "$out/l1.done" ] && continue
	[ -n "$(find "$out" -newermt "-$silent seconds" -print -quit)" ] && continue
	{
		echo "L1 silent for ${silent} s; its CPU, sampled through QEMU's monitor:"
		for i in 1 2 3 4 5; do
			sample "$i"
			sleep 1
		done
	} > "$out/l1-silent" 2>&1
	kill "$pid" 2> /dev/null
	break
done
