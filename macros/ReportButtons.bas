Attribute VB_Name = "ReportButtons"
' nianbao: the three buttons of the annual-report workbook.
'
' ASCII only (the VBA project is written in codepage 1252): every Chinese message is
' stored as UTF-16 hex and decoded by nbText(). tests/test_macro_workbook.py decodes
' them and checks each against the intended Chinese sentence.
'
' No workbook name appears here: RunPython (module xlwings, copied from the pinned
' xlwings wheel) passes ThisWorkbook to Python, so the clerk may rename the file.
Option Explicit

' Set once Python, nianbao and xlwings were found in this Excel session.
Private nbPythonChecked As Boolean

Public Sub ValidateReport()
    If Not nbPythonReady() Then Exit Sub
    RunPython "import nianbao.excel as e; e.validate()"
End Sub

Public Sub GenerateText()
    If Not nbPythonReady() Then Exit Sub
    RunPython "import nianbao.excel as e; e.generate_text()"
End Sub

Public Sub ExportReport()
    If Not nbPythonReady() Then Exit Sub
    RunPython "import nianbao.excel as e; e.export_report()"
End Sub

' For support (Alt+F8): check the Python set-up again and say whether it is ready.
Public Sub CheckPython()
    nbPythonChecked = False
    If nbPythonReady() Then nbAlert nbText("READY"), vbInformation
End Sub

' Windows: run the same interpreter RunPython will use, once per session, and turn
' a failure into a Chinese message instead of xlwings' English log. Exit codes come
' from cmd.exe (9009: command not found), Python (1: nianbao not importable) and
' nianbao.excel.doctor (12: no xlwings, 13: another xlwings version).
' Mac: RunPython goes through AppleScript and no shell is reachable from VBA; xlwings
' shows its own message there.
Private Function nbPythonReady() As Boolean
#If Mac Then
    nbPythonReady = True
#Else
    Dim interpreter As String, program As String, shellLine As String, exitCode As Long
    If nbPythonChecked Then
        nbPythonReady = True
        Exit Function
    End If
    interpreter = GetConfig("INTERPRETER_WIN", "")
    If interpreter = "" Then interpreter = GetConfig("INTERPRETER", "python")
    If interpreter = "python" Or interpreter = "pythonw" Then
        program = "python"
    Else
        If Not nbFileExists(interpreter) Then
            nbAlert nbText("BAD_PATH") & interpreter, vbExclamation
            Exit Function
        End If
        program = Chr(34) & interpreter & Chr(34)
    End If
    shellLine = "cmd.exe /S /C " & Chr(34) & program & " -B -c " & Chr(34) & _
        "import nianbao.excel.doctor as d; d.main('" & XLWINGS_VERSION & "')" & Chr(34) & Chr(34)
    On Error GoTo ShellFailed
    exitCode = CreateObject("WScript.Shell").Run(shellLine, 0, True)
    On Error GoTo 0
    Select Case exitCode
        Case 0
            nbPythonChecked = True
            nbPythonReady = True
        Case 9009
            nbAlert nbText("NO_PYTHON"), vbExclamation
        Case 12
            nbAlert nbText("NO_XLWINGS") & XLWINGS_VERSION, vbExclamation
        Case 13
            nbAlert nbText("OLD_XLWINGS") & XLWINGS_VERSION, vbExclamation
        Case Else
            nbAlert nbText("NO_PACKAGE") & vbLf & "(" & exitCode & ")", vbExclamation
    End Select
    Exit Function
ShellFailed:
    nbAlert nbText("FAILED") & Err.Number & ": " & Err.Description, vbExclamation
#End If
End Function

Private Function nbFileExists(ByVal path As String) As Boolean
    On Error Resume Next
    nbFileExists = (Len(Dir(path, vbNormal)) > 0)
    On Error GoTo 0
End Function

Private Sub nbAlert(ByVal message As String, ByVal style As VbMsgBoxStyle)
    MsgBox message, style, nbText("TITLE")
End Sub

' The Chinese text of a message, decoded from 4-digit UTF-16 hex.
Private Function nbText(ByVal key As String) As String
    Dim hexText As String, i As Long, j As Long, unit As Long
    Select Case key
    ' Window title: annual report on government information disclosure
    Case "TITLE": hexText = "653F5E9C4FE1606F516C5F005DE54F5C5E745EA662A5544A"
    ' Python not found; install it, or set INTERPRETER_WIN in the user's .xlwings\xlwings.conf
    Case "NO_PYTHON": hexText = "627E4E0D523000200050007900740068006F006E3002000A000A8BF751486309300A0045" & _
            "007800630065006C0020630994AE4F7F75288BF4660E300B5728672C673A5B8988C50020" & _
            "0050007900740068006F006E0020548C0020006E00690061006E00620061006F3002000A" & _
            "59825DF25B8988C5FF0C8BF757287528623765874EF659394E0B76840020002E0078006C" & _
            "00770069006E00670073005C0078006C00770069006E00670073002E0063006F006E0066" & _
            "00204E2DFF0C628A00200049004E005400450052005000520045005400450052005F0057" & _
            "0049004E00208BBE4E3A00200070007900740068006F006E002E00650078006500207684" & _
            "5B8C65748DEF5F843002"
    ' The configured Python path does not exist: <path>
    Case "BAD_PATH": hexText = "8BBE7F6E768400200050007900740068006F006E00208DEF5F844E0D5B585728FF1A"
    ' Python found but the nianbao package is missing or broken; install it
    Case "NO_PACKAGE": hexText = "5DF2627E523000200050007900740068006F006EFF0C4F466CA167095B8988C50020006E" & _
            "00690061006E00620061006F00207A0B5E8F5305FF0C62165B8988C54E0D5B8C65743002" & _
            "000A000A8BF76309300A0045007800630065006C0020630994AE4F7F75288BF4660E300B" & _
            "5B8988C5FF0C4F8B59825728547D4EE463D0793A7B264E2D8FD0884CFF1A000A00700079" & _
            "0020002D006D002000700069007000200069006E007300740061006C006C0020002D002D" & _
            "00750073006500720020006E00690061006E00620061006F002D002A002E00770068006C"
    ' Python found but xlwings is missing; run pip install xlwings==<version>
    Case "NO_XLWINGS": hexText = "5DF2627E523000200050007900740068006F006EFF0C4F466CA167095B8988C500200078" & _
            "006C00770069006E0067007330028BF75728547D4EE463D0793A7B264E2D8FD0884CFF1A" & _
            "000A007000790020002D006D002000700069007000200069006E007300740061006C006C" & _
            "0020002D002D007500730065007200200078006C00770069006E00670073003D003D"
    ' The installed xlwings differs from this workbook's; run pip install xlwings==<version>
    Case "OLD_XLWINGS": hexText = "672C673A768400200078006C00770069006E0067007300207248672C4E0E672C5DE54F5C" & _
            "7C3F4E0D4E0081F430028BF75728547D4EE463D0793A7B264E2D8FD0884CFF1A000A0070" & _
            "00790020002D006D002000700069007000200069006E007300740061006C006C0020002D" & _
            "002D007500730065007200200078006C00770069006E00670073003D003D"
    ' Checking Python failed, code <n>
    Case "FAILED": hexText = "68C067E500200050007900740068006F006E002073AF588365F651FA9519FF0C4EE37801" & _
            "0020"
    ' Python is ready; the three buttons can be used
    Case "READY": hexText = "0050007900740068006F006E002073AF58836B635E38FF0C53EF4EE54F7F7528201C6821" & _
            "9A8C201D201C751F621065875B57201D201C5BFC51FA62A5544A201D630994AE3002"
    End Select
    For i = 1 To Len(hexText) Step 4
        unit = 0
        For j = 0 To 3
            unit = unit * 16 + InStr(1, "0123456789ABCDEF", Mid$(hexText, i + j, 1), vbBinaryCompare) - 1
        Next j
        nbText = nbText & ChrW(unit)
    Next i
End Function
