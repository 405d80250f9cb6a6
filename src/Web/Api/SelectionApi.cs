using CallManager.Web.Hosting;
using CallManager.Domain.Selection.Applicants;
using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Selection.Deliberation;
using CallManager.Domain.Selection.Ranking;

namespace CallManager.Web.Api;

/// <summary>Body of <c>POST /api/calls/{id}/ranking/snapshots</c>: the basis the jury chose (raw by default).</summary>
public sealed record FreezeInput(RankingBasis? Basis);

/// <summary>
/// HTTP endpoints of the selection stage: ranking snapshots, deliberation, decisions (stage, propose, publish, the applicant's letter), complaints.
/// Every rule (who may do what, when) lives in the domain services; handlers only translate.
/// </summary>
public sealed class SelectionApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var calls = endpoints.MapGroup("/api/calls/{id:guid}").WithTags("Selection").RequireAuthorization();
        calls.MapPost("/ranking/snapshots", async (Guid id, FreezeInput? input, HttpContext http, RankingService service) =>
        {
            var view = await service.FreezeAsync(id, input?.Basis ?? RankingBasis.Raw, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/calls/{id}/ranking/snapshots/{view.SnapshotId}", view);
        });
        calls.MapGet("/ranking", async (Guid id, HttpContext http, RankingService service) =>
            TypedResults.Ok(await service.LatestAsync(id, await http.ActorAsync(), http.RequestAborted)));
        calls.MapGet("/ranking/snapshots/{snapshotId:guid}", async (Guid id, Guid snapshotId, HttpContext http, RankingService service) =>
            TypedResults.Ok(await service.GetAsync(id, snapshotId, await http.ActorAsync(), http.RequestAborted)));
        calls.MapPost("/minutes", async (Guid id, MinutesInput input, HttpContext http, DeliberationService service) =>
        {
            var minutes = await service.RecordMinutesAsync(id, input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/calls/{id}/minutes", minutes);
        });
        calls.MapGet("/minutes", async (Guid id, HttpContext http, DeliberationService service) =>
            TypedResults.Ok(await service.ListMinutesAsync(id, await http.ActorAsync(), http.RequestAborted)));
        calls.MapGet("/decisions", async (Guid id, HttpContext http, DecisionService service) =>
            TypedResults.Ok(await service.ListAsync(id, await http.ActorAsync(), http.RequestAborted)));
        calls.MapPost("/selection/propose", async (Guid id, ProposalInput? input, HttpContext http, DecisionService service) =>
            TypedResults.Ok(await service.ProposeAsync(id, input ?? new ProposalInput(), await http.ActorAsync(), http.RequestAborted)));
        calls.MapPost("/decisions/publish", async (Guid id, HttpContext http, DecisionService service) =>
            TypedResults.Ok(await service.PublishAsync(id, await http.ActorAsync(), http.RequestAborted)));
        calls.MapGet("/complaints", async (Guid id, HttpContext http, ComplaintService service) =>
            TypedResults.Ok(await service.ListAsync(id, await http.ActorAsync(), http.RequestAborted)));

        var applications = endpoints.MapGroup("/api/applications/{id:guid}").WithTags("Selection").RequireAuthorization();
        applications.MapPut("/consensus", async (Guid id, ConsensusInput input, HttpContext http, DeliberationService service) =>
            TypedResults.Ok(await service.SetConsensusAsync(id, input, await http.ActorAsync(), http.RequestAborted)));
        applications.MapPut("/decision", async (Guid id, DecisionInput input, HttpContext http, DecisionService service) =>
            TypedResults.Ok(await service.StageAsync(id, input, await http.ActorAsync(), http.RequestAborted)));
        applications.MapGet("/decision", async (Guid id, HttpContext http, ApplicantDecisions service) =>
            TypedResults.Ok(await service.GetAsync(id, await http.ActorAsync(), http.RequestAborted)));
        applications.MapPost("/complaints", async (Guid id, ComplaintInput input, HttpContext http, ComplaintService service) =>
        {
            var complaint = await service.FileAsync(id, input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/complaints/{complaint.Id}", complaint);
        });

        endpoints.MapPut("/api/complaints/{id:guid}", async (Guid id, ComplaintResolutionInput input, HttpContext http, ComplaintService service) =>
            TypedResults.Ok(await service.ResolveAsync(id, input, await http.ActorAsync(), http.RequestAborted)))
            .WithTags("Selection").RequireAuthorization();
    }
}
