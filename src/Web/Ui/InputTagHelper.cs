using System.Globalization;
using CallManager.Web.Resources;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Ui;

/// <summary>
/// A labelled control for a posted name that is not a single model property (rows of a grid, list items):
/// <c>&lt;cm-input name="Input.Criteria[0].Key" value="..." label="..." /&gt;</c>. Its id, error and
/// <c>aria-describedby</c> follow the same scheme as <see cref="FieldTagHelper"/>, so the error summary links to it.
/// </summary>
[HtmlTargetElement("cm-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class InputTagHelper(IStringLocalizer<UiText> text) : TagHelper
{
    public required string Name { get; set; }
    public string? Value { get; set; }
    public required string Label { get; set; }

    /// <summary>text, decimal, number, datetime-local, textarea, checkbox, select or commune (a picker of the official list).</summary>
    public string Type { get; set; } = "text";
    public string? Hint { get; set; }
    public bool Disabled { get; set; }
    public bool Checked { get; set; }
    public int Rows { get; set; } = 3;
    public string? Css { get; set; }
    public IEnumerable<SelectListItem>? Items { get; set; }

    [ViewContext, HtmlAttributeNotBound] public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var id = TagBuilder.CreateSanitizedId(Name, "_");
        var state = ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) ? entry : null;
        var errors = state?.Errors.Select(e => e.ErrorMessage).ToList() ?? [];
        var describedBy = new List<string>();
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", $"field {(errors.Count > 0 ? "field--error " : "")}{Css}".Trim());
        var label = new TagBuilder("label");
        label.Attributes["for"] = id;
        label.AddCssClass("field__label");
        label.InnerHtml.Append(Label);
        if (Type != "checkbox") output.Content.AppendHtml(label);
        if (Hint is not null)
        {
            describedBy.Add(id + "-hint");
            output.Content.AppendHtml($"<p class=\"field__hint\" id=\"{id}-hint\">{Encode(Hint)}</p>");
        }
        if (errors.Count > 0)
        {
            describedBy.Add(id + "-error");
            output.Content.AppendHtml($"<p class=\"field__error\" id=\"{id}-error\"><span class=\"visually-hidden\">{Encode(text["Error.Prefix"])}</span> {Encode(string.Join(" ", errors))}</p>");
        }
        var control = Control(id, errors.Count > 0 ? state?.AttemptedValue ?? Value : Value);
        if (describedBy.Count > 0) control.Attributes["aria-describedby"] = string.Join(' ', describedBy);
        if (errors.Count > 0) control.Attributes["aria-invalid"] = "true";
        if (Disabled) control.Attributes["disabled"] = "disabled";
        if (Type == "commune") { output.Content.AppendHtml(control).AppendHtml(TerritoryOptions.CommuneList(id)); return; }
        if (Type != "checkbox") { output.Content.AppendHtml(control); return; }
        output.Content.AppendHtml("<div class=\"field__check\">").AppendHtml(control).AppendHtml(label).AppendHtml("</div>");
        if (!Disabled) output.Content.AppendHtml($"<input type=\"hidden\" name=\"{Encode(Name)}\" value=\"false\">");
    }

    private TagBuilder Control(string id, string? value)
    {
        var tag = Type switch
        {
            "textarea" => new TagBuilder("textarea"),
            "select" => new TagBuilder("select"),
            _ => new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing },
        };
        tag.Attributes["id"] = id;
        tag.Attributes["name"] = Name;
        tag.AddCssClass(Type == "checkbox" ? "field__checkbox" : "field__input");
        switch (Type)
        {
            case "textarea":
                tag.Attributes["rows"] = Rows.ToString(CultureInfo.InvariantCulture);
                tag.InnerHtml.Append(value ?? "");
                break;
            case "select":
                foreach (var item in Items ?? [])
                {
                    var option = new TagBuilder("option");
                    option.Attributes["value"] = item.Value;
                    if (item.Value == value) option.Attributes["selected"] = "selected";
                    option.InnerHtml.Append(item.Text);
                    tag.InnerHtml.AppendHtml(option);
                }
                break;
            case "checkbox":
                tag.Attributes["type"] = "checkbox";
                tag.Attributes["value"] = "true";
                if (Checked) tag.Attributes["checked"] = "checked";
                break;
            case "commune":
                TerritoryOptions.MakeCommunePicker(tag, id, value);
                break;
            case "decimal":
                tag.Attributes["type"] = "text";
                tag.Attributes["inputmode"] = "decimal";
                tag.Attributes["value"] = value ?? "";
                break;
            default:
                tag.Attributes["type"] = Type;
                tag.Attributes["value"] = value ?? "";
                break;
        }
        return tag;
    }

    private static string Encode(string value) => System.Net.WebUtility.HtmlEncode(value);
}
