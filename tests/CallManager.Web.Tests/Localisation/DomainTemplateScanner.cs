using System.Text;
using CallManager.Web.Hosting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CallManager.Web.Tests.Localisation;

/// <summary>A template found in the sources, where it is, and whether its text can be known (a literal or an interpolated string).</summary>
public sealed record FoundTemplate(string Template, string Location);

/// <summary>
/// Compiles src/Domain.Common, src/Runtime, src/Domain and src/Web with Roslyn and collects every string literal or interpolated string that becomes a
/// <c>LocalizableText</c> (refusal messages, field messages, "not found" subjects, solvers' explanations; passed, returned,
/// listed or cast), as the template the handler captures.
/// </summary>
public static class DomainTemplateScanner
{
    private static readonly Lazy<(List<FoundTemplate> Templates, List<string> Opaque, List<string> EnglishOnPages)> Result = new(Scan);

    /// <summary>Every template (literal or interpolated) converted to LocalizableText.</summary>
    public static IReadOnlyList<FoundTemplate> Templates => Result.Value.Templates;

    /// <summary>Places where a computed string (not a literal) becomes a LocalizableText: shown as they are, never translated.</summary>
    public static IReadOnlyList<string> Opaque => Result.Value.Opaque;

    /// <summary>Places in src/Web/Pages that read a refusal's English <c>Message</c> or <c>Errors</c> instead of its localized text.</summary>
    public static IReadOnlyList<string> EnglishOnPages => Result.Value.EnglishOnPages;

    private static (List<FoundTemplate>, List<string>, List<string>) Scan()
    {
        var root = ConfigurationSetup.FindRepositoryRoot()!;
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        var templates = new List<FoundTemplate>();
        var opaque = new List<string>();
        var english = new List<string>();
        foreach (var (project, exclude) in new[] { ("Domain.Common", "CallManager.Domain.Common.dll"), ("Runtime", "CallManager.Runtime.dll"), ("Domain", "CallManager.Domain.dll"), ("Web", "CallManager.Web.dll") })
        {
            var references = platform.Concat(local).Where(p => Path.GetFileName(p) != exclude && IsManaged(p))
                .DistinctBy(Path.GetFileName).Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create(project, Parse(Path.Combine(root, "src", project)), references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                Collect(model, tree.GetRoot(), root, templates, opaque);
                if (tree.FilePath.Contains($"{Path.DirectorySeparatorChar}Pages{Path.DirectorySeparatorChar}")) english.AddRange(EnglishReads(model, tree.GetRoot(), root));
            }
        }
        return (templates, opaque, english);
    }

    private static IEnumerable<SyntaxTree> Parse(string folder)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains("Migrations"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || f.EndsWith(".GlobalUsings.g.cs"))
            .GroupBy(f => f.EndsWith(".GlobalUsings.g.cs")).SelectMany(g => g.Key ? g.Take(1) : g);
        return sources.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f, Encoding.UTF8));
    }

    private static bool IsManaged(string path)
    {
        try { System.Reflection.AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }

    private static void Collect(SemanticModel model, SyntaxNode node, string root, List<FoundTemplate> templates, List<string> opaque)
    {
        if (node is ExpressionSyntax expression && IsCandidate(expression) && BecomesLocalizable(model, expression))
        {
            var where = $"{Path.GetRelativePath(root, node.SyntaxTree.FilePath)}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
            if (TemplateOf(model, expression) is { } template) { templates.Add(new(template, where)); return; }
            if (expression is ConditionalExpressionSyntax conditional)
            {
                foreach (var branch in new[] { conditional.WhenTrue, conditional.WhenFalse }) AddBranch(model, branch, where, templates, opaque);
                return;
            }
            if (!IsLocalizable(model.GetTypeInfo(expression).Type)) opaque.Add($"{where}: {expression}");
        }
        foreach (var child in node.ChildNodes()) Collect(model, child, root, templates, opaque);
    }

    // refusal.Message / refusal.Errors on a page: English whatever the reader's language (Kind and FieldTexts are fine).
    private static IEnumerable<string> EnglishReads(SemanticModel model, SyntaxNode root, string repository) =>
        root.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
            .Where(m => m.Name.Identifier.ValueText is "Message" or "Errors" && model.GetTypeInfo(m.Expression).Type?.Name == "DomainException")
            // Errors.Count / TryGetValue only test which problems there are; what is shown goes through LocalizedErrors().
            .Where(m => m.Name.Identifier.ValueText == "Message" || m.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Count" or "TryGetValue" or "ContainsKey" })
            .Select(m => $"{Path.GetRelativePath(repository, m.SyntaxTree.FilePath)}:{m.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {m}");

    // A branch of a conditional converts to string first: a literal keeps its text as template, an interpolation loses its values.
    private static void AddBranch(SemanticModel model, ExpressionSyntax branch, string where, List<FoundTemplate> templates, List<string> opaque)
    {
        if (branch is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal) templates.Add(new(Escape(literal.Token.ValueText), where));
        else if (branch is ConditionalExpressionSyntax nested)
        {
            AddBranch(model, nested.WhenTrue, where, templates, opaque);
            AddBranch(model, nested.WhenFalse, where, templates, opaque);
        }
        else opaque.Add($"{where}: {branch}");
    }

    // Only texts, and what is passed to a refusal, are asked for their type: binding every expression is slow.
    private static bool IsCandidate(ExpressionSyntax e) =>
        e is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringExpressionSyntax
            or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or ConditionalExpressionSyntax
        || e.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "DomainException" } } } };

    private static bool IsLocalizable(ITypeSymbol? type) => type?.Name == "LocalizableText";

    // Converted where it is used (an argument, a return, a list element), or cast: (LocalizableText)$"region {Value}" goes
    // through the handler as well, but Roslyn records that conversion on the cast, not on the string.
    private static bool BecomesLocalizable(SemanticModel model, ExpressionSyntax e) =>
        IsLocalizable(model.GetTypeInfo(e).ConvertedType) || e.Parent is CastExpressionSyntax cast && IsLocalizable(model.GetTypeInfo(cast).Type);

    /// <summary>The template the interpolated string handler captures, or null when the expression is not a literal text.</summary>
    private static string? TemplateOf(SemanticModel model, ExpressionSyntax expression)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax p:
                return TemplateOf(model, p.Expression);
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal:
                return Escape(literal.Token.ValueText);
            case InterpolatedStringExpressionSyntax interpolated:
                return Interpolated(model, interpolated, new Counter());
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } sum when IsInterpolatedConcatenation(sum):
                var counter = new Counter();
                return string.Concat(Leaves(sum).Select(leaf => Interpolated(model, (InterpolatedStringExpressionSyntax)leaf, counter)));
            default:
                return null;
        }
    }

    private static bool IsInterpolatedConcatenation(ExpressionSyntax e) => e switch
    {
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } b => IsInterpolatedConcatenation(b.Left) && IsInterpolatedConcatenation(b.Right),
        ParenthesizedExpressionSyntax p => IsInterpolatedConcatenation(p.Expression),
        _ => e is InterpolatedStringExpressionSyntax,
    };

    private static IEnumerable<ExpressionSyntax> Leaves(ExpressionSyntax e) => e switch
    {
        BinaryExpressionSyntax b => Leaves(b.Left).Concat(Leaves(b.Right)),
        ParenthesizedExpressionSyntax p => Leaves(p.Expression),
        _ => [e],
    };

    private sealed class Counter { public int Next; }

    private static string Interpolated(SemanticModel model, InterpolatedStringExpressionSyntax interpolated, Counter counter)
    {
        var text = new StringBuilder();
        foreach (var content in interpolated.Contents)
        {
            if (content is InterpolatedStringTextSyntax literal) { text.Append(Escape(literal.TextToken.ValueText)); continue; }
            var hole = (InterpolationSyntax)content;
            text.Append('{').Append(counter.Next++);
            if (hole.AlignmentClause is { } alignment && model.GetConstantValue(alignment.Value) is { HasValue: true, Value: var a } && Convert.ToInt32(a) != 0)
                text.Append(',').Append(Convert.ToInt32(a));
            if (hole.FormatClause is { } format && format.FormatStringToken.ValueText.Length > 0) text.Append(':').Append(Escape(format.FormatStringToken.ValueText));
            text.Append('}');
        }
        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("{", "{{").Replace("}", "}}");
}
