; Inno Setup 6 script (any 6.x). On Windows, after `pyinstaller installer\workbench.spec`:
;   iscc /DAppVersion=<version> installer\windows\workbench.iss
; (installer/windows/build.ps1 and the CI workflow pass the version from workbench.__version__,
; the one place it is written). Optional code signing: define SignToolName and pass the tool,
;   iscc /DSignToolName=bureau "/Sbureau=signtool sign /f cert.pfx /p PASS /fd sha256 /tr URL /td sha256 $f" …
; then setup and uninstaller are signed (the programs are signed before packing, by build.ps1).
#define AppName "光明区扶持资金审核工作台"
#define AppExe "guangming-workbench.exe"
#define CliExe "workbench-cli.exe"
#define DataDir "{localappdata}\guangming-workbench"

#ifndef AppVersion
  #error 请用 /DAppVersion=<版本号> 编译（版本号只写在 workbench/__init__.py）
#endif

#ifndef SourceDir
  #define SourceDir "..\..\dist\guangming-workbench"
#endif

[Setup]
AppId={{6F1C3E52-9B0E-4C6A-9D1A-6B8E2A0C5F11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=深圳市光明区工业和信息化局
VersionInfoVersion={#AppVersion}
VersionInfoProductVersion={#AppVersion}
VersionInfoDescription={#AppName} 安装程序
; Per-user by default (no administrator rights needed); the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\GuangmingWorkbench
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; 64-bit programs: install in 64-bit mode ("x64compatible" exists from 6.3, "x64" before).
#if Ver >= 0x06030000
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
#else
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
#endif
SetupIconFile=..\..\resources\icons\workbench.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=guangming-workbench-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
#ifdef SignToolName
SignTool={#SignToolName}
SignedUninstaller=yes
#endif

[Languages]
; ChineseSimplified.isl ships with Inno Setup from 6.5 only: use it where the compiler has it
; (or where it was put beside this script), else the wizard's own texts stay English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "创建桌面快捷方式"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program folder, so no file of an older version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName}（命令行）"; Filename: "{cmd}"; Parameters: "/k ""set PATH={app};%PATH% && {#CliExe} --help"""; WorkingDir: "{userdocs}"
Name: "{group}\卸载 {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动 {#AppName}"; Flags: nowait postinstall skipifsilent

[Code]
{ The store, keys, backups and settings are the bureau's records: the uninstaller leaves them
  and says where they are. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('程序已卸载。数据库、密钥、备份和设置未删除，保存在：' + #13#10 +
           ExpandConstant('{#DataDir}') + #13#10 +
           '重新安装后会继续使用；如确定不再需要，可手动删除该文件夹。',
           mbInformation, MB_OK);
end;
