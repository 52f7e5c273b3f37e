# SPDX-License-Identifier: GPL-2.0
# TAP lines without numbers (prove numbers them); the caller sets $TAP.

not() { ! "$@"; }

tap_ok() { echo "ok - $*" >> "$TAP"; }
tap_notok() { echo "not ok - $*" >> "$TAP"; }

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check() {
	desc=$1
	shift
	if "$@"; then tap_ok "$desc"; else tap_notok "$desc"; fi
}

# check_eq DESCRIPTION WANT GOT
check_eq() {
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_notok "$1 (want '$2', got '$3')"
	fi
}

# no_oops DESCRIPTION LOGFILE: fails on any sign of a kernel bug in LOGFILE.
no_oops() {
	if grep -E 'BUG:|WARNING:|Oops|Call Trace|general protection|soft lockup' "$2" > "$2.bad"; then
		tap_notok "$1: $(head -n 1 "$2.bad")"
	else
		tap_ok "$1"
	fi
}
