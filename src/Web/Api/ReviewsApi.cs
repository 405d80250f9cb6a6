using CallManager.Web.Hosting;
using CallManager.Domain.Accounts;
using CallManager.Domain.Reviews;

namespace CallManager.Web.Api;

/// <summary>HTTP endpoints of the reviews stage: jury, conflicts of interest, assignments and reviews (thin handlers over the domain services).</summary>
public sealed class ReviewsApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var calls = endpoints.MapGroup("/api/calls/{id:guid}").WithTags("Reviews").RequireAuthorization();
        var admin = calls.MapGroup("/").RequireAuthorization(Roles.Administrator);
        admin.MapPost("/jury", async (Guid id, InviteReviewerInput input, HttpContext http, JuryService jury) =>
        {
            var member = await jury.InviteAsync(id, input, await http.ActorAsync(), new Ui.ReviewerLinks(http), http.RequestAborted);
            return TypedResults.Created($"/api/calls/{id}/jury/{member.UserId}", member);
        });
        admin.MapGet("/jury", async (Guid id, HttpContext http, JuryService jury) =>
            TypedResults.Ok(await jury.ListAsync(id, await http.ActorAsync(), http.RequestAborted)));
        admin.MapDelete("/jury/{userId}", async (Guid id, string userId, HttpContext http, JuryService jury) =>
        {
            await jury.RemoveAsync(id, userId, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.NoContent();
        });

        calls.MapPost("/conflicts", async (Guid id, DeclareConflictInput input, HttpContext http, ConflictService conflicts) =>
        {
            var declared = await conflicts.DeclareAsync(id, input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/calls/{id}/conflicts/{declared.Conflict.Id}", declared);
        });
        calls.MapDelete("/conflicts/{conflictId:guid}", async (Guid id, Guid conflictId, HttpContext http, ConflictService conflicts) =>
        {
            await conflicts.RemoveAsync(id, conflictId, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.NoContent();
        });
        calls.MapPost("/conflicts/confirm", async (Guid id, HttpContext http, ConflictService conflicts) =>
            TypedResults.Ok(await conflicts.ConfirmAsync(id, await http.ActorAsync(), http.RequestAborted)));
        calls.MapGet("/conflicts", async (Guid id, HttpContext http, ConflictService conflicts) =>
            TypedResults.Ok(await conflicts.ListAsync(id, await http.ActorAsync(), http.RequestAborted)));
        calls.MapGet("/conflicts/candidates", async (Guid id, HttpContext http, ConflictService conflicts) =>
            TypedResults.Ok(await conflicts.CandidatesAsync(id, await http.ActorAsync(), http.RequestAborted)));

        admin.MapPost("/assignments/auto", async (Guid id, AutoAssignInput? input, HttpContext http, AssignmentService assignments) =>
            TypedResults.Ok(await assignments.AutoAssignAsync(id, input ?? new AutoAssignInput(), await http.ActorAsync(), http.RequestAborted)));
        admin.MapPost("/assignments", async (Guid id, AssignInput input, HttpContext http, AssignmentService assignments) =>
        {
            var assignment = await assignments.AssignAsync(id, input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/reviews/{assignment.ReviewId}", assignment);
        });
        admin.MapDelete("/assignments/{reviewId:guid}", async (Guid id, Guid reviewId, HttpContext http, AssignmentService assignments) =>
        {
            await assignments.UnassignAsync(id, reviewId, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.NoContent();
        });
        // Reminds one reviewer ({ "reviewerId": "..." }) or, without a body, every reviewer with unfinished reviews.
        admin.MapPost("/reviews/remind", async (Guid id, RemindReviewersInput? input, HttpContext http, ReviewReminders reminders) =>
            TypedResults.Ok(await reminders.RemindNowAsync(id, input?.ReviewerId, await http.ActorAsync(), http.RequestAborted)));
        admin.MapGet("/assignments", async (Guid id, HttpContext http, AssignmentService assignments) =>
            TypedResults.Ok(await assignments.ListAsync(id, await http.ActorAsync(), http.RequestAborted)));

        var reviews = endpoints.MapGroup("/api/reviews").WithTags("Reviews").RequireAuthorization();
        reviews.MapGet("/", async (HttpContext http, ReviewService service) => TypedResults.Ok(await service.MineAsync(await http.ActorAsync(), http.RequestAborted)));
        reviews.MapGet("/{id:guid}", async (Guid id, HttpContext http, ReviewService service, Domain.Privacy.ReadingLog reads) =>
        {
            var actor = await http.ActorAsync();
            var review = await service.GetAsync(id, actor, http.RequestAborted);
            await reads.RecordAsync(actor, review.ApplicationId, null, "api", http.RequestAborted);
            return TypedResults.Ok(review);
        });
        reviews.MapPut("/{id:guid}", async (Guid id, SaveReviewInput input, HttpContext http, ReviewService service) =>
            TypedResults.Ok(await service.SaveAsync(id, input, await http.ActorAsync(), http.RequestAborted)));
        reviews.MapPost("/{id:guid}/submit", async (Guid id, HttpContext http, ReviewService service) =>
            TypedResults.Ok(await service.SubmitAsync(id, await http.ActorAsync(), http.RequestAborted)));
        endpoints.MapGet("/api/applications/{id:guid}/reviews", async (Guid id, HttpContext http, ReviewService service) =>
            TypedResults.Ok(await service.ForDossierAsync(id, await http.ActorAsync(), http.RequestAborted))).WithTags("Reviews").RequireAuthorization();
    }
}
