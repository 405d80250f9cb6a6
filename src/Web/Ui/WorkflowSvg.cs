using System.Globalization;
using System.Net;
using System.Text;
using CallManager.Runtime;
using Microsoft.AspNetCore.Html;

namespace CallManager.Web.Ui;

/// <summary>
/// Draws a workflow definition as an SVG diagram on the server: each step as a box at its designer position, each
/// connection as an arrow; the steps an instance waits in are highlighted. The page gives the text alternative.
/// </summary>
public static class WorkflowSvg
{
    private const double Width = 150, Height = 56, Pad = 24;

    /// <summary>How steps, activity types and outcomes are named for the reader (the definition's identifiers are English code).</summary>
    public sealed record Labels(Func<string, string> Step, Func<string, string> Type, Func<string, string> Port)
    {
        /// <summary>The identifiers as they are.</summary>
        public static Labels Identifiers { get; } = new(s => s, ShortType, p => p);
    }

    /// <summary>
    /// The diagram as inline SVG labelled by <paramref name="titleId"/>; <paramref name="current"/> steps are drawn as "you are here";
    /// steps, types and outcomes are written with <paramref name="labels"/>.
    /// </summary>
    public static IHtmlContent Render(WorkflowDiagrams.Diagram diagram, IReadOnlySet<string> current, string titleId, Labels? labels = null)
    {
        labels ??= Labels.Identifiers;
        if (diagram.Nodes.Count == 0) return HtmlString.Empty;
        var minX = diagram.Nodes.Min(n => n.X);
        var minY = diagram.Nodes.Min(n => n.Y);
        var at = diagram.Nodes.ToDictionary(n => n.Id, n => (X: n.X - minX + Pad, Y: n.Y - minY + Pad));
        var width = at.Values.Max(p => p.X) + Width + Pad;
        var height = at.Values.Max(p => p.Y) + Height + Pad + 16;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"workflow-diagram\" role=\"img\" aria-labelledby=\"{titleId}\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#3d3d3d\"/></marker></defs>");
        foreach (var edge in diagram.Edges.Where(e => at.ContainsKey(e.Source) && at.ContainsKey(e.Target))) Arrow(svg, at[edge.Source], at[edge.Target], edge.Port, labels);
        foreach (var node in diagram.Nodes) Box(svg, node, at[node.Id], current.Contains(node.Id), labels);
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>The short name of an activity type: "CallManager.WaitForCallPhase" → "WaitForCallPhase".</summary>
    public static string ShortType(string type) => type[(type.LastIndexOf('.') + 1)..];

    private static void Arrow(StringBuilder svg, (double X, double Y) from, (double X, double Y) to, string port, Labels labels)
    {
        var (x1, y1) = (from.X + Width, from.Y + Height / 2);
        var (x2, y2) = (to.X, to.Y + Height / 2);
        // A step going back (loop) or down is drawn as a curve so it does not cross the boxes.
        var path = x2 > x1 ? $"M{N(x1)},{N(y1)} C{N(x1 + 30)},{N(y1)} {N(x2 - 30)},{N(y2)} {N(x2)},{N(y2)}"
            : $"M{N(x1)},{N(y1)} C{N(x1 + 60)},{N(y1 + 90)} {N(x2 - 60)},{N(y2 + 90)} {N(x2)},{N(y2)}";
        svg.Append($"<path d=\"{path}\" fill=\"none\" stroke=\"#3d3d3d\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>");
        if (port is not ("Done" or "Out" or ""))
            svg.Append($"<text x=\"{N((x1 + x2) / 2)}\" y=\"{N((y1 + y2) / 2 - 6)}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#3d3d3d\">{E(labels.Port(port))}</text>");
    }

    private static void Box(StringBuilder svg, WorkflowDiagrams.Node node, (double X, double Y) p, bool current, Labels labels)
    {
        var (fill, stroke, ink) = current ? ("#000091", "#000091", "#ffffff") : ("#ffffff", "#3d3d3d", "#161616");
        svg.Append($"<g class=\"workflow-step{(current ? " workflow-step--current" : "")}\">");
        svg.Append($"<rect x=\"{N(p.X)}\" y=\"{N(p.Y)}\" width=\"{N(Width)}\" height=\"{N(Height)}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{(current ? 3 : 1.5)}\"/>");
        svg.Append($"<text x=\"{N(p.X + Width / 2)}\" y=\"{N(p.Y + 24)}\" font-size=\"12\" font-weight=\"600\" text-anchor=\"middle\" fill=\"{ink}\">{E(Clip(labels.Step(node.Id), 20))}</text>");
        svg.Append($"<text x=\"{N(p.X + Width / 2)}\" y=\"{N(p.Y + 42)}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{ink}\">{E(Clip(labels.Type(node.Type), 24))}</text>");
        svg.Append("</g>");
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
