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


' Server mode: the URL of the office's nianbao service, from NIANBAO_SERVER in the hidden
' xlwings.conf sheet (set by `nianbao workbook --server URL`) or in the clerk's own
' xlwings.conf file. Empty: the buttons run the local Python (RunPython) as before.
Private Function nbServer() As String
    Dim url As String
    url = Trim$(GetConfig("NIANBAO_SERVER", ""))
    Do While Right$(url, 1) = "/"
        url = Left$(url, Len(url) - 1)
    Loop
    nbServer = url
End Function

' One button through the service: xlwings' VBA client (module Remote) sends the workbook's
' values, the service answers with actions (colours, values, our macros below, a message).
Private Sub nbRunOnServer(ByVal endpoint As String)
    On Error GoTo ServerFailed
    RunServerPython nbServer() & endpoint
    Exit Sub
ServerFailed:
    nbAlert nbText("SERVER_FAILED") & nbServer() & vbLf & Err.Number & ": " & Err.Description, vbExclamation
End Sub

Public Sub ValidateReport()
    If nbServer() <> "" Then
        nbRunOnServer "/xlwings/validate"
        Exit Sub
    End If
    If Not nbPythonReady() Then Exit Sub
    RunPython "import nianbao.excel as e; e.validate()"
End Sub

Public Sub GenerateText()
    If nbServer() <> "" Then
        nbRunOnServer "/xlwings/generate_text"
        Exit Sub
    End If
    If Not nbPythonReady() Then Exit Sub
    RunPython "import nianbao.excel as e; e.generate_text()"
End Sub

Public Sub ExportReport()
    If nbServer() <> "" Then
        nbRunOnServer "/xlwings/export_report"
        Exit Sub
    End If
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

' ---- Called by the service through xlwings' runMacro action (Application.Run name, wb, args):
' what the VBA client cannot do by itself. Our notes start with U+3010 (the bracket of
' "[error/warning rule]"); a note the clerk wrote is never replaced or deleted.

Public Sub nbUnprotect(wb As Workbook, ByVal sheetName As String)
    wb.Worksheets(nbUtf(sheetName)).Unprotect ""
End Sub

' The same permissions as the template (build/template.py): objects protected, rows and
' columns may be resized.
Public Sub nbProtect(wb As Workbook, ByVal sheetName As String)
    wb.Worksheets(nbUtf(sheetName)).Protect Password:="", DrawingObjects:=True, Contents:=True, _
        Scenarios:=True, AllowFormattingColumns:=True, AllowFormattingRows:=True
End Sub

Public Sub nbSetNote(wb As Workbook, ByVal sheetName As String, ByVal address As String, ByVal text As String)
    Dim target As Range
    Set target = wb.Worksheets(nbUtf(sheetName)).Range(address)
    If Not target.Comment Is Nothing Then
        If Left$(target.Comment.text, 1) <> ChrW(&H3010) Then Exit Sub
        target.Comment.Delete
    End If
    target.AddComment nbUtf(text)
End Sub

Public Sub nbDeleteNote(wb As Workbook, ByVal sheetName As String, ByVal address As String)
    Dim target As Range
    Set target = wb.Worksheets(nbUtf(sheetName)).Range(address)
    If target.Comment Is Nothing Then Exit Sub
    If Left$(target.Comment.text, 1) = ChrW(&H3010) Then target.Comment.Delete
End Sub

' Export through the service: fetch each prepared file (baseUrl & "/0", "/1"...) and save it
' beside the workbook under the name in `names` (one per line), then say where.
Public Sub nbSaveExports(wb As Workbook, ByVal baseUrl As String, ByVal names As String, ByVal closing As String)
    Dim parts() As String, i As Long, target As String, saved As String
    If wb.Path = "" Or InStr(wb.Path, "://") > 0 Then
        nbAlert nbText("NOT_SAVED"), vbExclamation
        Exit Sub
    End If
    parts = Split(nbUtf(names), vbLf)
    On Error GoTo DownloadFailed
    For i = 0 To UBound(parts)
        target = wb.Path & Application.PathSeparator & parts(i)
        nbDownload baseUrl & "/" & i, target
        saved = saved & vbLf & "  " & target
    Next i
    On Error GoTo 0
    nbAlert nbText("EXPORTED") & saved & vbLf & nbUtf(closing), vbInformation
    Exit Sub
DownloadFailed:
    nbAlert nbText("DOWNLOAD_FAILED") & Err.Number & ": " & Err.Description, vbExclamation
End Sub

Private Sub nbDownload(ByVal url As String, ByVal target As String)
    Dim client As New WebClient, request As New WebRequest, response As WebResponse
    Dim bytes() As Byte
    client.BaseUrl = url
    request.Method = WebMethod.HttpGet
    request.ResponseFormat = WebFormat.PlainText
    Set response = client.Execute(request)
    If response.StatusCode <> WebStatusCode.Ok Then Err.Raise vbObjectError + 513, , response.StatusCode & " " & url
    bytes = response.Body
#If Mac Then
    Dim handle As Integer
    handle = FreeFile
    Open target For Binary Access Write As #handle
    Put #handle, 1, bytes
    Close #handle
#Else
    Dim stream As Object
    Set stream = CreateObject("ADODB.Stream")
    stream.Type = 1
    stream.Open
    stream.Write bytes
    stream.SaveToFile target, 2
    stream.Close
#End If
End Sub

' Strings from the service arrive UTF-8 encoded on the Mac (as Remote.setValues handles them).
Private Function nbUtf(ByVal text As String) As String
#If Mac Then
    nbUtf = Utf8ToUtf16(text)
#Else
    nbUtf = text
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
    ' Python found but the nianbao package is missing or broken; run the offline installer
    Case "NO_PACKAGE": hexText = "5DF2627E523000200050007900740068006F006EFF0C4F466CA167095B8988C50020006E" & _
            "00690061006E00620061006F00207A0B5E8F5305FF0C62165B8988C54E0D5B8C65743002" & _
            "000A000A8BF753CC51FB0020006E00690061006E00620061006F002079BB7EBF5B8988C5" & _
            "53054E2D7684201C5B8988C5002E006200610074201DFF084E0D970089817BA174065458" & _
            "67439650FF0C4E0D9700898180547F51FF09FF1B621680055728547D4EE463D0793A7B26" & _
            "4E2D8FD0884CFF1A000A007000790020002D006D002000700069007000200069006E0073" & _
            "00740061006C006C0020002D002D00750073006500720020002D002D006E006F002D0069" & _
            "006E0064006500780020002D002D00660069006E0064002D006C0069006E006B00730020" & _
            "5B8988C553056240572865874EF659390020006E00690061006E00620061006F"
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
    ' The office service could not be reached: <url> <error>
    Case "SERVER_FAILED": hexText = "65E06CD58FDE63A55E7462A5670D52A1FF088BF7786E8BA4672C673A80FD8BBF95EE8BE5" & _
            "7F515740FF0C62168BF7653F52A1516C5F00529E68C067E5670D52A1662F542657288FD0" & _
            "884CFF09FF1A000A"
    ' Save the workbook to a local folder first (exports go beside it)
    Case "NOT_SAVED": hexText = "8BF75148628A5DE54F5C7C3F4FDD5B585230672C673A65874EF65939FF0C518D5BFC51FA" & _
            "FF085BFC51FA768465874EF6653E57285DE54F5C7C3F65C18FB9FF093002"
    ' Exported the finished report: <paths>
    Case "EXPORTED": hexText = "5DF25BFC51FA5B9A7A3F62A5544AFF1A"
    ' Fetching an exported file from the service failed: <detail>
    Case "DOWNLOAD_FAILED": hexText = "4ECE5E7462A5670D52A153D656DE5BFC51FA65874EF665F651FA9519FF1A"
    End Select
    For i = 1 To Len(hexText) Step 4
        unit = 0
        For j = 0 To 3
            unit = unit * 16 + InStr(1, "0123456789ABCDEF", Mid$(hexText, i + j, 1), vbBinaryCompare) - 1
        Next j
        nbText = nbText & ChrW(unit)
    Next i
End Function
