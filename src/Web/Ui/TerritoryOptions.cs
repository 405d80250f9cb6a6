using CallManager.Domain.Territories;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace CallManager.Web.Ui;

/// <summary>
/// The official French divisions as form controls: région and département lists, and the commune picker (a text input whose
/// suggestions come from <c>/api/territories/communes</c>; js/territory-picker.js fills them, the server checks what is sent).
/// </summary>
public static class TerritoryOptions
{
    /// <summary>Where the commune picker asks for suggestions.</summary>
    public const string CommuneSource = "/api/territories/communes";

    /// <summary>The régions, by name, after a "choose" prompt; the value sent is the région's name.</summary>
    public static List<SelectListItem> Regions(string prompt) =>
        Territories.Official.Regions.Select(r => new SelectListItem(r.Name, r.Name)).Prepend(new SelectListItem(prompt, "")).ToList();

    /// <summary>The départements, by code ("46 — Lot"), after a "choose" prompt; the value sent is the département's name.</summary>
    public static List<SelectListItem> Departements(string prompt) =>
        Territories.Official.Departements.Select(d => new SelectListItem($"{d.Code} — {d.Name}", d.Name)).Prepend(new SelectListItem(prompt, "")).ToList();

    /// <summary>A stored commune (INSEE code or label) as the picker shows it, "Cahors (46042)"; any other text as it is.</summary>
    public static string CommuneValue(string? stored) =>
        Territories.Official.ResolveCommune(stored) is { } commune ? Territories.Label(commune) : stored ?? "";

    /// <summary>Turns a text input into the commune picker.</summary>
    public static void MakeCommunePicker(TagBuilder input, string id, string? value)
    {
        input.Attributes["type"] = "text";
        input.Attributes["value"] = CommuneValue(value);
        input.Attributes["list"] = id + "-communes";
        input.Attributes["autocomplete"] = "off";
        input.Attributes["data-territory-source"] = CommuneSource;
    }

    /// <summary>The suggestion list the picker's input points to.</summary>
    public static IHtmlContent CommuneList(string id) => new HtmlString($"<datalist id=\"{id}-communes\"></datalist>");
}
