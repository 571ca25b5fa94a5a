#!/usr/bin/env bash
# Smoke-tests a built bundle in a minimal root of the oldest supported distribution (Debian 11,
# glibc 2.31; debootstrap --variant=minbase: no Python, no Qt, no fonts), as root:
#   sudo bash installer/linux/smoke_chroot.sh dist/guangming-workbench-<v>-linux.tar.gz
# It runs the bundle's install.sh --cli-only (the minimal root has no X libraries: install.sh
# must say so and still install the command line) and smoke_test.sh against the installed command.
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle="$(realpath "${1:?用法：smoke_chroot.sh 安装包.tar.gz}")"
rootfs="${ROOTFS:-$PWD/build/bullseye-min}"
[ -x "$rootfs/bin/bash" ] || debootstrap --variant=minbase bullseye "$rootfs" "${MIRROR:-http://deb.debian.org/debian}"
rm -rf "$rootfs/smoke" && mkdir -p "$rootfs/smoke"
tar -C "$rootfs/smoke" -xzf "$bundle"
dir="$(basename "$bundle" .tar.gz)"
chroot "$rootfs" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin bash -euo pipefail -c "
  echo \"glibc: \$(getconf GNU_LIBC_VERSION)；python3: \$(command -v python3 || echo 无)\"
  /smoke/$dir/install.sh --cli-only
  bash /smoke/$dir/smoke_test.sh /usr/local/bin/workbench-cli
  /smoke/$dir/install.sh --uninstall"
