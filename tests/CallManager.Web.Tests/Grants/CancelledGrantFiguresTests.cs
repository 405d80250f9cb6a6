using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using static CallManager.Web.Tests.Grants.GrantDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Grants;

/// <summary>
/// A cancelled grant shows no money payable and no report overdue (the rules of Grant.AcceptsPayments and
/// Grant.ExpectsReports), while its tranches and reports keep their states as history.
/// </summary>
[Collection(WebCollection.Name)]
public class CancelledGrantFiguresTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_cancelled_grant_shows_nothing_payable_and_no_report_overdue_but_keeps_its_history(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var beneficiary = await app.ClientAsAsync("lead@asso.example", Roles.Applicant);
        var callId = await CreatePublishedCallAsync(admin);
        var applicationId = await SelectedDossierAsync(app, admin, beneficiary, callId, 1);
        var grantId = await SelectAsync(app, applicationId, callId, 80000);
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 6, 15, 10, 0, 0, TimeSpan.Zero));
        admin = await app.LoginAsync("admin@funder.example");
        await PostAsync(admin, $"/api/grants/{grantId}/agreement", JsonContent.Create(new { signedDate = "2027-06-15", startDate = "2027-07-01" }));

        // The interim report (due 1 July 2028) is late; the signature tranche (€40,000) is payable and unpaid.
        app.Clock.SetUtcNow(new DateTimeOffset(2028, 7, 10, 8, 0, 0, TimeSpan.Zero));
        (admin, beneficiary) = (await app.LoginAsync("admin@funder.example"), await app.LoginAsync("lead@asso.example"));
        Assert.Equal(("Active", 40000m, 1, "2028-07-01"), Summary(await Node(await admin.GetAsync($"/api/grants?callId={callId}"))));
        var active = await Node(await admin.GetAsync($"/api/grants/{grantId}"));
        Assert.Equal([true, false], Overdue(active));

        await Expect(await beneficiary.PostAsync($"/api/applications/{applicationId}/withdraw", null), HttpStatusCode.OK);

        Assert.Equal(("Cancelled", 0m, 0, (string?)null), Summary(await Node(await admin.GetAsync($"/api/grants?callId={callId}"))));
        var cancelled = await Node(await admin.GetAsync($"/api/grants/{grantId}"));
        Assert.Equal([false, false], Overdue(cancelled));
        Assert.Equal(States(active), States(cancelled)); // the tranches and reports are history: unchanged
        Assert.Equal(("Payable Pending Pending", "Due Due"), States(cancelled));
    }

    private static (string Status, decimal Payable, int ReportsOverdue, string? NextDueDate) Summary(JsonNode list)
    {
        var g = list.AsArray().Single()!;
        return (g["status"]!.GetValue<string>(), g["payable"]!.GetValue<decimal>(), g["reportsOverdue"]!.GetValue<int>(), g["nextDueDate"]?.GetValue<string>());
    }

    private static List<bool> Overdue(JsonNode grant) => grant["reports"]!.AsArray().Select(r => r!["overdue"]!.GetValue<bool>()).ToList();

    private static (string Tranches, string Reports) States(JsonNode grant) =>
        (string.Join(' ', grant["tranches"]!.AsArray().Select(t => t!["state"]!.GetValue<string>())),
         string.Join(' ', grant["reports"]!.AsArray().Select(r => r!["status"]!.GetValue<string>())));
}
