using System.Net;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Localisation;
using CallManager.Domain.Persistence;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Privacy;

/// <summary>Every opening of a dossier or a document by a juror or an administrator is recorded, and administrators see it per dossier.</summary>
[Collection(WebCollection.Name)]
public sealed class ReadingLogTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Openings_by_jurors_and_administrators_are_listed_per_dossier_and_the_applicants_own_are_not(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var setup = await SetUpAsync(app, dossiers: 2);
        var (reviewer, reviewerId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "juror@expert.example");
        var review = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], reviewerId);
        var dossier = setup.Dossiers[0];
        var attachment = (await Json(await setup.Admin.GetAsync($"/api/applications/{dossier}")))["attachments"]![0]!["id"]!.GetValue<Guid>();
        await Expect(await setup.Applicants[0].GetAsync($"/api/applications/{dossier}"), HttpStatusCode.OK); // the applicant's own reading
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Expect(await reviewer.GetAsync($"/api/reviews/{review}"), HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Expect(await reviewer.GetAsync($"/api/applications/{dossier}/attachments/{attachment}"), HttpStatusCode.OK);
        await Expect(await setup.Admin.GetAsync($"/api/applications/{setup.Dossiers[1]}"), HttpStatusCode.OK); // another dossier

        var reads = (await Node(await setup.Admin.GetAsync($"/api/applications/{dossier}/reads"))).AsArray();
        Assert.Equal([("juror@expert.example", "reviewer", "download", true), ("juror@expert.example", "reviewer", "api", false), ("admin@funder.example", "administrator", "api", false)],
            reads.Select(r => (r!["readerEmail"]!.GetValue<string>(), r["readerRole"]!.GetValue<string>(), r["channel"]!.GetValue<string>(), r["attachmentId"] is not null)).ToList());
        Assert.Equal(attachment, reads[0]!["attachmentId"]!.GetValue<Guid>());

        // Only administrators see it; an unknown dossier is a 404.
        await Expect(await reviewer.GetAsync($"/api/applications/{dossier}/reads"), HttpStatusCode.Forbidden);
        await Expect(await setup.Admin.GetAsync($"/api/applications/{Guid.NewGuid()}/reads"), HttpStatusCode.NotFound);

        // The administrator's dossier page records its own opening and shows the list.
        var page = await PageSession.SignInAsync(app, "admin@funder.example");
        var html = await page.GetStringAsync($"/Admin/Calls/{setup.CallId}/Dossiers/{dossier}");
        Assert.Contains("Qui a lu ce dossier", html);
        Assert.Contains("juror@expert.example", html);
        Assert.Contains("membre du jury", html);
        Assert.Equal(4, (await Node(await setup.Admin.GetAsync($"/api/applications/{dossier}/reads"))).AsArray().Count);
    }
}
