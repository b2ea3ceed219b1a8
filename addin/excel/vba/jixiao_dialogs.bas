Attribute VB_Name = "jixiao_dialogs"
' jixiao - dialogs that belong to Excel itself, shown from VBA so that they are modal to
' the Excel window (a dialog opened from the Python process can appear behind it).
' ASCII only: Excel shows its own, localised captions.
Option Explicit

Private Const MSO_FILE_DIALOG_FOLDER_PICKER As Long = 4
Private Const MSO_FILE_DIALOG_FILE_PICKER As Long = 3

' The folder the clerk chose in Excel's folder picker; "" when cancelled.
Public Function PickFolder() As String
    PickFolder = ""
    With Application.FileDialog(MSO_FILE_DIALOG_FOLDER_PICKER)
        .AllowMultiSelect = False
        If .Show = -1 Then PickFolder = .SelectedItems(1)
    End With
End Function

' Text as a Python string literal of hex UTF-16 code units ('4E2D...'): any path (Chinese,
' quotes, backslashes) reaches Python intact through RunPython's ASCII command line.
Public Function PickFile() As String
    ' one workbook file; "" when the clerk cancels
    PickFile = ""
    With Application.FileDialog(MSO_FILE_DIALOG_FILE_PICKER)
        .AllowMultiSelect = False
        .Filters.Clear
        .Filters.Add "Excel", "*.xlsx;*.xlsm;*.xls;*.ods"
        If .Show = -1 Then PickFile = .SelectedItems(1)
    End With
End Function

Public Function HexText(ByVal text As String) As String
    Dim i As Long
    Dim code As Long
    Dim result As String
    result = ""
    For i = 1 To Len(text)
        code = AscW(Mid$(text, i, 1))  ' an Integer: negative from U+8000 on
        If code < 0 Then code = code + 65536
        result = result & Right$("000" & Hex$(code), 4)
    Next i
    HexText = "'" & result & "'"
End Function
