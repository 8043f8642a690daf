#!/bin/sh
# SPDX-License-Identifier: MIT
# apply-patch.sh SRCDIR PATCH WORKDIR
#
# Bring the Linux tree SRCDIR from the patch it has (SRCDIR/.ukl.patch, if
# any) to PATCH, touching only the files whose bytes change: the pristine
# files both patches name are rebuilt in WORKDIR (the old patch reversed),
# the new patch applied there, and each result copied into SRCDIR only if
# it differs.  Linux's build then recompiles what really changed (a file
# the patch touches, such as access_ok.h, is included almost everywhere).
set -eu
src=$1 new=$2 work=$3
old=$src/.ukl.patch
rm -rf "$work"
mkdir -p "$work/t"
files=$({ sed -n 's|^+++ b/||p' "$new"; [ ! -f "$old" ] || sed -n 's|^+++ b/||p' "$old"; } | sort -u)
for f in $files; do
	# Every file's directory, so that patch can create the files the patch
	# adds (it asks for a name otherwise).
	mkdir -p "$work/t/$(dirname "$f")"
	[ ! -f "$src/$f" ] || cp -p "$src/$f" "$work/t/$f"
done
[ ! -f "$old" ] || patch -s -R -p1 -d "$work/t" <"$old"
patch -s -p1 -d "$work/t" <"$new"
for f in $files; do
	if [ -f "$work/t/$f" ]; then
		cmp -s "$work/t/$f" "$src/$f" 2>/dev/null || {
			mkdir -p "$src/$(dirname "$f")"
			cp "$work/t/$f" "$src/$f"
		}
	else
		rm -f "$src/$f"
	fi
done
cp "$new" "$old"
rm -rf "$work"
