using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CallManager.Web.Ui;

/// <summary>A table as shown on a page (headers, then rows of text or number cells), exported as CSV (CsvHelper) or XLSX (Open XML SDK).</summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>RFC 4180 CSV in UTF-8 with a byte-order mark (spreadsheets then read accents right); numbers in invariant form.</summary>
    public byte[] ToCsv()
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new System.Text.UTF8Encoding(true)))
        using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true))
        {
            csv.WriteRecord([.. Headers]);
            foreach (var row in Rows) csv.WriteRecord(row.Select(Text).ToArray());
            csv.Flush();
        }
        return buffer.ToArray();
    }

    /// <summary>One worksheet named after the table; numbers stay numbers, everything else is inline text.</summary>
    public byte[] ToXlsx()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(Headers.Cast<object?>()));
            foreach (var row in Rows) data.Append(Row(row));
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = Name.Length > 31 ? Name[..31] : Name }));
        }
        return buffer.ToArray();
    }

    private static Row Row(IEnumerable<object?> cells)
    {
        var row = new Row();
        foreach (var cell in cells)
        {
            row.Append(cell switch
            {
                decimal or int or long or double => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToDecimal(cell, CultureInfo.InvariantCulture)) },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Text(cell))) },
            });
        }
        return row;
    }

    private static string Text(object? cell) => cell switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
