using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Decisions;
using CallManager.Web.Tests.Documents;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Selection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CallManager.Web.Tests.Selection.SelectionDriver;

namespace CallManager.Web.Tests.Privacy;

/// <summary>The audit chain's head printed in decision letters, and its key and heads kept with the installation.</summary>
[Collection(WebCollection.Name)]
public sealed class AuditHeadAnchoringTests
{
    [Fact]
    public async Task The_decision_letter_prints_the_head_written_when_the_decisions_were_published()
    {
        await using var app = new CallManagerApp();
        var d = new SelectionDriver(app);
        await d.PrepareAsync(1);
        await d.AddJuryAsync(1);
        await d.ReviewAsync(0, 0, 4);
        app.Clock.SetUtcNow(Deliberation);
        AuditHead head;
        using (var scope = app.Services.CreateScope())
        {
            var decisions = scope.ServiceProvider.GetRequiredService<DecisionService>();
            await decisions.StageAsync(d.Dossiers[0], new DecisionInput(DecisionOutcome.Selected, 80_000m), Actor.System);
            await decisions.PublishAsync(d.CallId, Actor.System);
            head = scope.ServiceProvider.GetRequiredService<AuditHeads>().Latest()!;
        }
        Assert.Equal("publication", head.Reason);

        var applicant = await d.AsAsync(Applicant(0));
        var text = PdfText.Extract(await applicant.GetByteArrayAsync($"/api/applications/{d.Dossiers[0]}/decision.pdf"));
        Assert.Contains($"{head.Sequence}, {head.Hash[..16]}", text);
    }

    [Fact]
    public void The_chain_key_and_head_folder_default_to_the_content_root_not_the_working_directory()
    {
        using var app = new CallManagerApp(settings: new Dictionary<string, string?> { ["Audit:HeadFolder"] = "data/audit-heads" });
        var root = app.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        var options = app.Services.GetRequiredService<IOptions<AuditOptions>>().Value;
        Assert.Equal(Path.Combine(root, "data", "audit-chain.key"), Path.GetFullPath(options.ChainKeyFile));
        Assert.Equal(Path.Combine(root, "data", "audit-heads"), Path.GetFullPath(options.HeadFolder));
        Assert.NotEqual(Path.GetFullPath(root), Path.GetFullPath(Directory.GetCurrentDirectory()));
    }
}
