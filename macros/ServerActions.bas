Attribute VB_Name = "ServerActions"
' nianbao: actions that the service's xlwings (Python side, 0.37.8) sends and that xlwings'
' VBA client (module Remote, same version) has no Sub for. Remote applies each action with
' Application.Run action("func"), wb, action, which finds these by name.
' tests/test_service_xlwings.py checks that every action the service returns to a VBA client
' is a Sub of Remote or of this module.
Option Explicit

Public Sub setFontProperty(wb As Workbook, action As Dictionary)
    Dim target As Range
    Set target = GetRange(wb, action)
    Select Case action("args")(1)
        Case "bold": target.Font.Bold = action("args")(2)
        Case "italic": target.Font.Italic = action("args")(2)
        Case "size": target.Font.Size = action("args")(2)
        Case "name": target.Font.Name = action("args")(2)
        Case "color": target.Font.Color = HexToRgb(action("args")(2))
    End Select
End Sub

Public Sub setWrapText(wb As Workbook, action As Dictionary)
    GetRange(wb, action).WrapText = action("args")(1)
End Sub

Public Sub setSheetVisibility(wb As Workbook, action As Dictionary)
    Select Case action("args")(1)
        Case "Hidden": wb.Worksheets(action("sheet_position") + 1).Visible = xlSheetHidden
        Case "VeryHidden": wb.Worksheets(action("sheet_position") + 1).Visible = xlSheetVeryHidden
        Case Else: wb.Worksheets(action("sheet_position") + 1).Visible = xlSheetVisible
    End Select
End Sub

Public Sub setRowHeight(wb As Workbook, action As Dictionary)
    ' generate_text: the rows of the text sheet grow to show the whole paragraph.
    GetRange(wb, action).RowHeight = action("args")(1)
End Sub
