# SPDX-License-Identifier: MIT
# Sourced by tests/net/*.sh after tests/common.sh: a guest server in the
# background, host ports on 127.0.0.1, bounded waits.

# free_port: a TCP (or `free_port udp`: UDP) port on 127.0.0.1 free now.
free_port() {
	python3 -c 'import socket,sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "${1:-tcp}"
}

# guest_start IMAGE [WORD...]: boot in the background (UKL_NET and friends
# from the environment), console in $WORK/console, pid in $GUEST_PID.
guest_start() {
	rm -f "$WORK/console" "$WORK/status"
	("$UKLRUN" "$@" >"$WORK/console" 2>&1 </dev/null; echo $? >"$WORK/status") &
	GUEST_PID=$!
}

# wait_console TEXT SECONDS: until the console has TEXT (0) or the time is
# up or the guest ended (1).
wait_console() {
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt "$end" ]; do
		[ -f "$WORK/console" ] && console_has "$1" && return 0
		[ -f "$WORK/status" ] && { console_has "$1"; return; }
		sleep 0.1
	done
	return 1
}

# guest_wait SECONDS: the guest's exit status (ukl-run's), 124 if it had
# not ended in time (then it is stopped).
guest_wait() {
	local end=$((SECONDS + $1))
	while [ ! -f "$WORK/status" ] && [ $SECONDS -lt "$end" ]; do
		sleep 0.1
	done
	if [ ! -f "$WORK/status" ]; then
		kill "$GUEST_PID" 2>/dev/null
		wait "$GUEST_PID" 2>/dev/null
		return 124
	fi
	wait "$GUEST_PID" 2>/dev/null
	return "$(cat "$WORK/status")"
}

# machines: the QEMU machines to run on (UKL_QEMU_ARGS), one a line, "" =
# ukl-run's default (pc; riscv64 virt).
machines() {
	echo ""
	[ "$ARCH" = x86_64 ] && echo "-M microvm"
	return 0
}

# guest_stop: end a guest that never ends by itself (a server): TERM to
# QEMU (the processes under guest_start's shell that have none of their
# own), as if it had been stopped from outside; ukl-run reports that
# (status 253), and guest_wait (bounded) collects it.
guest_stop() {
	local p c kids leaves=() todo=("$GUEST_PID")
	while [ ${#todo[@]} -gt 0 ]; do
		p=${todo[0]} todo=("${todo[@]:1}")
		kids=$(ps -o pid= --ppid "$p")
		if [ -z "$kids" ]; then leaves+=("$p"); fi
		for c in $kids; do todo+=("$c"); done
	done
	[ ${#leaves[@]} -eq 0 ] || [ "${leaves[*]}" = "$GUEST_PID" ] || kill "${leaves[@]}" 2>/dev/null
	guest_wait 10
}
