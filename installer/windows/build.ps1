# Builds the Windows installer on a Windows PC or runner (PyInstaller cannot cross-compile):
#   pip install -e .[installer,office]; installer\windows\build.ps1
# → dist\guangming-workbench-<version>-setup.exe. The version comes from workbench.__version__.
# Code signing (optional): set SIGN_CERT_PFX (path of a .pfx) and SIGN_CERT_PASSWORD, and
# SIGN_TIMESTAMP_URL for an RFC 3161 time-stamp; both programs, the setup and the uninstaller
# are then signed with signtool (Windows SDK). Without a certificate nothing is signed.
param([string]$Iscc = "")
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not $Iscc) {
  $found = Get-Command iscc.exe -ErrorAction SilentlyContinue
  $Iscc = if ($found) { $found.Source } else { Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
}
$version = (python -c "import workbench; print(workbench.__version__)").Trim()
pyinstaller --noconfirm --clean installer\workbench.spec
if ($LASTEXITCODE) { exit $LASTEXITCODE }

$isccArgs = @("/DAppVersion=$version")
if ($env:SIGN_CERT_PFX) {
  $sign = @("sign", "/f", $env:SIGN_CERT_PFX, "/p", $env:SIGN_CERT_PASSWORD, "/fd", "sha256")
  if ($env:SIGN_TIMESTAMP_URL) { $sign += @("/tr", $env:SIGN_TIMESTAMP_URL, "/td", "sha256") }
  & signtool @sign dist\guangming-workbench\guangming-workbench.exe dist\guangming-workbench\workbench-cli.exe
  if ($LASTEXITCODE) { exit $LASTEXITCODE }
  # Inno Setup runs this for the setup and the uninstaller; it replaces $f by the quoted file.
  $cmd = "signtool sign /f `"$($env:SIGN_CERT_PFX)`" /p `"$($env:SIGN_CERT_PASSWORD)`" /fd sha256"
  if ($env:SIGN_TIMESTAMP_URL) { $cmd += " /tr $($env:SIGN_TIMESTAMP_URL) /td sha256" }
  $isccArgs += @("/DSignToolName=bureau", "/Sbureau=$cmd `$f")
}
& $Iscc @isccArgs installer\windows\workbench.iss
exit $LASTEXITCODE
