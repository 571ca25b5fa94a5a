; Inno Setup script: run on Windows after `pyinstaller installer\workbench.spec`:
;   iscc installer\windows\workbench.iss
; It packs dist\guangming-workbench into one setup program with a Start-menu entry.
#define AppName "光明区扶持资金审核工作台"
#define AppVersion "0.1.0"

[Setup]
AppId={{6F1C3E52-9B0E-4C6A-9D1A-6B8E2A0C5F11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=深圳市光明区工业和信息化局
DefaultDirName={autopf}\GuangmingWorkbench
DefaultGroupName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=guangming-workbench-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\guangming-workbench\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\guangming-workbench.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\guangming-workbench.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "创建桌面快捷方式"; Flags: unchecked
