#!/usr/bin/env bash
# Runs the frozen program as a reviewer's PC would, outside the source tree, in a bare
# environment (env -i: no PATH additions, no PYTHONPATH, no LANG, a fresh HOME):
# version, template, demo data, check, export a sheet, make keys, sign, verify.
#   bash installer/linux/smoke_test.sh APP_DIR_OR_COMMAND
# APP_DIR is an unpacked app folder (holding workbench-cli) or an installed command.
set -euo pipefail
target="${1:?用法：smoke_test.sh 程序文件夹或命令}"
if [ -d "$target" ]; then cli="$(cd "$target" && pwd)/workbench-cli"; else cli="$(command -v "$target")"; fi
[ -x "$cli" ] || { echo "找不到可执行的 $cli" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
bare() { env -i HOME="$work/home" PATH=/usr/bin:/bin "$cli" --db "$work/store.sqlite" "$@"; }
step() { printf '· %s\n' "$*"; }

if [ -d "$target" ]; then   # the unpacked bundle carries the keyring client for office mode
  step keyring; ls "$target/_internal" | grep -Eq '^keyring-[0-9.]+\.dist-info$'
  step qt-zh;   [ -s "$target/_internal/PySide6/Qt/translations/qtbase_zh_CN.qm" ]   # 确定/取消, not OK/Cancel
fi
step version;  bare --version | grep -Eq "[0-9]+\.[0-9]+\.[0-9]+"
step template; bare template "$work/模板.xlsx" >/dev/null; [ -s "$work/模板.xlsx" ]
step demo;     bare demo "$work/demo" >/dev/null
step check;    set +e; bare check "$work/demo/01-光明微感-核减与一次性.xlsx" --json > check.json; rc=$?; set -e
               [ "$rc" -le 1 ] && grep -q '"claims"' check.json
step export;   bare export sheet 1 --out "$work/out" --as 张经办 >/dev/null
printf 'Gm-root-2026\n' > r; printf 'Gm-handler-2026\n' > h
step keys;     bare identity init-root --root-passphrase-file r >/dev/null
               bare identity issue 张经办 --role handler --passphrase-file h --root-passphrase-file r >/dev/null
step sign;     bare sign "$work"/out/*.pdf --p12 张经办 --role handler --passphrase-file h >/dev/null
step verify;   bare verify "$work"/out/*.pdf | grep -q "有效"
echo "冒烟测试通过：$cli（$(bare --version)）"
