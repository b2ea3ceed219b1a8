REM Types cells as a clerk does: each text goes through Calc's own input parser, in the
REM profile's locale (zh-CN), then the book is recalculated and saved.
REM
REM The job file (UTF-8, one command a line, fields split by TAB) is named by the
REM environment variable JIXIAO_TYPING_JOB. For each command a line "OK n" or
REM "ERR n message" goes to the job file's ".log", and "END" when all are done.
REM
REM A typed text becomes what Calc's cell input makes of it: "=..." a formula, "'..."
REM text, a text cell (format @) keeps the text, and otherwise the number formatter
REM (SvNumberFormatter::IsNumberFormat, the parser typing uses) decides: a number,
REM with the recognised format (percent, date, time, currency, scientific) applied when
REM the cell's format is General; anything it does not read as a number stays text.
REM (The ".uno:EnterString" command on a hidden view did the same, but a headless
REM LibreOffice aborted in a timer between cells, every few books; Basic's own
REM Open/Print must not be used either: it made LibreOffice abort on closing a book.)

Function Prop(name As String, value As Variant) As com.sun.star.beans.PropertyValue
    Dim p As New com.sun.star.beans.PropertyValue
    p.Name = name
    p.Value = value
    Prop = p
End Function

Function Detected(formatter As Object, key As Long, text As String) As Long
    REM the format key Calc's input parser recognises in text, or -1 if it is no number
    On Error GoTo NoNumber
    Detected = formatter.detectNumberFormat(key, text)
    Exit Function
NoNumber:
    Detected = -1
End Function

Sub EnterText(doc As Object, formatter As Object, cell As Object, text As String)
    Dim formats As Object, key As Long, found As Long, kind As Integer
    formats = doc.NumberFormats
    key = cell.NumberFormat
    If Len(text) > 1 And Left(text, 1) = "=" Then
        cell.setFormula(text)
        Exit Sub
    End If
    If Left(text, 1) = "'" Then
        cell.setString(Mid(text, 2))
        Exit Sub
    End If
    If formats.getByKey(key).Type = com.sun.star.util.NumberFormat.TEXT Then
        cell.setString(text)
        Exit Sub
    End If
    found = Detected(formatter, key, text)
    If found < 0 Then
        cell.setString(text)
        Exit Sub
    End If
    cell.setValue(formatter.convertStringToNumber(key, text))
    kind = formats.getByKey(found).Type
    If key = formats.getStandardIndex(formats.getByKey(key).Locale) And (kind And 174) <> 0 Then
        REM 174 = DATE 2 + TIME 4 + CURRENCY 8 + SCIENTIFIC 32 + PERCENT 128
        cell.NumberFormat = found
    End If
End Sub

Sub TypeAll
    Dim job As String, line As String, parts As Variant, n As Long
    Dim sfa As Object, inp As Object, out As Object, doc As Object, formatter As Object
    job = Environ("JIXIAO_TYPING_JOB")
    sfa = createUnoService("com.sun.star.ucb.SimpleFileAccess")
    If sfa.exists(ConvertToURL(job & ".log")) Then sfa.kill(ConvertToURL(job & ".log"))
    inp = createUnoService("com.sun.star.io.TextInputStream")
    inp.setInputStream(sfa.openFileRead(ConvertToURL(job)))
    inp.setEncoding("UTF-8")
    out = createUnoService("com.sun.star.io.TextOutputStream")
    out.setOutputStream(sfa.openFileWrite(ConvertToURL(job & ".log")))
    out.setEncoding("UTF-8")
    On Error GoTo Failed
    Do While Not inp.isEOF()
        line = inp.readLine()
        n = n + 1
        parts = Split(line, Chr(9))
        Select Case parts(0)
            Case "OPEN"
                doc = StarDesktop.loadComponentFromURL(parts(1), "_blank", 0, Array(Prop("Hidden", True)))
                If IsNull(doc) Then Error 1
                formatter = createUnoService("com.sun.star.util.NumberFormatter")
                formatter.attachNumberFormatsSupplier(doc)
            Case "TYPE"
                EnterText(doc, formatter, doc.Sheets.getByName(parts(1)).getCellRangeByName(parts(2)), parts(3))
            Case "CLEAR"
                doc.Sheets.getByName(parts(1)).getCellRangeByName(parts(2)).clearContents(23)
            Case "CALCULATE"
                doc.calculateAll()
            Case "SAVE"
                doc.storeToURL(parts(1), Array(Prop("FilterName", parts(2)), Prop("Overwrite", True)))
            Case "CLOSE"
                doc.close(True)
        End Select
        out.writeString("OK " & n & Chr(10))
        GoTo NextLine
Failed:
        out.writeString("ERR " & n & " " & Err & " " & Error$ & Chr(10))
        Resume NextLine
NextLine:
    Loop
    inp.closeInput()
    out.writeString("END" & Chr(10))
    out.closeOutput()
    StarDesktop.terminate()
End Sub
