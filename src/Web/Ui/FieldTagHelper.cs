using System.Globalization;
using CallManager.Web.Resources;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Ui;

/// <summary>
/// One accessible form field: label, optional hint, error message and control, tied together with
/// <c>for</c>, <c>aria-describedby</c> and <c>aria-invalid</c>; the id matches the error summary's links.
/// <c>&lt;cm-field asp-for="Input.Email" type="email" autocomplete="email" hint="..." /&gt;</c>
/// </summary>
[HtmlTargetElement("cm-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper(IStringLocalizer<UiText> text) : TagHelper
{
    [HtmlAttributeName("asp-for")] public required Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; }

    /// <summary>text, email, password, number, date, tel, url, textarea, checkbox or select.</summary>
    public string Type { get; set; } = "text";
    public string? Hint { get; set; }
    public string? Autocomplete { get; set; }
    public string? Inputmode { get; set; }
    public int? Rows { get; set; }
    public int? Maxlength { get; set; }
    public string? Label { get; set; }
    [HtmlAttributeName("asp-items")] public IEnumerable<SelectListItem>? Items { get; set; }

    [ViewContext, HtmlAttributeNotBound] public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var errors = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
        var label = Label ?? For.Metadata.GetDisplayName();
        var describedBy = new List<string>();

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", errors.Count > 0 ? "field field--error" : "field");
        var content = output.Content;
        var labelTag = LabelTag(id, label);
        if (Type != "checkbox") content.AppendHtml(labelTag);
        if (Hint is not null)
        {
            describedBy.Add(id + "-hint");
            content.AppendHtml($"<p class=\"field__hint\" id=\"{id}-hint\">{Encode(Hint)}</p>");
        }
        if (errors.Count > 0)
        {
            describedBy.Add(id + "-error");
            content.AppendHtml($"<p class=\"field__error\" id=\"{id}-error\"><span class=\"visually-hidden\">{Encode(text["Error.Prefix"])}</span> {Encode(string.Join(" ", errors))}</p>");
        }
        var control = Control(name, id, entry?.AttemptedValue);
        if (describedBy.Count > 0) control.Attributes["aria-describedby"] = string.Join(' ', describedBy);
        if (errors.Count > 0) control.Attributes["aria-invalid"] = "true";
        if (Type == "checkbox")
        {
            content.AppendHtml("<div class=\"field__check\">").AppendHtml(control).AppendHtml(labelTag).AppendHtml("</div>");
            content.AppendHtml($"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"false\">");
        }
        else content.AppendHtml(control);
        if (Type == "commune") content.AppendHtml(TerritoryOptions.CommuneList(id));
    }

    private IHtmlContent LabelTag(string id, string label)
    {
        var tag = new TagBuilder("label");
        tag.Attributes["for"] = id;
        tag.AddCssClass("field__label");
        tag.InnerHtml.Append(label);
        if (!For.Metadata.IsRequired && Type != "checkbox")
            tag.InnerHtml.AppendHtml(" <span class=\"field__optional\">").Append(text["Field.Optional"]).AppendHtml("</span>");
        return tag;
    }

    private TagBuilder Control(string name, string id, string? attempted)
    {
        var value = attempted ?? Format(For.Model);
        var tag = Type switch
        {
            "textarea" => new TagBuilder("textarea"),
            "select" => new TagBuilder("select"),
            _ => new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing },
        };
        tag.Attributes["id"] = id;
        tag.Attributes["name"] = name;
        tag.AddCssClass(Type == "checkbox" ? "field__checkbox" : "field__input");
        if (Autocomplete is not null) tag.Attributes["autocomplete"] = Autocomplete;
        if (Inputmode is not null) tag.Attributes["inputmode"] = Inputmode;
        if (Maxlength is not null) tag.Attributes["maxlength"] = Maxlength.Value.ToString(CultureInfo.InvariantCulture);
        switch (Type)
        {
            case "textarea":
                tag.Attributes["rows"] = (Rows ?? 5).ToString(CultureInfo.InvariantCulture);
                tag.InnerHtml.Append(value);
                break;
            case "select":
                foreach (var item in Items ?? []) tag.InnerHtml.AppendHtml(Option(item, value));
                break;
            case "commune":
                TerritoryOptions.MakeCommunePicker(tag, id, value);
                break;
            case "checkbox":
                tag.Attributes["type"] = "checkbox";
                tag.Attributes["value"] = "true";
                if (For.Model is true || attempted?.Split(',')[0] == "true") tag.Attributes["checked"] = "checked";
                break;
            default:
                tag.Attributes["type"] = Type;
                if (Type != "password") tag.Attributes["value"] = value;
                break;
        }
        return tag;
    }

    private static TagBuilder Option(SelectListItem item, string value)
    {
        var option = new TagBuilder("option");
        option.Attributes["value"] = item.Value;
        if (item.Value == value || (value.Length == 0 && item.Selected)) option.Attributes["selected"] = "selected";
        option.InnerHtml.Append(item.Text);
        return option;
    }

    private string Format(object? model) => model switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString(Type == "date" ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
        IFormattable f when Type == "number" => f.ToString(null, CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.CurrentCulture),
        _ => model.ToString() ?? "",
    };

    private static string Encode(string value) => System.Net.WebUtility.HtmlEncode(value);
}
