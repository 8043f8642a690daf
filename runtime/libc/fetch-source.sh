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

if [ ! -f "$srcdir/.unpacked" ]; then
	rm -rf "$srcdir"
	# Trust chain: apt checked the InRelease signature (archive keyring),
	# the Sources index against it and the .dsc against the index;
	# dpkg-source checks every tarball against the .dsc's checksums, then
	# applies debian/patches.  (The uploader's own signature of the .dsc
	# is only warned about: debian-keyring is not installed.)
	(cd "$dest" && dpkg-source -x "$dsc" "$srcdir") >&2
	touch "$srcdir/.unpacked"
fi
echo "$srcdir"
