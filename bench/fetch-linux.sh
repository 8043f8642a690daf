#!/bin/bash
# SPDX-License-Identifier: MIT
# fetch-linux.sh PACKAGE DIR: the stock Debian kernel for the baselines.
# Resolves the meta-package (e.g. linux-image-cloud-amd64) to the versioned
# image package, downloads its .deb with `apt-get download` into DIR and
# extracts it there with dpkg-deb -x.  Nothing is installed; the system's
# /boot and apt set-up are untouched.  Prints the path of the vmlinuz.
set -eu
[ $# -eq 2 ] || { echo "usage: fetch-linux.sh PACKAGE DIR" >&2; exit 2; }
meta=$1 dir=$2
mkdir -p "$dir"
pkg=$(apt-cache depends "$meta" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -1)
[ -n "$pkg" ] || { echo "fetch-linux.sh: $meta: no linux-image package it depends on (apt-get update?)" >&2; exit 1; }
if ! ls "$dir/$pkg"_*.deb >/dev/null 2>&1; then
	(cd "$dir" && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || true
fi
deb=$(ls "$dir/$pkg"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "fetch-linux.sh: $pkg: apt-get download failed" >&2; exit 1; }
if [ ! -d "$dir/root/boot" ]; then
	rm -rf "$dir/root.tmp"
	dpkg-deb -x "$deb" "$dir/root.tmp"
	mv "$dir/root.tmp" "$dir/root"
fi
vmlinuz=$(ls "$dir"/root/boot/vmlinuz-* 2>/dev/null | head -1)
[ -n "$vmlinuz" ] || { echo "fetch-linux.sh: $deb: no /boot/vmlinuz-*" >&2; exit 1; }
echo "$vmlinuz"
