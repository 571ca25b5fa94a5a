#!/usr/bin/env bash
# Builds the Linux bundle with the Python given (default .venv/bin/python, with the workbench,
# PyInstaller and keyring installed: pip install -e ".[installer,office]"): dist/guangming-workbench-<version>-linux.tar.gz holding app/ (the
# one-folder program: guangming-workbench for the window, workbench-cli for the command line),
# install.sh, the menu entry, the icon, smoke_test.sh and GLIBC_FLOOR (measured from the
# bundle's own files). For a bundle that runs on glibc 2.31 build it in Debian 11:
# installer/linux/build_bullseye.sh. MAX_GLIBC=2.31 makes this script fail above that floor.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
python="${PYTHON:-.venv/bin/python}"
dist="${DIST:-$root/dist}"
start=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$dist" \
  --workpath "${WORK:-$root/build}" installer/workbench.spec
app="$dist/guangming-workbench"
# Not needed by the workbench: the GTK platform theme (Qt's own style is used), platforms other
# than X11 (xcb) and offscreen — Wayland sessions run it through XWayland — with the libraries
# only they use, input plugins for kiosk devices, image formats other than ICO, and Qt's own
# translations other than qtbase's Chinese and English: those word Qt's own buttons and dialogs
# (确定/取消/关闭, the file dialog) in the window's language (ui/i18n.py loads them).
qt="$app/_internal/PySide6/Qt"
rm -rf "$qt/plugins/platformthemes/libqgtk3.so" "$qt/plugins/wayland-"* "$qt/plugins/egldeviceintegrations" \
       "$qt/plugins/generic"
find "$qt/translations" -type f ! -name qtbase_zh_CN.qm ! -name qtbase_en.qm -delete
find "$qt/plugins/platforms" -type f ! -name libqxcb.so ! -name libqoffscreen.so ! -name libqminimal.so -delete
find "$qt/plugins/imageformats" -type f ! -name libqico.so -delete 2>/dev/null || true
for lib in libQt6EglFSDeviceIntegration libQt6EglFsKmsSupport libQt6WaylandClient libQt6WaylandEglClientHwIntegration libQt6WlShellIntegration libQt6Network; do
  rm -f "$qt/lib/$lib.so.6" "$app/_internal/$lib.so.6"
done
# Libraries every desktop Linux the bundle targets already has, in the same or a newer version
# than Debian 11's (X11/xcb, fontconfig/freetype, GLib, D-Bus, libstdc++): the PC's own are used,
# as AppImages do. Only the window needs the X11/font/GLib ones; install.sh checks with ldd that
# the PC has them before it installs. Kept: what differs between distributions (OpenSSL 1.1,
# libffi, SQLite, ICU and Qt).
for lib in libglib-2.0 libgobject-2.0 libgio-2.0 libgmodule-2.0 libgthread-2.0 libX11 libX11-xcb libXau \
           libXdmcp libXext libXrender 'libxcb*' 'libxkbcommon*' libfontconfig libfreetype libpng16 \
           libdbus-1 libsystemd libgcrypt libgpg-error liblz4 libmount libblkid libselinux libpcre \
           libpcre2-8 libstdc++ libgcc_s libexpat libbsd libmd; do
  for f in "$app/_internal/"$lib.so.*; do
    # A wheel's own copy renamed by auditwheel (libxcb-9065bb12.so.1.1.0, which Pillow's
    # _imaging links by that name) has no stand-in on the PC: it stays.
    case "${f##*/}" in *-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].so*) continue ;; esac
    rm -f "$f"
  done
done
# Debug symbols (the interpreter built for the Debian 11 bundle carries ~35 MB of them); only
# the shared libraries: the programs themselves carry PyInstaller's archive and stay as built.
find "$app/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) -exec strip --strip-debug {} + 2>/dev/null || true
# Nothing left may need a removed library.
if find "$app/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) -exec readelf -d {} + 2>/dev/null \
     | grep -E 'NEEDED.*(EglFS|EglFs|WaylandClient|WlShell|Qt6Network)'; then
  echo "构建失败：仍有文件需要已删除的库" >&2; exit 1
fi
# On Linux the console flag means nothing: both programs are the same file, so one is a link.
if cmp -s "$app/guangming-workbench" "$app/workbench-cli"; then
  ln -sf guangming-workbench "$app/workbench-cli"
fi
floor="$(bash installer/linux/glibc_floor.sh "$app")"
[ -z "${MAX_GLIBC:-}" ] || bash installer/linux/glibc_floor.sh "$app" "$MAX_GLIBC" >/dev/null
version="$("$python" -c "import workbench; print(workbench.__version__)")"
stage="$dist/$(basename "$app")-$version-linux"
rm -rf "$stage"
mkdir -p "$stage"
mv "$app" "$stage/app"
cp installer/linux/install.sh installer/linux/smoke_test.sh installer/linux/guangming-workbench.desktop "$stage/"
cp resources/icons/workbench.png "$stage/"
echo "$floor" > "$stage/GLIBC_FLOOR"
tar -C "$dist" -czf "$stage.tar.gz" "$(basename "$stage")"
echo "$stage.tar.gz：用时 $(( $(date +%s) - start )) s，程序文件夹 $(du -sm "$stage/app" | cut -f1) MB，压缩包 $(du -sm "$stage.tar.gz" | cut -f1) MB，glibc 下限 $floor"
