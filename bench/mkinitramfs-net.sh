#!/bin/bash
# SPDX-License-Identifier: MIT
# mkinitramfs-net.sh KDIR INIT PROG OUT.cpio.gz [TREE]: a gzip'd newc
# initramfs for a Linux baseline guest that needs devices: INIT
# (bench/guest/linux-init.c) as /init, PROG as /prog, the virtio modules of
# the stock kernel extracted in KDIR (bench/fetch-linux.sh) under
# /lib/modules with /modules.order saying in which order to load them, and
# the files of TREE (a directory) if given.
set -eu
[ $# -ge 4 ] || { echo "usage: mkinitramfs-net.sh KDIR INIT PROG OUT.cpio.gz [TREE]" >&2; exit 2; }
kdir=$1 init=$2 prog=$3 out=$4 tree=${5:-}
mods=$(ls -d "$kdir"/root/lib/modules/*/kernel 2>/dev/null | head -1)
[ -n "$mods" ] || { echo "mkinitramfs-net.sh: $kdir: no lib/modules/*/kernel" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
[ -n "$tree" ] && cp -a "$tree"/. "$dir"/
cp "$init" "$dir/init"
cp "$prog" "$dir/prog"
mkdir -p "$dir/lib/modules"
# Dependencies first (what modinfo's depends= says of each, in the cloud
# kernel 6.1): the virtio ring and core, the PCI and MMIO transports, then
# the devices.
: >"$dir/modules.order"
for m in drivers/virtio/virtio_ring drivers/virtio/virtio \
	 drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci_modern_dev \
	 drivers/virtio/virtio_pci drivers/virtio/virtio_mmio \
	 net/core/failover drivers/net/net_failover drivers/net/virtio_net \
	 drivers/char/virtio_console; do
	f=$mods/$m.ko
	[ -f "$f" ] || { echo "mkinitramfs-net.sh: $f: missing" >&2; exit 1; }
	cp "$f" "$dir/lib/modules/"
	echo "/lib/modules/$(basename "$f")" >>"$dir/modules.order"
done
(cd "$dir" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
