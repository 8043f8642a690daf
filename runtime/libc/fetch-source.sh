#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-source.sh PACKAGE VERSION DESTDIR [APTDIR]
#
# Fetch the Debian source package PACKAGE=VERSION from bookworm main into
# DESTDIR (the .dsc, .orig.tar.* and .debian.tar.*), verify it and unpack it
# with `dpkg-source -x` (so Debian's patches are applied) into
# DESTDIR/PACKAGE_VERSION (VERSION without its epoch, e.g.
# build/src/musl_1.2.3-1), then print that directory on stdout.
#
# The system's apt set-up is never touched: apt runs with a private
# configuration under APTDIR (default: DESTDIR/../apt) holding its own
# sources.list (one deb-src line, signed by the Debian archive keyring),
# an empty sources.list.d, its own lists and cache.  Runs as any user.
#
# Cached: nothing is downloaded if DESTDIR already holds the .dsc and the
# files it names; nothing is unpacked if the tree is there already
# (DESTDIR/PACKAGE_VERSION/.unpacked exists).  Several instances may run at
# once (make -j): the apt part is serialised with flock on APTDIR/lock.
#
# UKL_FETCH_ONLY=SUBDIR unpacks only SUBDIR of the upstream tree (e.g.
# compiler-rt/lib/builtins out of the 130 MB LLVM source) into
# DESTDIR/PACKAGE_VERSION-only-SUBDIR (slashes become '_'): the .orig
# tarball's checksum is checked against the .dsc, SUBDIR extracted, and
# Debian's patches that touch only files below SUBDIR are applied in series
# order.  A patch touching SUBDIR and files outside it is an error (it could
# not be applied faithfully to the part).
#
# UKL_FETCH_UPSTREAM=1 unpacks the upstream tree as the .orig tarball has it
# (`dpkg-source -x --skip-patches`) into DESTDIR/PACKAGE_VERSION-upstream:
# for packages whose Debian patches are packaging that only Debian's rules
# can build (Lua's replace the Makefile with a libtool one and make
# luaconf.h include a header debian/rules writes).
set -eu

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: $0 PACKAGE VERSION DESTDIR [APTDIR]" >&2
	exit 2
fi
pkg=$1 ver=$2 dest=$3
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
aptdir=${4:-$dest/../apt}
mkdir -p "$aptdir"
aptdir=$(cd "$aptdir" && pwd)

MIRROR=${UKL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${UKL_DEBIAN_SUITE:-bookworm}
KEYRING=${UKL_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}

# Debian version -> file names: drop the epoch.
nover=${ver#*:}
dsc=$dest/${pkg}_${nover}.dsc
srcdir=$dest/${pkg}_${nover}
only=${UKL_FETCH_ONLY:-}
only=${only%/}
[ -z "$only" ] || srcdir=$srcdir-only-$(echo "$only" | tr / _)
upstream=${UKL_FETCH_UPSTREAM:-}
skip=
if [ -n "$upstream" ]; then
	[ -z "$only" ] || { echo "$0: UKL_FETCH_ONLY and UKL_FETCH_UPSTREAM do not mix" >&2; exit 2; }
	srcdir=$srcdir-upstream
	skip=--skip-patches
fi

have_all() {
	[ -f "$dsc" ] || return 1
	# Every file the .dsc lists (Files: section) must be present.
	for f in $(sed -n '/^Files:/,/^[^ ]/{/^ /p}' "$dsc" | awk '{print $3}'); do
		[ -f "$dest/$f" ] || return 1
	done
}

if ! have_all; then
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$aptdir/lock"
		flock 9
	fi
fi
if ! have_all; then
	mkdir -p "$aptdir/etc/sources.list.d" "$aptdir/etc/preferences.d" \
		"$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	echo "deb-src [signed-by=$KEYRING] $MIRROR $SUITE main" \
		>"$aptdir/etc/sources.list"
	APT="-o Dir::Etc::SourceList=$aptdir/etc/sources.list
	     -o Dir::Etc::SourceParts=$aptdir/etc/sources.list.d
	     -o Dir::Etc::PreferencesParts=$aptdir/etc/preferences.d
	     -o Dir::State::Lists=$aptdir/lists
	     -o Dir::Cache=$aptdir/cache
	     -o Dir::State::status=/dev/null
	     -o APT::Sandbox::User=root"
	# Refresh the index only when it is missing or older than a day.
	if [ -z "$(find "$aptdir/lists" -maxdepth 1 -name '*Sources*' -mtime -1 2>/dev/null)" ]; then
		# shellcheck disable=SC2086
		apt-get -q $APT update >&2
	fi
	# shellcheck disable=SC2086
	(cd "$dest" && apt-get -q $APT source --download-only "$pkg=$ver") >&2
	have_all || { echo "$0: $pkg=$ver: download incomplete" >&2; exit 1; }
fi

# sha256 of FILE as the .dsc's Checksums-Sha256 section lists it.
dsc_sha256() {
	sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' "$dsc" | awk -v f="$1" '$3 == f {print $1}'
}

if [ -n "$only" ] && [ ! -f "$srcdir/.unpacked" ]; then
	rm -rf "$srcdir" "$srcdir.tmp"
	mkdir -p "$srcdir.tmp"
	orig= deb=
	for f in $(sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' "$dsc" | awk '{print $3}'); do
		want=$(dsc_sha256 "$f")
		got=$(sha256sum "$dest/$f" | awk '{print $1}')
		[ "$want" = "$got" ] || { echo "$0: $f: sha256 does not match $dsc" >&2; exit 1; }
		case $f in
		*.orig.tar.*) orig=$f ;;
		*.debian.tar.*) deb=$f ;;
		esac
	done
	[ -n "$orig" ] || { echo "$0: $dsc names no .orig tarball" >&2; exit 1; }
	tar -xf "$dest/$orig" -C "$srcdir.tmp" --strip-components=1 \
		--wildcards "*/$only/*" ||
		{ echo "$0: $orig: cannot extract $only" >&2; exit 1; }
	[ -d "$srcdir.tmp/$only" ] || { echo "$0: $orig has no $only" >&2; exit 1; }
	if [ -n "$deb" ]; then
		tar -xf "$dest/$deb" -C "$srcdir.tmp" debian/patches
		series=$srcdir.tmp/debian/patches/series
		[ -f "$series" ] && sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series" |
		while read -r p _; do
			pf=$srcdir.tmp/debian/patches/$p
			files=$(sed -n 's/^+++ [^/]*\/\([^[:space:]]*\).*/\1/p' "$pf")
			inside=0 outside=0
			for f in $files; do
				case $f in "$only"/*) inside=1 ;; *) outside=1 ;; esac
			done
			[ $inside = 1 ] || continue
			[ $outside = 0 ] || { echo "$0: Debian patch $p touches $only and files outside it" >&2; exit 1; }
			echo "$0: applying Debian patch $p" >&2
			patch -s -p1 -d "$srcdir.tmp" <"$pf" >&2
		done
		rm -rf "$srcdir.tmp/debian"
	fi
	touch "$srcdir.tmp/.unpacked"
	mv "$srcdir.tmp" "$srcdir"
fi

if [ ! -f "$srcdir/.unpacked" ]; then
	rm -rf "$srcdir"
	# Trust chain: apt checked the InRelease signature (archive keyring),
	# the Sources index against it and the .dsc against the index;
	# dpkg-source checks every tarball against the .dsc's checksums, then
	# applies debian/patches (unless UKL_FETCH_UPSTREAM).  (The uploader's
	# own signature of the .dsc is only warned about: debian-keyring is
	# not installed.)
	(cd "$dest" && dpkg-source $skip -x "$dsc" "$srcdir") >&2
	touch "$srcdir/.unpacked"
fi
echo "$srcdir"
