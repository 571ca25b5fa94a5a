#!/usr/bin/env bash
# Builds the Linux desktop bundle: dist/guangming-workbench-<version>-linux.tar.gz, holding the
# one-folder app, a .desktop entry and install.sh. Run from anywhere after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python -m pip install -q -e ".[installer]"
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build installer/workbench.spec
version=$(.venv/bin/python -c "import workbench; print(workbench.__version__)")
stage="dist/guangming-workbench-$version-linux"
rm -rf "$stage"
mkdir -p "$stage"
cp -r dist/guangming-workbench "$stage/app"
cp installer/linux/guangming-workbench.desktop installer/linux/install.sh "$stage/"
tar -C dist -czf "$stage.tar.gz" "$(basename "$stage")"
echo "$stage.tar.gz"
