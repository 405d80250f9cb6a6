using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace CallManager.Web.Ui;

/// <summary>
/// A horizontal bar chart rendered on the server as SVG: one labelled bar per category with its value written at the
/// end of the bar (colour is never the only carrier). The page pairs it with the same data as a table.
/// </summary>
public static class BarChartSvg
{
    private const int LabelWidth = 190, BarArea = 420, Row = 30, Bar = 20;

    /// <summary>The chart of <paramref name="bars"/> (label, value), described by <paramref name="titleId"/> and <paramref name="descriptionId"/>.</summary>
    public static IHtmlContent Render(IReadOnlyList<(string Label, int Value)> bars, string titleId, string descriptionId)
    {
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var width = LabelWidth + BarArea + 50;
        var height = Math.Max(1, bars.Count) * Row + 10;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"bar-chart\" role=\"img\" aria-labelledby=\"{titleId}\" aria-describedby=\"{descriptionId}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var y = 5 + i * Row;
            var length = value == 0 ? 2 : Math.Max(2, (int)Math.Round(BarArea * (double)value / max));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 15}\" font-size=\"13\" text-anchor=\"end\" fill=\"#161616\">{WebUtility.HtmlEncode(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{length}\" height=\"{Bar}\" fill=\"#000091\" rx=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + length + 6}\" y=\"{y + 15}\" font-size=\"13\" font-weight=\"600\" fill=\"#161616\">{value}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
