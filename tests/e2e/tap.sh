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

# check_lines PREFIX: a check_eq per line "name<TAB>got<TAB>want" of
# stdin, as the C test programs print them ("skip<TAB>name<TAB>why": a
# TAP skip); fails unless at least one line came.
check_lines() {
	n=0
	while IFS='	' read -r name got want; do
		n=$((n + 1))
		if [ "$name" = skip ]; then
			echo "ok - $1: $got # SKIP $want" >> "$TAP"
		else
			check_eq "$1: $name" "$want" "$got"
		fi
	done
	check "$1: reported its checks" test "$n" -gt 0
}

# no_oops DESCRIPTION LOGFILE: fails on any sign of a kernel bug in LOGFILE.
no_oops() {
	if grep -E 'BUG:|WARNING:|Oops|Call Trace|general protection|soft lockup' "$2" > "$2.bad"; then
		tap_notok "$1: $(head -n 1 "$2.bad")"
	else
		tap_ok "$1"
	fi
}
