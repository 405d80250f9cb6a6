using System.Net;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Localisation;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>
/// A submission counts at the instant its request arrived, whatever it waited inside the host before being handled: the
/// host here moves its clock on between the arrival stamp and the handler, as a queue in front of the database would.
/// </summary>
[Collection(WebCollection.Name)]
public class ArrivalInstantTests
{
    [Fact]
    public async Task A_submission_that_arrived_one_second_before_the_deadline_is_accepted_when_handled_a_minute_after_it()
    {
        await using var app = new QueueingApp();
        var ids = await DraftsAsync(app, 2);

        app.Clock.SetUtcNow(Deadline.AddSeconds(-1));
        using var onTime = await app.LoginAsync("a0@asso.example");
        onTime.DefaultRequestHeaders.Add(QueueingApp.QueuedForHeader, "60");
        var accepted = await onTime.PostAsync($"/api/applications/{ids[0]}/submit", null);

        await Expect(accepted, HttpStatusCode.OK);
        Assert.Equal(Deadline.AddSeconds(59), app.Clock.GetUtcNow());
        Assert.Equal(Deadline.AddSeconds(-1), (await Json(accepted))["submittedAt"]!.GetValue<DateTimeOffset>());

        app.Clock.SetUtcNow(Deadline.AddMinutes(2)); // arrives after the deadline
        using var late = await app.LoginAsync("a1@asso.example");
        await Expect(await late.PostAsync($"/api/applications/{ids[1]}/submit", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_submit_page_judges_the_deadline_at_arrival_and_its_receipt_shows_that_instant()
    {
        await using var app = new QueueingApp();
        var ids = await DraftsAsync(app, 2);

        app.Clock.SetUtcNow(Deadline.AddSeconds(-2));
        var (onTime, client) = await SessionAsync(app, "a0@asso.example");
        client.DefaultRequestHeaders.Add(QueueingApp.QueuedForHeader, "30");
        var accepted = await onTime.PostFormAsync($"/Applicant/Dossiers/{ids[0]}/submit", $"/Applicant/Dossiers/{ids[0]}/submit", []);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(Deadline.AddSeconds(28), app.Clock.GetUtcNow());
        var receipt = await onTime.GetStringAsync(accepted.Headers.Location!.OriginalString);
        Assert.Contains($"datetime=\"{Deadline.AddSeconds(-2).UtcDateTime:O}\"", receipt);

        app.Clock.SetUtcNow(Deadline.AddMinutes(2)); // arrives after the deadline
        var (late, _) = await SessionAsync(app, "a1@asso.example");
        var refused = await late.PostFormAsync($"/Applicant/Dossiers/{ids[1]}/submit", $"/Applicant/Dossiers/{ids[1]}/submit", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("2027", Assert.Single(await PageSession.ErrorsAsync(refused)));
    }

    /// <summary>A published call and <paramref name="count"/> complete drafts, one per applicant a0, a1…</summary>
    private static async Task<List<Guid>> DraftsAsync(CallManagerApp app, int count)
    {
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await CreatePublishedCallAsync(admin);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            using var applicant = await app.ClientAsAsync($"a{i}@asso.example", Roles.Applicant, "en");
            var id = await CreateDraftAsync(applicant, callId, await CreateOrganisationAsync(applicant, i));
            await CompleteAsync(applicant, id, i);
            ids.Add(id);
        }
        return ids;
    }

    private static async Task<(PageSession Session, HttpClient Client)> SessionAsync(CallManagerApp app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var session = new PageSession(client);
        var login = await session.PostFormAsync("/Account/Login", "/Account/Login",
            new() { ["Input.Email"] = email, ["Input.Password"] = ApiClientExtensions.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (session, client);
    }

    /// <summary>
    /// The host with a hook right after the arrival stamp: a POST carrying <see cref="QueuedForHeader"/> (seconds) moves the
    /// clock on by that much before the rest of the pipeline runs.
    /// </summary>
    private sealed class QueueingApp : CallManagerApp
    {
        public const string QueuedForHeader = "X-Test-Queued-For";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter>(_ => new QueueFilter(Clock)));
        }

        private sealed class QueueFilter(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((http, nextMiddleware) =>
                {
                    if (http.Request.Method == "POST" && double.TryParse(http.Request.Headers[QueuedForHeader], out var seconds))
                        clock.Advance(TimeSpan.FromSeconds(seconds));
                    return nextMiddleware(http);
                });
                next(app);
            };
        }
    }
}
