"""The Linux bundle's scripts: the glibc floor read from ELF files, and install.sh (per-user
without root, checks before success, upgrade without leftovers, uninstall keeping the data).
The built bundle itself is checked when WORKBENCH_BUNDLE names its unpacked folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "installer" / "linux"
needs_cc = pytest.mark.skipif(not (shutil.which("gcc") and shutil.which("objdump")),
                              reason="gcc and objdump are needed")


def _sh(*args, env=None, check=False):
    return subprocess.run(["bash", *map(str, args)], capture_output=True, text=True, env=env,
                          check=check, timeout=300)


@needs_cc
def test_glibc_floor_is_the_newest_symbol_version_a_file_needs(tmp_path):
    (tmp_path / "lib.c").write_text("#include <string.h>\nvoid cp(char*d,const char*s,size_t n){memcpy(d,s,n);}\n")
    (tmp_path / "prog.c").write_text("int main(void){return 0;}\n")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    subprocess.run(["gcc", "-shared", "-fPIC", "-O0", "-o", bundle / "libcp.so", tmp_path / "lib.c"], check=True)
    (bundle / "notes.txt").write_text("not an ELF file")
    # memcpy's x86-64 version node is GLIBC_2.14 (its semantics changed then).
    assert _sh(LINUX / "glibc_floor.sh", bundle, "2.31").stdout.strip() == "2.14"
    # A program linked against glibc >= 2.34 needs __libc_start_main@GLIBC_2.34.
    subprocess.run(["gcc", "-O0", "-o", bundle / "prog", tmp_path / "prog.c"], check=True)
    done = _sh(LINUX / "glibc_floor.sh", bundle, "2.31")
    assert done.stdout.strip() == "2.34" and done.returncode == 1
    assert "2.34 prog" in done.stderr and "libcp.so" not in done.stderr


def _bundle(tmp_path: Path, floor: str = "2.17", runs: bool = True) -> Path:
    """An unpacked bundle whose program is a small script (what install.sh needs of it)."""
    b = tmp_path / "bundle"
    app = b / "app"
    (app / "_internal").mkdir(parents=True)
    cli = app / "workbench-cli"
    cli.write_text("#!/bin/sh\n" + ("echo 'python -m workbench 9.8.7'\n" if runs else "exit 1\n"))
    cli.chmod(0o755)
    shutil.copy(cli, app / "guangming-workbench")
    for f in ("install.sh", "guangming-workbench.desktop"):
        shutil.copy(LINUX / f, b / f)
    shutil.copy(ROOT / "resources" / "icons" / "workbench.png", b / "workbench.png")
    (b / "GLIBC_FLOOR").write_text(floor + "\n")
    return b


def _user_env(tmp_path: Path) -> dict:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "PATH": "/usr/bin:/bin"}


@pytest.fixture
def user_dir(tmp_path):
    """A folder a normal user owns: the tests may run as root, whose install goes to /opt."""
    if os.geteuid() != 0:
        yield tmp_path, []
        return
    if not shutil.which("setpriv"):
        pytest.skip("setpriv is needed to run install.sh as a normal user")
    base = Path(tempfile.mkdtemp(prefix="wb-user-"))
    try:
        yield base, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_per_user_install_upgrade_and_uninstall(user_dir):
    tmp_path, prefix = user_dir
    b = _bundle(tmp_path)
    env = _user_env(tmp_path)
    home = Path(env["HOME"])
    if prefix:
        for p in [tmp_path, *tmp_path.rglob("*")]:
            os.chown(p, 65534, 65534, follow_symlinks=False)

    def install(*args):
        return subprocess.run([*prefix, "bash", str(b / "install.sh"), *args], capture_output=True,
                              text=True, env=env, timeout=120)
    done = install()
    assert done.returncode == 0, done.stderr
    target = home / ".local" / "opt" / "guangming-workbench"
    assert (home / ".local" / "bin" / "workbench-cli").resolve() == target / "workbench-cli"
    assert "9.8.7" in done.stdout and "不在 PATH 中" in done.stdout
    desktop = (home / ".local" / "share" / "applications" / "guangming-workbench.desktop").read_text()
    assert f"Exec={target}/guangming-workbench" in desktop
    assert (home / ".local/share/icons/hicolor/256x256/apps/guangming-workbench.png").is_file()

    (target / "left-from-old-version.so").write_text("old")
    assert install().returncode == 0
    assert not (target / "left-from-old-version.so").exists()      # an upgrade leaves nothing behind

    data = home / ".local" / "share" / "guangming-workbench"
    data.mkdir(parents=True)
    (data / "store.sqlite").write_text("records")
    done = install("--uninstall")
    assert done.returncode == 0 and str(data) in done.stdout
    assert not target.exists() and not (home / ".local" / "bin" / "workbench-cli").exists()
    assert (data / "store.sqlite").read_text() == "records"


def test_install_refuses_an_older_glibc_before_touching_anything(tmp_path):
    b = _bundle(tmp_path, floor="9.99")
    env = dict(_user_env(tmp_path), XDG_DATA_HOME=str(tmp_path / "xdg"))
    done = _sh(b / "install.sh", "--prefix", tmp_path / "app", env=env)
    assert done.returncode == 1 and "需要 9.99 或更高" in done.stderr
    assert not (tmp_path / "app").exists() and not (tmp_path / "xdg").exists()


def test_install_that_does_not_run_is_not_reported_as_installed(tmp_path):
    b = _bundle(tmp_path, runs=False)
    env = _user_env(tmp_path)
    done = _sh(b / "install.sh", "--prefix", tmp_path / "app", env=env)
    assert done.returncode == 1 and "无法运行" in done.stderr and "已安装" not in done.stdout
    assert not (tmp_path / "app").exists()


@needs_cc
def test_missing_window_libraries_are_named_before_installing(tmp_path):
    b = _bundle(tmp_path)
    plugins = b / "app" / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms"
    plugins.mkdir(parents=True)
    # A plugin that needs a library this PC lacks, as libqxcb.so needs libxcb-cursor.so.0.
    (tmp_path / "dep.c").write_text("int dep(void){return 1;}\n")
    (tmp_path / "plugin.c").write_text("int dep(void); int use(void){return dep();}\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "-Wl,-soname,libnot-on-this-pc.so.1", "-o",
                    tmp_path / "libnot-on-this-pc.so", tmp_path / "dep.c"], check=True)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", plugins / "libqxcb.so", tmp_path / "plugin.c",
                    "-L", tmp_path, "-lnot-on-this-pc"], check=True)
    env = _user_env(tmp_path)
    done = _sh(b / "install.sh", "--prefix", tmp_path / "app", env=env)
    assert done.returncode == 1 and "libnot-on-this-pc.so.1" in done.stderr and "--cli-only" in done.stderr
    assert not (tmp_path / "app").exists()
    done = _sh(b / "install.sh", "--prefix", tmp_path / "app", "--cli-only", env=env)
    assert done.returncode == 0 and "只能使用命令行" in done.stderr


BUNDLE = os.environ.get("WORKBENCH_BUNDLE")


@pytest.mark.skipif(not BUNDLE, reason="set WORKBENCH_BUNDLE to an unpacked Linux bundle")
def test_the_built_bundle_needs_glibc_2_31_at_most_and_runs_bare():
    bundle = Path(BUNDLE)
    floor = _sh(LINUX / "glibc_floor.sh", bundle / "app", "2.31")
    assert floor.returncode == 0, floor.stderr
    assert (bundle / "GLIBC_FLOOR").read_text().strip() == floor.stdout.strip()
    smoke = _sh(LINUX / "smoke_test.sh", bundle / "app")
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr


def test_the_bundle_keeps_qt_s_chinese_wording_and_the_smoke_test_checks_it():
    """Qt's own buttons (确定/取消/关闭) are worded by qtbase_zh_CN.qm: a bundle without it shows
    OK/Cancel/Close to the bureau. The build prunes Qt's translations down to qtbase's two."""
    build = (LINUX / "build.sh").read_text(encoding="utf-8")
    assert '"$qt/translations"' not in build.split("find \"$qt/translations\"")[0]
    assert 'find "$qt/translations" -type f ! -name qtbase_zh_CN.qm ! -name qtbase_en.qm -delete' in build
    assert "translations/qtbase_zh_CN.qm" in (LINUX / "smoke_test.sh").read_text(encoding="utf-8")
