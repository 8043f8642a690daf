#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-linux.sh DESTDIR [APTDIR]
#
# Download Debian bookworm's `linux-source-6.1` binary package (Linux's
# source as a tarball, with Debian's patches applied) into DESTDIR and
# unpack the tarball into DESTDIR/linux-source-6.1 (marker .unpacked);
# print that directory on stdout.
#
# Like runtime/libc/fetch-source.sh, the system's apt set-up is never
# touched: apt runs with its own sources.list (one `deb` line, signed by
# the Debian archive keyring), lists and cache under APTDIR (default
# DESTDIR/../apt-bin).  apt checks the Release signature and the .deb's
# hash against the Packages index; the tarball comes from that .deb.
# Cached: nothing is downloaded if DESTDIR holds a linux-source-6.1 .deb,
# nothing unpacked if the tree is there.
set -eu
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 DESTDIR [APTDIR]" >&2; exit 2; }
dest=$1
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
aptdir=${2:-$dest/../apt-bin}
mkdir -p "$aptdir"
aptdir=$(cd "$aptdir" && pwd)
MIRROR=${UKL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${UKL_DEBIAN_SUITE:-bookworm}
KEYRING=${UKL_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
pkg=linux-source-6.1
src=$dest/$pkg

deb=$(ls "$dest"/${pkg}_*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	exec 9>"$aptdir/lock"
	flock 9
	mkdir -p "$aptdir/etc/sources.list.d" "$aptdir/etc/preferences.d" \
		"$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main" >"$aptdir/etc/sources.list"
	APT="-o Dir::Etc::SourceList=$aptdir/etc/sources.list
	     -o Dir::Etc::SourceParts=$aptdir/etc/sources.list.d
	     -o Dir::Etc::PreferencesParts=$aptdir/etc/preferences.d
	     -o Dir::State::Lists=$aptdir/lists
	     -o Dir::Cache=$aptdir/cache
	     -o Dir::State::status=/dev/null
	     -o APT::Sandbox::User=root"
	if [ -z "$(find "$aptdir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
		# shellcheck disable=SC2086
		apt-get -q $APT update >&2
	fi
	# shellcheck disable=SC2086
	(cd "$dest" && apt-get -q $APT download "$pkg") >&2
	deb=$(ls "$dest"/${pkg}_*.deb 2>/dev/null | head -n1 || true)
	[ -n "$deb" ] || { echo "$0: $pkg: download failed" >&2; exit 1; }
fi

if [ ! -f "$src/.unpacked" ]; then
	rm -rf "$src" "$dest/$pkg.tmp"
	mkdir -p "$dest/$pkg.tmp"
	# The .deb holds usr/src/linux-source-6.1.tar.xz; its tree's top
	# directory is linux-source-6.1.
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		xz -dc | tar -x -C "$dest/$pkg.tmp" --strip-components=1
	touch "$dest/$pkg.tmp/.unpacked"
	mv "$dest/$pkg.tmp" "$src"
fi
echo "$src"
