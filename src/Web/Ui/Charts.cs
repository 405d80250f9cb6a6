using System.Net;
using Microsoft.AspNetCore.Html;
using ScottPlot;

namespace CallManager.Web.Ui;

/// <summary>Server-rendered SVG charts drawn with ScottPlot; each page pairs a chart with the same data as a table.</summary>
public static class Charts
{
    private const int Width = 660, RowHeight = 34, Padding = 70;

    /// <summary>
    /// A horizontal bar chart of <paramref name="bars"/> (label, value, first on top), titled by <paramref name="title"/> for assistive technology;
    /// each bar's value is written by <paramref name="valueText"/> (a number in the page's culture by default, e.g. euros for money).
    /// </summary>
    public static IHtmlContent HorizontalBars(IReadOnlyList<(string Label, double Value)> bars, string title, string titleId, string descriptionId,
        Func<double, string>? valueText = null)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var positions = Enumerable.Range(0, bars.Count).Select(i => (double)(bars.Count - 1 - i)).ToArray();
        var barPlot = plot.Add.Bars(positions, bars.Select(b => b.Value).ToArray());
        barPlot.Horizontal = true;
        barPlot.Color = Color.FromHex("#000091");
        foreach (var (bar, (_, value)) in barPlot.Bars.Zip(bars))
        {
            bar.LineWidth = 0;
            bar.Label = valueText?.Invoke(value) ?? value.ToString("N0", System.Globalization.CultureInfo.CurrentCulture);
        }
        barPlot.ValueLabelStyle.FontSize = 13;
        plot.Axes.Left.SetTicks(positions, bars.Select(b => b.Label).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        plot.Grid.IsVisible = false;
        plot.Axes.Margins(left: 0, right: 0.25, bottom: 0.02, top: 0.02); // room for a value written as money after the longest bar
        var height = Math.Max(1, bars.Count) * RowHeight + Padding;
        return Accessible(plot.GetSvgXml(Width, height), Width, height, title, titleId, descriptionId);
    }

    /// <summary>Marks the SVG as one image named by the page's heading and described by its summary, with a <c>&lt;title&gt;</c>.</summary>
    private static HtmlString Accessible(string svg, int width, int height, string title, string titleId, string descriptionId)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var end = svg.IndexOf('>', start);
        var attributes = $" class=\"bar-chart\" role=\"img\" aria-labelledby=\"{titleId}\" aria-describedby=\"{descriptionId}\" viewBox=\"0 0 {width} {height}\"";
        var titleElement = $"<title>{WebUtility.HtmlEncode(title)}</title>";
        return new HtmlString(svg[start..end] + attributes + ">" + titleElement + svg[(end + 1)..]);
    }
}
