#!/usr/bin/env bash
# Compiles installer/windows/workbench.iss on Linux with the Inno Setup compiler from the npm
# package `innosetup-compiler` under wine, to check the script (it does not build the programs:
# without dist/guangming-workbench from a Windows PyInstaller run, stand-in files are packed).
#   bash installer/windows/compile_iss.sh [OUTDIR]      → OUTDIR/guangming-workbench-<v>-setup.exe
# Needs: wine with 32-bit support (ISCC.exe is a 32-bit program: `dpkg --add-architecture i386;
# apt-get install wine wine32:i386`) and npm. ISCC_VERSION picks the compiler (default 6.3.1, the
# oldest 6.x the script must support without ChineseSimplified.isl).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(realpath -m "${1:-$root/dist/iss-check}")"
iscc_version="${ISCC_VERSION:-6.3.1}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/guangming-workbench"
python="${PYTHON:-python3}"

command -v wine >/dev/null || { echo "需要 wine（含 32 位支持）：apt-get install wine wine32:i386" >&2; exit 3; }
command -v npm >/dev/null || { echo "需要 npm：apt-get install npm" >&2; exit 3; }

compiler="$cache/innosetup-compiler-$iscc_version/package/bin"
if [ ! -f "$compiler/ISCC.exe" ]; then
  mkdir -p "$cache/innosetup-compiler-$iscc_version"
  (cd "$cache/innosetup-compiler-$iscc_version" && npm pack --silent "innosetup-compiler@$iscc_version" >/dev/null \
     && tar xzf "innosetup-compiler-$iscc_version.tgz")
fi

version="$(cd "$root" && PYTHONPATH="$root" "$python" -c 'import workbench; print(workbench.__version__)')"
source_dir="$root/dist/guangming-workbench"
if [ ! -f "$source_dir/guangming-workbench.exe" ]; then
  source_dir="$out/stand-in"
  mkdir -p "$source_dir/_internal"
  printf 'MZ stand-in\n' > "$source_dir/guangming-workbench.exe"
  printf 'MZ stand-in\n' > "$source_dir/workbench-cli.exe"
  printf 'stand-in\n' > "$source_dir/_internal/README.txt"
fi
mkdir -p "$out"

export WINEPREFIX="${WINEPREFIX:-$cache/wine}" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
win() { winepath -w "$1" 2>/dev/null; }
start=$(date +%s)
wine "$compiler/ISCC.exe" /Q "/DAppVersion=$version" "/DSourceDir=$(win "$source_dir")" \
  "/O$(win "$out")" "$(win "$root/installer/windows/workbench.iss")"
setup="$out/guangming-workbench-$version-setup.exe"
[ -s "$setup" ] || { echo "编译未生成 $setup" >&2; exit 1; }
echo "$setup（Inno Setup $iscc_version，$(( $(date +%s) - start )) s）"
