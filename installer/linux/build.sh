#!/usr/bin/env bash
# Builds the Linux bundle with the Python given (default .venv/bin/python, with the workbench and
# PyInstaller installed): dist/guangming-workbench-<version>-linux.tar.gz holding app/ (the
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
# Not needed by the workbench, and the files that pulled in the newest host libraries: the GTK
# platform theme (Qt's own style is used), image plugins other than PNG/ICO, translations of Qt
# itself (the workbench ships its own), and Wayland (the window runs on X11/XWayland).
rm -rf "$app/_internal/PySide6/Qt/plugins/platformthemes/libqgtk3.so" \
       "$app/_internal/PySide6/Qt/plugins/wayland-"* \
       "$app/_internal/PySide6/Qt/plugins/platforms/libqwayland"* \
       "$app/_internal/PySide6/Qt/translations"
find "$app/_internal/PySide6/Qt/plugins/imageformats" -type f ! -name 'libqico.so' -delete 2>/dev/null || true
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
