using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Browser;

/// <summary>Data the browser tests start from, created through the domain services as an administrator would.</summary>
public static class Scenario
{
    /// <summary>A published PTCE call, open on <see cref="CallManager.Testing.TestClock.Start"/>, deadline 5 March 2027 at 12:00 in Paris.</summary>
    public static async Task<Call> PublishedCallAsync(this CallManagerApp app)
    {
        var call = await app.DraftCallAsync();
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallService>().PublishAsync(call.Id, Actor.System);
    }

    /// <summary>The same call, still a draft.</summary>
    public static async Task<Call> DraftCallAsync(this CallManagerApp app)
    {
        using var scope = app.Services.CreateScope();
        var calls = scope.ServiceProvider.GetRequiredService<CallService>();
        var input = new CallInput("PTCE-2027", "Pôles territoriaux de coopération économique 2027", "Territorial economic cooperation hubs 2027",
            "Cet appel soutient les PTCE qui mutualisent des ressources sur un territoire.\n\nLes projets associent au moins trois structures.",
            "This call supports hubs that pool resources on a territory.\n\nProjects bring together at least three organisations.",
            "Europe/Paris", 1_500_000m, 100_000m,
            new CallPhasesInput(new(2027, 2, 1, 9, 0, 0), new(2027, 3, 5, 12, 0, 0), new(2027, 4, 1, 12, 0, 0), new(2027, 4, 15, 9, 0, 0), new(2027, 5, 3, 9, 0, 0)),
            [new Criterion("mutualisation", "Mutualisation des ressources", "Shared resources", 60, 5), new Criterion("ancrage", "Ancrage territorial", "Territorial anchoring", 40, 5)],
            EligibilityRules: [new EligibilityRule("amount", EligibilityRuleKind.AmountAtMostMaxGrant, Field: "requestedAmount")],
            Form: new ApplicationForm
            {
                Sections =
                [
                    new FormSection { Key = "projet", TitleFr = "Le projet", TitleEn = "The project", Fields =
                    [
                        new FormField { Key = "title", LabelFr = "Titre du projet", LabelEn = "Project title", Type = FieldType.ShortText, Required = true },
                        new FormField { Key = "summary", LabelFr = "Résumé", LabelEn = "Summary", Type = FieldType.LongText, Required = true, MaxLength = 2000 },
                        new FormField { Key = "requestedAmount", LabelFr = "Montant demandé", LabelEn = "Amount requested", Type = FieldType.Amount, Required = true },
                    ] },
                    new FormSection { Key = "pieces", TitleFr = "Pièces jointes", TitleEn = "Attachments", Fields =
                    [
                        new FormField { Key = "budget", LabelFr = "Budget prévisionnel", LabelEn = "Budget forecast", Type = FieldType.File, Required = true, AllowedFileTypes = ["pdf"], MaxFileSize = 2 * 1024 * 1024 },
                    ] },
                ],
            });
        return await calls.CreateAsync(input, Actor.System);
    }

    /// <summary>A minimal PDF document (its content starts with the PDF signature).</summary>
    public static byte[] Pdf => "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    /// <summary>The bytes of a PNG image, whatever name it is given.</summary>
    public static byte[] Png => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
