using System.Globalization;
using CallManager.Domain.Calls;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CallManager.Web.Ui;

/// <summary>An instant in a table, exported as the local time of <paramref name="Zone"/> (a call's zone, named in the column header).</summary>
public readonly record struct ExportTime(DateTimeOffset At, string Zone)
{
    /// <summary>The wall-clock time in the zone.</summary>
    public DateTime Local => CallClock.ToLocal(At, CallClock.Zone(Zone));
}

/// <summary>
/// A table as shown on a page (headers, then rows of text, number, <see cref="ExportTime"/> or <see cref="DateOnly"/> cells),
/// exported as CSV (CsvHelper) or XLSX (Open XML SDK).
/// </summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// CSV in UTF-8 with a byte-order mark, as the spreadsheet software of <paramref name="culture"/> (the request's by default)
    /// opens it by a double click: in French ";" between fields and a decimal comma, elsewhere "," and a decimal point; numbers
    /// without grouping, dates and times in ISO 8601 ("2027-03-16 12:00"), which both read as dates.
    /// </summary>
    public byte[] ToCsv(CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var french = culture.TwoLetterISOLanguageName == "fr";
        var numbers = french ? CultureInfo.GetCultureInfo("fr-FR") : CultureInfo.InvariantCulture;
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new System.Text.UTF8Encoding(true)))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { Separator = french ? ';' : ',' }, leaveOpen: true))
        {
            csv.WriteRecord([.. Headers]);
            foreach (var row in Rows) csv.WriteRecord(row.Select(cell => Text(cell, numbers)).ToArray());
            csv.Flush();
        }
        return buffer.ToArray();
    }

    /// <summary>One worksheet named after the table: numbers are numbers, times and days are dates with a date format, the rest inline text.</summary>
    public byte[] ToXlsx()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(Headers.Cast<object?>()));
            foreach (var row in Rows) data.Append(Row(row));
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = Name.Length > 31 ? Name[..31] : Name }));
        }
        return buffer.ToArray();
    }

    private const uint DateTimeStyle = 1, DateStyle = 2;

    private static Row Row(IEnumerable<object?> cells)
    {
        var row = new Row();
        foreach (var cell in cells)
        {
            row.Append(cell switch
            {
                decimal or int or long or double => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToDecimal(cell, CultureInfo.InvariantCulture)) },
                ExportTime time => new Cell { CellValue = new CellValue(time.Local.ToOADate().ToString(CultureInfo.InvariantCulture)), StyleIndex = DateTimeStyle },
                DateOnly day => new Cell { CellValue = new CellValue(day.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)), StyleIndex = DateStyle },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Text(cell, CultureInfo.InvariantCulture))) },
            });
        }
        return row;
    }

    /// <summary>The smallest stylesheet Excel accepts, with a date-and-time and a date format (custom formats start at 164).</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd" }) { Count = 2 },
        new Fonts(new Font()) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }) { Count = 3 });

    private static string Text(object? cell, CultureInfo numbers) => cell switch
    {
        null => "",
        ExportTime time => time.Local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal or int or long or double => Convert.ToDecimal(cell, CultureInfo.InvariantCulture).ToString("0.############", numbers),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
