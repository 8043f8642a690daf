#!/bin/bash
# SPDX-License-Identifier: MIT
# fetch-linux.sh PACKAGE DIR: the stock Debian kernel for the baselines.
# Resolves the meta-package (e.g. linux-image-cloud-amd64) to the versioned
# image package, downloads its .deb with `apt-get download` into DIR and
# extracts it there with dpkg-deb -x.  Nothing is installed; the system's
# /boot and apt set-up are untouched.  Prints the path of the vmlinuz.
# Also unpacks the ELF kernel inside the bzImage into DIR/vmlinux (the
# payload the setup header points at, decompressed by its magic): Linux
# carries a PVH note, so QEMU can boot it through the same PVH entry as a
# ukld image.  A failure there is reported but leaves the vmlinuz usable.
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

# The bzImage's payload: setup (setup_sects + 1 sectors), then at
# payload_offset (0x248) payload_length (0x24c) bytes of compressed ELF.
u8() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
if [ ! -s "$dir/vmlinux" ]; then
	sects=$(u8 "$vmlinuz" $((0x1f1)))
	[ "$sects" = 0 ] && sects=4
	start=$(( (sects + 1) * 512 + $(u32 "$vmlinuz" $((0x248))) ))
	len=$(u32 "$vmlinuz" $((0x24c)))
	magic=$(od -An -tx1 -j "$start" -N4 "$vmlinuz" | tr -d ' ')
	case $magic in
	02214c18) unpack=(lz4 -dc) ;;
	1f8b08*) unpack=(gzip -dc) ;;
	fd377a58) unpack=(xz -dc) ;;
	28b52ffd) unpack=(zstd -dc) ;;
	*) unpack=() ;;
	esac
	if [ ${#unpack[@]} -eq 0 ]; then
		echo "fetch-linux.sh: $vmlinuz: payload compressed in a way not known here (magic $magic)" >&2
	else
		# The payload ends with the decompressed size, which lz4 calls
		# trailing garbage: its status is not the judge, the ELF is.
		tail -c +$((start + 1)) "$vmlinuz" | head -c "$len" | "${unpack[@]}" >"$dir/vmlinux.tmp" 2>/dev/null || true
		if [ "$(head -c 4 "$dir/vmlinux.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
			mv "$dir/vmlinux.tmp" "$dir/vmlinux"
		else
			rm -f "$dir/vmlinux.tmp"
			echo "fetch-linux.sh: $vmlinuz: its payload (${unpack[*]}) is not an ELF kernel" >&2
		fi
	fi
fi
echo "$vmlinuz"
