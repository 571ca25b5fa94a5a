#!/usr/bin/env bash
# Builds the Linux bundle inside a Debian 11 (bullseye, glibc 2.31) root, so that every file in
# it needs at most glibc 2.31 (Debian 11, Ubuntu 20.04+, UOS 20 / Kylin V10 class). Needs root
# (debootstrap, chroot). Debian 11 has no Python 3.11: it is built there from Debian's own
# python3.11 source package; the Python packages come from PyPI wheels, which pip picks for
# glibc 2.31 (manylinux_2_28 and older). The root stays in $ROOTFS for the next build.
#   sudo bash installer/linux/build_bullseye.sh      → dist/guangming-workbench-<v>-linux.tar.gz
set -euo pipefail
cd "$(dirname "$0")/../.."
src="$PWD"
rootfs="${ROOTFS:-$src/build/bullseye}"
mirror="${MIRROR:-http://deb.debian.org/debian}"
start=$(date +%s)
if [ ! -x "$rootfs/usr/bin/gcc" ]; then
  debootstrap --variant=minbase --include=build-essential,libssl-dev,zlib1g-dev,libffi-dev,libsqlite3-dev,libbz2-dev,liblzma-dev,uuid-dev,binutils,ca-certificates,dpkg-dev,libgl1,libegl1,libfontconfig1,libdbus-1-3,libxkbcommon0,libglib2.0-0,libxkbcommon-x11-0,libxcb-cursor0,libx11-xcb1 \
    bullseye "$rootfs" "$mirror"
fi
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
# A network that inspects TLS has its own CA in the host's bundle: pip in the root needs it too.
pip_cert=""
ca="${PIP_CERT:-${SSL_CERT_FILE:-}}"
if [ -n "$ca" ] && [ -f "$ca" ]; then
  cp "$ca" "$rootfs/etc/ssl/certs/build-host-ca.crt"
  pip_cert=PIP_CERT=/etc/ssl/certs/build-host-ca.crt
fi
in_root() { chroot "$rootfs" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 $pip_cert PIP_DISABLE_PIP_VERSION_CHECK=1 bash -euo pipefail -c "$1"; }

if [ ! -x "$rootfs/opt/python/bin/python3.11" ]; then
  echo "deb-src $mirror bookworm main" > "$rootfs/etc/apt/sources.list.d/bookworm-src.list"
  in_root "apt-get update -q && mkdir -p /usr/src/py && cd /usr/src/py && apt-get source -q --download-only python3.11 \
    && tar xf python3.11_*.orig.tar.* && cd Python-3.11* \
    && ./configure -q --prefix=/opt/python --enable-shared LDFLAGS=-Wl,-rpath,/opt/python/lib \
    && make -s -j\$(nproc) && make -s altinstall"
fi
rm -rf "$rootfs/src" && mkdir -p "$rootfs/src"
git -C "$src" ls-files -z | (cd "$src" && xargs -0 tar cf -) | tar xf - -C "$rootfs/src"
in_root "cd /src && /opt/python/bin/python3.11 -m venv /opt/venv \
  && /opt/venv/bin/pip install -q --upgrade pip && /opt/venv/bin/pip install -q '.[installer,office]' \
  && PYTHON=/opt/venv/bin/python MAX_GLIBC=2.31 DIST=/src/dist WORK=/tmp/build bash installer/linux/build.sh"
mkdir -p "$src/dist"
cp -a "$rootfs/src/dist/"guangming-workbench-*-linux* "$src/dist/"
echo "Debian 11 构建完成，共用时 $(( $(date +%s) - start )) s"
