#!/bin/bash
# SPDX-License-Identifier: MIT
# mkinitramfs.sh PROGRAM OUT.cpio.gz: a gzip'd newc initramfs holding only
# PROGRAM as /init (owned by root).  The kernel's built-in initramfs
# already provides /dev/console, which /init's stdin/stdout/stderr open.
set -eu
[ $# -eq 2 ] || { echo "usage: mkinitramfs.sh PROGRAM OUT.cpio.gz" >&2; exit 2; }
prog=$1 out=$2
[ -x "$prog" ] || { echo "mkinitramfs.sh: $prog: not an executable" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$prog" "$dir/init"
(cd "$dir" && echo init | cpio -o -H newc -R 0:0 --quiet) | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
