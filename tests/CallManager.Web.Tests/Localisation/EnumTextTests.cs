using System.Xml.Linq;
using CallManager.Domain.Calls;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using CallManager.Runtime.Instances;
using CallManager.Web.Hosting;

namespace CallManager.Web.Tests.Localisation;

/// <summary>Statuses and types are never shown raw: each member has its text on the pages (both languages) and in French refusals.</summary>
public class EnumTextTests
{
    private static readonly string Resources = Path.Combine(ConfigurationSetup.FindRepositoryRoot()!, "src", "Web", "Resources");

    /// <summary>Enums the pages show, with the key prefix they use (T["Prefix" + member]).</summary>
    public static TheoryData<Type, string> ShownOnPages => new()
    {
        { typeof(ApplicationStatus), "Status." },
        { typeof(CallStatus), "CallStatus." },
        { typeof(GrantStatus), "Grants.Status." },
        { typeof(GrantReportStatus), "Grants.ReportStatus." },
        { typeof(ComplaintStatus), "Admin.Complaints.Status." },
        { typeof(DecisionOutcome), "Admin.Selection.Outcome." },
        { typeof(OutboxStatus), "Outbox." },
        { typeof(ReviewStatus), "Review.Status." },
        { typeof(ConflictType), "Conflict." },
        { typeof(WorkflowStatus), "Workflows.Status." },
        { typeof(FieldType), "FieldType." },
        { typeof(EligibilityRuleKind), "RuleKind." },
        { typeof(CallManager.Domain.Privacy.Exports.PersonalExportStatus), "Privacy.Export.Status." },
        { typeof(CallManager.Domain.Privacy.RetentionCategory), "Retention.Category." },
        { typeof(CallManager.Domain.Privacy.RetentionEvent), "Retention.Event." },
        { typeof(CallManager.Domain.Privacy.Records.LegalBasis), "Record.Basis." },
    };

    /// <summary>Enums that refusals put in their sentences ("This dossier is {0}"), translated by "Type.Member" in DomainText.resx.</summary>
    public static TheoryData<Type> ShownInRefusals => new()
    {
        typeof(ApplicationStatus), typeof(CallStatus), typeof(GrantStatus), typeof(GrantReportStatus), typeof(ComplaintStatus),
        typeof(DecisionOutcome), typeof(OutboxStatus), typeof(WorkflowStatus), typeof(ReviewStatus), typeof(ConflictType),
    };

    [Theory]
    [MemberData(nameof(ShownOnPages))]
    public void Every_member_shown_on_a_page_has_a_French_and_an_English_text(Type type, string prefix)
    {
        var french = Keys("UiText.resx");
        var english = Keys("UiText.en.resx");

        var missing = Enum.GetNames(type).Select(m => prefix + m).Where(k => !french.Contains(k) || !english.Contains(k)).ToList();

        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(ShownInRefusals))]
    public void Every_member_shown_in_a_refusal_has_a_French_text(Type type)
    {
        var french = Keys("DomainText.resx");

        foreach (var key in Enum.GetNames(type).Select(m => $"{type.Name}.{m}")) Assert.Contains(key, french);
    }

    private static HashSet<string> Keys(string file) =>
        [.. XDocument.Load(Path.Combine(Resources, file)).Root!.Elements("data").Select(d => d.Attribute("name")!.Value)];
}
