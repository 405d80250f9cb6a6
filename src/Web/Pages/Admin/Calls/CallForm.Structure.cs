using CallManager.Domain.Calls;

namespace CallManager.Web.Pages.Admin.Calls;

public sealed partial class CallForm
{
    /// <summary>
    /// Applies a structure button of the no-JavaScript editor ("add-field:0", "up-section:2", "remove-anchor:1:0", "add-tranche"...)
    /// and returns the id of the element to bring into view; an unknown operation changes nothing.
    /// </summary>
    public string Apply(string operation)
    {
        var parts = operation.Split(':');
        var at = parts.Skip(1).Select(p => int.TryParse(p, out var n) ? n : -1).ToArray();
        int I(int k) => k < at.Length ? at[k] : -1;
        switch (parts[0])
        {
            case "add-criterion": Criteria.Add(new CriterionRow()); return $"criterion-{Criteria.Count - 1}";
            case "remove-criterion": RemoveAt(Criteria, I(0)); return "criteria";
            case "add-rule": EligibilityRules.Add(new RuleRow()); return $"rule-{EligibilityRules.Count - 1}";
            case "remove-rule": RemoveAt(EligibilityRules, I(0)); return "rules";
            case "add-anchor" when I(0) >= 0 && I(0) < Criteria.Count:
                Criteria[I(0)].Anchors.Add(new AnchorRow()); return $"anchor-{I(0)}-{Criteria[I(0)].Anchors.Count - 1}";
            case "remove-anchor" when I(0) >= 0 && I(0) < Criteria.Count: RemoveAt(Criteria[I(0)].Anchors, I(1)); return $"criterion-{I(0)}";
            case "add-tranche": GrantTerms.Tranches.Add(new TrancheRow()); return $"tranche-{GrantTerms.Tranches.Count - 1}";
            case "remove-tranche": RemoveAt(GrantTerms.Tranches, I(0)); return "tranches";
            case "add-report": GrantTerms.Reports.Add(new ReportRow()); return $"report-{GrantTerms.Reports.Count - 1}";
            case "remove-report": RemoveAt(GrantTerms.Reports, I(0)); return "reports";
            case "add-indicator": GrantTerms.Indicators.Add(new IndicatorRow()); return $"indicator-{GrantTerms.Indicators.Count - 1}";
            case "remove-indicator": RemoveAt(GrantTerms.Indicators, I(0)); return "indicators";
            case "add-section": Form.Add(new SectionRow { Fields = [new FieldRow()] }); return $"section-{Form.Count - 1}";
            case "remove-section": RemoveAt(Form, I(0)); return "form";
            case "up-section": return $"section-{Move(Form, I(0), -1)}";
            case "down-section": return $"section-{Move(Form, I(0), +1)}";
        }
        if (I(0) < 0 || I(0) >= Form.Count) return "form";
        var fields = Form[I(0)].Fields;
        return parts[0] switch
        {
            "add-field" => Added(fields, I(0)),
            "remove-field" => RemoveAt(fields, I(1)) ? $"section-{I(0)}" : "form",
            "up-field" => $"field-{I(0)}-{Move(fields, I(1), -1)}",
            "down-field" => $"field-{I(0)}-{Move(fields, I(1), +1)}",
            _ => "form",
        };
    }

    private static string Added(List<FieldRow> fields, int section)
    {
        fields.Add(new FieldRow { Type = FieldType.ShortText });
        return $"field-{section}-{fields.Count - 1}";
    }

    private static bool RemoveAt<T>(List<T> list, int index)
    {
        if (index < 0 || index >= list.Count) return false;
        list.RemoveAt(index);
        return true;
    }

    /// <summary>Swaps item <paramref name="index"/> with its neighbour; returns where the item now is.</summary>
    private static int Move<T>(List<T> list, int index, int by)
    {
        var to = index + by;
        if (index < 0 || index >= list.Count || to < 0 || to >= list.Count) return Math.Max(0, index);
        (list[index], list[to]) = (list[to], list[index]);
        return to;
    }
}
