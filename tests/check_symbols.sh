#!/bin/sh
# Every symbol libcop exports starts with cop_, and every function the
# public headers declare is exported (so none is declared but missing).
set -eu
: "${COP_LIBDIR:?}" "${COP_SRCDIR:?}"
NM=${NM:-nm}
lib=$(ls "$COP_LIBDIR"/libcop.so.* 2>/dev/null | head -n 1 || true)
if [ -z "$lib" ]; then
	echo "SKIP: no shared libcop in $COP_LIBDIR"
	exit 77
fi
exported=$(mktemp)
declared=$(mktemp)
trap 'rm -f "$exported" "$declared"' EXIT
$NM -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { print $3 }' |
	sed 's/@.*//' | sort -u >"$exported"
bad=$(grep -v '^cop_' "$exported" || true)
if [ -n "$bad" ]; then
	echo "FAIL: exported symbols outside the cop_ namespace:"; echo "$bad"
	exit 1
fi
# COP_EXTERN(type) name(  -- the name may be on the same line only.
cat "$COP_SRCDIR"/include/cop/*.h "$COP_SRCDIR"/include/cop/sys/*.h |
	sed -n 's/^COP_EXTERN([^)]*) *\**\(cop_[a-z0-9_]*\) *(.*/\1/p' |
	sort -u >"$declared"
missing=$(comm -23 "$declared" "$exported")
if [ -n "$missing" ]; then
	echo "FAIL: declared in include/cop but not exported:"; echo "$missing"
	exit 1
fi
echo "ok: $(wc -l <"$exported") symbols exported, $(wc -l <"$declared") declared"
