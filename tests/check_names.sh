#!/bin/sh
# Every file a doc or a comment names exists in the repository
# (tools/check-names says how names are found).  Skipped without python3
# or outside a git checkout (a release tarball).
set -eu
: "${COP_SRCDIR:?}"
py=${PYTHON:-python3}
if ! command -v "$py" >/dev/null 2>&1; then
	echo "SKIP: no $py"
	exit 77
fi
exec "$py" "$COP_SRCDIR/tools/check-names" "$COP_SRCDIR"
