using CallManager.Domain.Privacy;
using CallManager.Web.Hosting;
using CallManager.Domain.Accounts;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;

namespace CallManager.Web.Api;

/// <summary>Dossiers: applicants draft, answer, upload, submit and withdraw; administrators list them and decide admissibility.</summary>
public sealed class ApplicationsApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/calls/{id:guid}/applications", async (Guid id, CreateApplicationInput input, HttpContext http, ApplicationService service) =>
        {
            var application = await service.CreateAsync(id, input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/applications/{application.Id}", new { application.Id, application.Reference });
        }).RequireAuthorization().WithTags("Applications");
        endpoints.MapGet("/api/calls/{id:guid}/applications", async (Guid id, HttpContext http, ApplicationService service) =>
            TypedResults.Ok(await service.ListForCallAsync(id, await http.ActorAsync(), http.RequestAborted)))
            .RequireAuthorization(Roles.Administrator).WithTags("Applications");
        endpoints.MapPost("/api/calls/{id:guid}/admissibility", async (Guid id, BatchAdmissibilityInput input, HttpContext http, ApplicationService service) =>
            TypedResults.Ok(await service.RecordAdmissibilityBatchAsync(id, input, await http.ActorAsync(), http.RequestAborted)))
            .RequireAuthorization(Roles.Administrator).WithTags("Applications");

        var group = endpoints.MapGroup("/api/applications").WithTags("Applications").RequireAuthorization();
        group.MapGet("/", async (HttpContext http, ApplicationService service) =>
            TypedResults.Ok(await service.ListMineAsync(await http.ActorAsync(), http.RequestAborted)));
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, ApplicationService service, ReadingLog reads) =>
        {
            var actor = await http.ActorAsync();
            var dossier = await service.GetAsync(id, actor, http.RequestAborted);
            await reads.RecordAsync(actor, id, null, "api", http.RequestAborted);
            return TypedResults.Ok(dossier);
        });
        group.MapPut("/{id:guid}/answers", async (Guid id, SaveAnswersInput input, HttpContext http, ApplicationService service) =>
            TypedResults.Ok(await service.SaveAnswersAsync(id, input, await http.ActorAsync(), http.RequestAborted)));
        group.MapPost("/{id:guid}/attachments", UploadAsync).DisableAntiforgery().Produces<AttachmentView>(StatusCodes.Status201Created)
            .MultipartForm("The document, of a kind its field accepts (recognised from its content), at most Attachments:MaxLength bytes.", fileRequired: true,
                ("fieldKey", "The key of the form's file field the document answers (e.g. statutes).", true));
        group.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, HttpContext http, ApplicationService service, ReadingLog reads) =>
        {
            var actor = await http.ActorAsync();
            var (content, type, name) = await service.OpenAttachmentAsync(id, attachmentId, actor, http.RequestAborted);
            await reads.RecordAsync(actor, id, attachmentId, "download", http.RequestAborted);
            return TypedResults.File(content, type, name);
        });
        group.MapDelete("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, HttpContext http, ApplicationService service) =>
        {
            await service.RemoveAttachmentAsync(id, attachmentId, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.NoContent();
        });
        group.MapPost("/{id:guid}/submit", async (Guid id, HttpContext http, ApplicationService service) =>
            TypedResults.Ok(await service.SubmitAsync(id, await http.ActorAsync(), http.ArrivedAt(), http.RequestAborted)));
        group.MapPost("/{id:guid}/withdraw", async (Guid id, HttpContext http, ApplicationService service) =>
            TypedResults.Ok(await service.WithdrawAsync(id, await http.ActorAsync(), http.ArrivedAt(), http.RequestAborted)));
        group.MapPost("/{id:guid}/admissibility", async (Guid id, AdmissibilityInput input, HttpContext http, ApplicationService service) =>
            TypedResults.Ok(await service.RecordAdmissibilityAsync(id, input, await http.ActorAsync(), http.RequestAborted)))
            .RequireAuthorization(Roles.Administrator);
        group.MapGet("/{id:guid}/eligibility", async (Guid id, HttpContext http, EligibilityService service) =>
            TypedResults.Ok(await service.StandingAsync(id, await http.ActorAsync(), http.RequestAborted)))
            .RequireAuthorization(Roles.Administrator);
        group.MapGet("/{id:guid}/trace", async (Guid id, HttpContext http, ApplicationTrace trace) =>
            TypedResults.Ok(await trace.ForApplicationAsync(id, await http.ActorAsync(), http.RequestAborted)))
            .RequireAuthorization(Roles.Administrator);
        group.MapPost("/{id:guid}/derogations", async (Guid id, DerogationInput input, HttpContext http, EligibilityService service) =>
        {
            var derogation = await service.GrantDerogationAsync(id, input, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.Created($"/api/applications/{id}/eligibility", derogation);
        }).RequireAuthorization(Roles.Administrator);
    }

    /// <summary>Multipart upload: form field <c>fieldKey</c> and one file part.</summary>
    private static async Task<IResult> UploadAsync(Guid id, HttpContext http, ApplicationService service)
    {
        if (!http.Request.HasFormContentType)
            throw DomainException.Invalid("Send the file as multipart/form-data with a 'fieldKey' field and one file.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files.FirstOrDefault() ?? throw DomainException.Invalid("No file was sent: add one file part to the form.");
        await using var content = file.OpenReadStream();
        var view = await service.AddAttachmentAsync(id, form["fieldKey"].FirstOrDefault(), file.FileName, content, await http.ActorAsync(), http.RequestAborted);
        return TypedResults.Created($"/api/applications/{id}/attachments/{view.Id}", view);
    }
}
