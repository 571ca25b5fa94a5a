#!/usr/bin/env bash
# Installs (or removes) the workbench from this unpacked bundle.
#   ./install.sh                 as a normal user: ~/.local/opt/guangming-workbench, commands in
#                                ~/.local/bin, menu entry in ~/.local/share/applications (no root)
#   sudo ./install.sh            for everyone: /opt/guangming-workbench, /usr/local/bin, /usr/share
#   ./install.sh --uninstall     removes the program; the data (store, keys, backups, settings in
#                                ~/.local/share/guangming-workbench) is kept
#   --prefix DIR  another program folder;  --cli-only  install even if the window's libraries are missing
# Before it says "installed" it checks: the PC's glibc against the bundle's measured floor, the
# libraries Qt needs for the window, and that the installed command runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=guangming-workbench
uninstall=0; cli_only=0; prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) uninstall=1 ;;
    --cli-only) cli_only=1 ;;
    --prefix) prefix="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "未知参数：$1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$(id -u)" -eq 0 ]; then
  prefix="${prefix:-/opt/$name}"; bindir=/usr/local/bin; share=/usr/share
else
  prefix="${prefix:-$HOME/.local/opt/$name}"; bindir="$HOME/.local/bin"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
apps="$share/applications"; icons="$share/icons/hicolor/256x256/apps"
data="${XDG_DATA_HOME:-$HOME/.local/share}/$name"

remove() {
  rm -f "$bindir/$name" "$bindir/workbench-cli" "$apps/$name.desktop" "$icons/$name.png"
  rm -rf "$prefix"
}

if [ "$uninstall" -eq 1 ]; then
  remove
  echo "已卸载 $prefix。数据（数据库、密钥、备份、设置）未删除，保存在 $data"
  exit 0
fi

fail() { echo "安装失败：$*" >&2; exit 1; }

# 1. glibc: the newest symbol version the bundle's own files need (measured when it was built).
need="$(cat "$here/GLIBC_FLOOR")"
have="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')"
[ -n "$have" ] || fail "无法确定本机的 glibc 版本（需要 $need 或更高）"
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
  fail "本机 glibc 为 $have，本安装包需要 $need 或更高（Debian 11、Ubuntu 20.04 及以上、统信 UOS 20、麒麟 V10 均满足）"
fi

# 2. The libraries the window needs that the bundle does not carry (found with ldd).
missing="$(for f in "$here/app/_internal/PySide6/Qt/plugins/platforms/libqxcb.so" \
                   "$here/app/_internal/PySide6/Qt/lib/libQt6Gui.so.6" \
                   "$here/app/_internal/PySide6/Qt/lib/libQt6XcbQpa.so.6"; do
             if [ -f "$f" ]; then
               LD_LIBRARY_PATH="$here/app/_internal:$here/app/_internal/PySide6/Qt/lib" ldd "$f" 2>/dev/null || true
             fi
           done | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
if [ -n "$missing" ]; then
  hint="Debian/Ubuntu/UOS：apt install libgl1 libegl1 libfontconfig1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libx11-xcb1 libdbus-1-3"
  if [ "$cli_only" -eq 1 ]; then
    echo "注意：缺少窗口所需的库（$missing），只能使用命令行。$hint" >&2
  else
    fail "缺少窗口所需的库：$missing
$hint
（只用命令行时可加 --cli-only 安装）"
  fi
fi

# 3. Install into a fresh folder, then swap: an upgrade leaves no file of the older version.
mkdir -p "$(dirname "$prefix")" "$bindir" "$apps" "$icons"
rm -rf "$prefix.new"
cp -a "$here/app" "$prefix.new"
rm -rf "$prefix.old"
if [ -e "$prefix" ]; then mv "$prefix" "$prefix.old"; fi
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"
ln -sfn "$prefix/$name" "$bindir/$name"
ln -sfn "$prefix/workbench-cli" "$bindir/workbench-cli"
cp "$here/workbench.png" "$icons/$name.png"
sed "s#@PREFIX@#$prefix#g" "$here/$name.desktop" > "$apps/$name.desktop"

# 4. The installed command must run before this says so.
version="$(env -i HOME="$HOME" PATH=/usr/bin:/bin "$bindir/workbench-cli" --version 2>&1)" \
  || { remove; fail "安装后的程序无法运行：$version"; }
echo "已安装 $version 到 $prefix；命令：$bindir/$name（窗口）、$bindir/workbench-cli（命令行）"
case ":$PATH:" in
  *":$bindir:"*) ;;
  *) echo "提示：$bindir 不在 PATH 中；请把它加入 PATH（如在 ~/.profile 中），或用完整路径运行。" ;;
esac
