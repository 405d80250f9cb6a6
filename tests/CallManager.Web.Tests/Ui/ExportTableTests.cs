using System.Globalization;
using System.Text;
using CallManager.Web.Ui;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CallManager.Web.Tests.Ui;

public class ExportTableTests
{
    private static readonly ExportTable Table = new("PTCE-2027", ["Dossier", "Montant", "Déposé le (Europe/Paris)", "Début"],
    [
        ["PTCE-2027-0001", 60000.5m, new ExportTime(new DateTimeOffset(2027, 3, 16, 11, 0, 0, TimeSpan.Zero), "Europe/Paris"), new DateOnly(2027, 4, 1)],
        ["Atelier « vélo »; réemploi", 1234567m, null, null],
    ]);

    [Fact]
    public void French_csv_has_a_byte_order_mark_semicolons_a_decimal_comma_without_grouping_and_iso_dates_in_the_zone()
    {
        var bytes = Table.ToCsv(CultureInfo.GetCultureInfo("fr-FR"));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(
            "Dossier;Montant;Déposé le (Europe/Paris);Début\r\n" +
            "PTCE-2027-0001;60000,5;2027-03-16 12:00;2027-04-01\r\n" +
            "\"Atelier « vélo »; réemploi\";1234567;;\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void English_csv_keeps_commas_and_a_decimal_point()
    {
        var text = Encoding.UTF8.GetString(Table.ToCsv(CultureInfo.GetCultureInfo("en-GB"))[3..]);
        Assert.Equal("PTCE-2027-0001,60000.5,2027-03-16 12:00,2027-04-01", text.Split("\r\n")[1]);
    }

    [Fact]
    public void Xlsx_cells_are_typed_numbers_and_dates_with_a_date_format()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Table.ToXlsx()), false);
        var workbook = document.WorkbookPart!;
        var cells = workbook.WorksheetParts.Single().Worksheet.Descendants<Row>().ElementAt(1).Elements<Cell>().ToList();
        Assert.Equal((CellValues.Number, "60000.5"), (cells[1].DataType!.Value, cells[1].CellValue!.Text));
        Assert.Equal(new DateTime(2027, 3, 16, 12, 0, 0), DateTime.FromOADate(double.Parse(cells[2].CellValue!.Text, CultureInfo.InvariantCulture)));
        Assert.Equal(new DateTime(2027, 4, 1), DateTime.FromOADate(double.Parse(cells[3].CellValue!.Text, CultureInfo.InvariantCulture)));
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var codes = workbook.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value);
        Assert.Equal("yyyy-mm-dd hh:mm", codes[formats[(int)cells[2].StyleIndex!.Value].NumberFormatId!.Value]);
        Assert.Equal("yyyy-mm-dd", codes[formats[(int)cells[3].StyleIndex!.Value].NumberFormatId!.Value]);
    }
}
