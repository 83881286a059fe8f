; NSIS include for the Windows installer (electron-builder.yml nsis.include).
; Branchbox installs for the current user only, so it never asks for administrator rights: skip the
; "Anyone who uses this computer / Only for me" page and always take "Only for me".
!macro customInstallMode
  StrCpy $isForceCurrentInstall "1"
  StrCpy $isForceMachineInstall "0"
!macroend
