#!/bin/bash
# Boot smoke test: examples/hello, linked by each back end, boots through PVH,
# prints through musl's stdio on the serial console, reads its __thread
# variables and sees its constructor run, gets the command line as argv, and
# exits with its status.
. tests/common.sh
for img in $BA/examples/hello/vmlinux $BA/examples/hello/vmlinux.lld; do
	l=$(basename "$img")
	boot "$img" "alpha beta=2"
	rc=$?
	check "$l: exit status 0" test $rc = 0
	check "$l: greeting" console_has "Hello from hello, linked into the kernel by ukld!"
	check "$l: __thread initialised and writable" console_has '__thread: counter = 42, scratch = "thread-local"'
	check "$l: constructor ran" console_has "constructor ran: yes"
	check "$l: argv[1]" console_has "argv[1] = alpha"
	check "$l: argv[2]" console_has "argv[2] = beta=2"
	[ $rc = 0 ] || show_console
done
