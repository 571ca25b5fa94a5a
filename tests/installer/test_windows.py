"""The Windows packaging: the Inno Setup script compiles (under wine, with the oldest Inno
Setup 6.x it must support), the PyInstaller spec makes a windowed and a console program, a
windowed program survives having no console, and the version comes from one place."""
from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from workbench import __version__

pytestmark = pytest.mark.slow  # seconds each: processes, key derivation, signing

ROOT = Path(__file__).resolve().parents[2]
WIN = ROOT / "installer" / "windows"
ISS = (WIN / "workbench.iss").read_text(encoding="utf-8-sig")
have_wine = pytest.mark.skipif(not (shutil.which("wine") and shutil.which("npm")),
                               reason="wine (32-bit) and npm are needed to compile the .iss")


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_iss_installs_per_user_64_bit_keeps_data_and_takes_the_version_from_outside():
    for line in ("PrivilegesRequired=lowest", "PrivilegesRequiredOverridesAllowed=dialog",
                 "ArchitecturesInstallIn64BitMode=x64compatible", "SetupIconFile=",
                 "UninstallDisplayIcon={app}\\{#AppExe}", "VersionInfoVersion={#AppVersion}",
                 "SignTool={#SignToolName}"):
        assert line in ISS, line
    assert __version__ not in ISS and "#error" in ISS           # only /DAppVersion=…
    # The Chinese wizard texts only where the compiler (6.5+) or the folder has them.
    assert 'FileExists(AddBackslash(CompilerPath) + "Languages\\ChineseSimplified.isl")' in ISS
    assert "{localappdata}\\guangming-workbench" in ISS and "usPostUninstall" in ISS
    assert (ROOT / "resources" / "icons" / "workbench.ico").read_bytes()[:4] == b"\0\0\1\0"


def _compile(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=sys.executable)
    return subprocess.run(["bash", str(WIN / "compile_iss.sh"), str(tmp_path), *extra],
                          capture_output=True, text=True, env=env, timeout=600)


@have_wine
def test_iss_compiles_with_inno_setup_6_3_under_wine(tmp_path):
    done = _compile(tmp_path)
    assert done.returncode == 0, done.stderr + done.stdout
    setup = tmp_path / f"guangming-workbench-{__version__}-setup.exe"
    assert setup.read_bytes()[:2] == b"MZ" and setup.stat().st_size > 100_000


@have_wine
def test_the_signing_hook_runs_the_configured_sign_tool(tmp_path):
    # A sign tool that signs nothing: Inno Setup calls it and then refuses the unsigned file,
    # which shows that a configured certificate would be used for setup and uninstaller.
    env_cmd = ["wine", "--version"]
    assert subprocess.run(env_cmd, capture_output=True).returncode == 0
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "guangming-workbench"
    compiler = cache / "innosetup-compiler-6.3.1" / "package" / "bin" / "ISCC.exe"
    if not compiler.is_file():
        assert _compile(tmp_path / "first").returncode == 0
    stand_in = tmp_path / "app"
    (stand_in / "_internal").mkdir(parents=True)
    for exe in ("guangming-workbench.exe", "workbench-cli.exe"):
        (stand_in / exe).write_bytes(b"MZ stand-in")

    def win(p):
        return subprocess.run(["winepath", "-w", str(p)], capture_output=True, text=True,
                              env=_wine_env(cache)).stdout.strip()
    done = subprocess.run(
        ["wine", str(compiler), "/Q", f"/DAppVersion={__version__}", "/DSignToolName=bureau",
         "/Sbureau=cmd /c echo $f", f"/DSourceDir={win(stand_in)}", f"/O{win(tmp_path)}",
         win(WIN / "workbench.iss")], capture_output=True, text=True, env=_wine_env(cache), timeout=300)
    assert done.returncode != 0 and "Sign Tool command returned an exit code of 0" in done.stdout + done.stderr


def _wine_env(cache: Path) -> dict:
    return dict(os.environ, WINEPREFIX=os.environ.get("WINEPREFIX", str(cache / "wine")),
                WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=")


def test_spec_builds_a_windowed_and_a_console_program_in_one_folder():
    tree = ast.parse((ROOT / "installer" / "workbench.spec").read_text(encoding="utf-8"))
    exes = {}
    collect = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            kw = {k.arg: k.value for k in node.keywords}
            if node.func.id == "EXE":
                exes[ast.literal_eval(kw["name"])] = (ast.literal_eval(kw["console"]), kw)
            if node.func.id == "COLLECT":
                collect = [a.id for a in node.args if isinstance(a, ast.Name)]
    assert exes["guangming-workbench"][0] is False and exes["workbench-cli"][0] is True
    assert all("icon" in kw and "version" in kw for _, kw in exes.values())
    assert collect[:2] == ["gui", "cli"]


def test_version_resource_is_written_from_the_project_version(tmp_path):
    vi = _load(WIN / "version_info.py", "version_info")
    assert vi.numbers("0.1.0") == (0, 1, 0, 0) and vi.numbers("1.2.3rc1") == (1, 2, 3, 0)
    text = vi.write(tmp_path / "v.txt", __version__, "workbench-cli", "命令行").read_text(encoding="utf-8")
    ast.parse(text)                                   # PyInstaller evaluates it as Python
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert "filevers=(0, 1, 0, 0)" in text if __version__ == "0.1.0" else True


def test_windowed_program_without_console_streams_does_not_crash(tmp_path, monkeypatch, capsys):
    launch = _load(ROOT / "installer" / "launch.py", "launch")
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    launch.guard_streams()
    from workbench.cli import main

    assert main(["--db", str(tmp_path / "s.sqlite"), "template", str(tmp_path / "t.xlsx")]) == 0
    assert sys.stdout.isatty() is False
    sys.stdout.flush()
    assert (tmp_path / "t.xlsx").is_file()
    assert (tmp_path / "logs" / "workbench.log").is_file()


def test_ci_workflow_builds_on_windows_with_the_one_version():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "windows-installer.yml").read_text(encoding="utf-8"))
    job = flow["jobs"]["installer"]
    assert job["runs-on"] == "windows-latest"
    runs = " ".join(str(s.get("run", "")) for s in job["steps"])
    assert "build.ps1" in runs and "workbench-cli.exe --version" in runs
    ps1 = (WIN / "build.ps1").read_text(encoding="utf-8")
    assert "pyinstaller" in ps1 and "/DAppVersion=$version" in ps1 and "signtool" in ps1
    assert "workbench.__version__" in ps1


def test_every_build_carries_the_keyring_client_for_office_mode(monkeypatch):
    """The bureau's PCs run the bundle: without keyring in it, 在本机钥匙串中记住 could never work
    there. Every build installs the office extra, and the spec refuses to build without it."""
    flow = (ROOT / ".github" / "workflows" / "windows-installer.yml").read_text(encoding="utf-8")
    assert 'pip install -e ".[installer,office]"' in flow
    assert "pip install -e .[installer,office]" in (WIN / "build.ps1").read_text(encoding="utf-8")
    bullseye = (ROOT / "installer" / "linux" / "build_bullseye.sh").read_text(encoding="utf-8")
    assert "pip install -q '.[installer,office]'" in bullseye
    assert "keyring-" in (ROOT / "installer" / "linux" / "smoke_test.sh").read_text(encoding="utf-8")
    monkeypatch.setitem(sys.modules, "keyring", None)   # as if it were not installed
    # PyInstaller itself need not be installed to read the spec's guard.
    import types

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = hooks.collect_submodules = lambda *a, **k: []
    for name, module in (("PyInstaller", types.ModuleType("PyInstaller")),
                         ("PyInstaller.utils", types.ModuleType("PyInstaller.utils")),
                         ("PyInstaller.utils.hooks", hooks)):
        monkeypatch.setitem(sys.modules, name, module)
    spec = ROOT / "installer" / "workbench.spec"
    with pytest.raises(SystemExit, match=r"keyring.*\[installer,office\]"):
        exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"),
             {"SPECPATH": str(spec.parent), "__file__": str(spec)})
