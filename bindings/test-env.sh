#!/bin/sh
# bindings/test-env.sh CMD ARGS...: run a binding test (or the benchmark).
#
# The interpreters are not built with the sanitizers, so when libcop and
# the modules are (CFLAGS/LDFLAGS with -fsanitize=address, as in
# tools/quickstart check), the ASan runtime must be loaded first: preload
# it, and leave leak detection to the bindings' own leak tests (the
# interpreters keep memory until exit on purpose).
case " ${COP_TEST_SANITIZE:-} " in
*-fsanitize=*address*)
	asan=$(${COP_TEST_CC:-cc} -print-file-name=libasan.so 2>/dev/null)
	if [ -n "$asan" ] && [ -e "$asan" ]; then
		LD_PRELOAD="$asan${LD_PRELOAD:+ $LD_PRELOAD}"
		export LD_PRELOAD
	fi
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
	# ASan keeps freed memory in quarantine: the leak tests, which watch
	# the process's memory, skip (the plain build runs them).
	COP_TEST_SANITIZED=1
	export COP_TEST_SANITIZED
	;;
esac
exec "$@"
