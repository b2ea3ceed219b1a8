Attribute VB_Name = "jixiao_paint"
' jixiao - work on a sheet done inside Excel: Python calls these through Application.Run,
' one call per sheet instead of several per cell. They never raise (a VBA error box would
' stop Excel while Python waits): a failure comes back as the text
' "error <number>: <description>" and Python then does the same work call by call.
' ASCII only.
Option Explicit

Private Const PROTECTION_COLUMNS As Long = 14

' The protection of each sheet named in sheets (an array of names) of the workbook named
' book: one row per sheet of ProtectContents, ProtectDrawingObjects, ProtectScenarios and
' the 11 Allow options of Worksheet.Protection, in the order Python reads them.
Public Function ProtectionOf(ByVal book As String, ByVal sheets As Variant) As Variant
    Dim result() As Variant
    Dim wb As Object
    Dim ws As Object
    Dim i As Long
    Dim n As Long
    On Error GoTo Failed
    Set wb = Application.Workbooks(book)
    n = UBound(sheets) - LBound(sheets) + 1
    ReDim result(0 To n - 1, 0 To PROTECTION_COLUMNS - 1)
    For i = 0 To n - 1
        Set ws = wb.Worksheets(CStr(sheets(LBound(sheets) + i)))
        result(i, 0) = ws.ProtectContents
        result(i, 1) = ws.ProtectDrawingObjects
        result(i, 2) = ws.ProtectScenarios
        With ws.Protection
            result(i, 3) = .AllowFormattingCells
            result(i, 4) = .AllowFormattingColumns
            result(i, 5) = .AllowFormattingRows
            result(i, 6) = .AllowInsertingColumns
            result(i, 7) = .AllowInsertingRows
            result(i, 8) = .AllowInsertingHyperlinks
            result(i, 9) = .AllowDeletingColumns
            result(i, 10) = .AllowDeletingRows
            result(i, 11) = .AllowSorting
            result(i, 12) = .AllowFiltering
            result(i, 13) = .AllowUsingPivotTables
        End With
    Next i
    ProtectionOf = result
    Exit Function
Failed:
    ProtectionOf = "error " & Err.Number & ": " & Err.Description
End Function

' On the sheet named sheet: the notes of the cells cleared(i) removed, then a note put on
' each cell refs(i), replacing any note there: texts(i), its box sized widths(i) by
' heights(i) points when both are above 0. Answers how many notes were put.
Public Function SetNotes(ByVal book As String, ByVal sheet As String, ByVal cleared As Variant, _
                         ByVal refs As Variant, ByVal texts As Variant, _
                         ByVal widths As Variant, ByVal heights As Variant) As Variant
    Dim ws As Object
    Dim target As Object
    Dim added As Object
    Dim i As Long
    Dim done As Long
    On Error GoTo Failed
    Set ws = Application.Workbooks(book).Worksheets(sheet)
    For i = LBound(cleared) To UBound(cleared)
        ws.Range(CStr(cleared(i))).ClearComments
    Next i
    done = 0
    For i = LBound(refs) To UBound(refs)
        Set target = ws.Range(CStr(refs(i)))
        If Not target.Comment Is Nothing Then target.Comment.Delete
        Set added = target.AddComment(CStr(texts(i)))
        If widths(i) > 0 Then
            If heights(i) > 0 Then
                added.Shape.Width = widths(i)
                added.Shape.Height = heights(i)
            End If
        End If
        done = done + 1
    Next i
    SetNotes = done
    Exit Function
Failed:
    SetNotes = "error " & Err.Number & ": " & Err.Description
End Function
