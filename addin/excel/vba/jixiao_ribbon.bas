Attribute VB_Name = "jixiao_ribbon"
' jixiao (budget performance forms) - ribbon callbacks of the jixiao.xlam add-in.
' Every button runs a handler in the Python package addin.excel.handlers through
' xlwings' RunPython. Labels and messages are Chinese and live in the ribbon XML and
' in Python: this file stays ASCII.
Option Explicit

Private Const HANDLERS As String = "import addin.excel.handlers as h; h."

Private Sub CallHandler(ByVal handlerCall As String)
    ' RunPython hands the active workbook to Python: make sure there is one
    If ActiveWorkbook Is Nothing Then Workbooks.Add
    RunPython HANDLERS & handlerCall
End Sub

Private Function Quoted(ByVal tag As String) As String
    ' ribbon tags are ASCII codes such as project_self; keep them inert in Python
    Quoted = "'" & Replace(Replace(tag, "\", ""), "'", "") & "'"
End Function

Public Sub OnNewForm(control As IRibbonControl)
    CallHandler "on_new(" & Quoted(control.Tag) & ")"
End Sub

Public Sub OnCheck(control As IRibbonControl)
    CallHandler "on_check()"
End Sub

Public Sub OnClear(control As IRibbonControl)
    CallHandler "on_clear()"
End Sub

Public Sub OnScore(control As IRibbonControl)
    CallHandler "on_score()"
End Sub

Public Sub OnMerge(control As IRibbonControl)
    ' Excel's own folder picker, then the folder handed to Python
    Dim folder As String
    folder = PickFolder()
    If folder = "" Then Exit Sub
    CallHandler "on_merge(" & HexText(folder) & ")"
End Sub

Public Sub OnPrefill(control As IRibbonControl)
    ' the active workbook's own target forms when it has a target sheet; else Excel's
    ' file picker, shown here so that it is modal to Excel, and the path handed to Python
    Dim target As String
    If HasTargetSheet() Then
        CallHandler "on_prefill()"
        Exit Sub
    End If
    target = PickFile()
    If target = "" Then Exit Sub
    CallHandler "on_prefill(" & HexText(target) & ")"
End Sub

' Whether a sheet of the active workbook is named like a target form (its name holds
' ChrW(&H76EE) & ChrW(&H6807), the two characters of the word for target).
Private Function HasTargetSheet() As Boolean
    Dim sheet As Object
    HasTargetSheet = False
    On Error GoTo Done
    For Each sheet In ActiveWorkbook.Worksheets
        If InStr(1, sheet.Name, ChrW(&H76EE) & ChrW(&H6807)) > 0 Then
            HasTargetSheet = True
            Exit Function
        End If
    Next sheet
Done:
End Function

Public Sub OnCompare(control As IRibbonControl)
    ' Excel's own file picker for the target workbook, then the path handed to Python
    Dim target As String
    target = PickFile()
    If target = "" Then Exit Sub
    CallHandler "on_compare(" & HexText(target) & ")"
End Sub

Public Sub OnReport(control As IRibbonControl)
    CallHandler "on_report()"
End Sub

Public Sub OnProfile(control As IRibbonControl)
    CallHandler "on_profile(" & Quoted(control.Tag) & ")"
End Sub

Public Sub OnInspect(control As IRibbonControl)
    CallHandler "on_inspect()"
End Sub

Public Sub OnTeach(control As IRibbonControl)
    ' the tag is a role code such as columns.target.names, or list / remove
    CallHandler "on_teach(" & Quoted(control.Tag) & ")"
End Sub

Public Sub OnHelp(control As IRibbonControl)
    CallHandler "on_help()"
End Sub
