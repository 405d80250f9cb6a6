using CallManager.Web.Hosting;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;

namespace CallManager.Web.Api;

/// <summary>
/// Grants: administrators sign agreements, review reports and record payments; beneficiaries read their grants and
/// submit reports. A grant the caller may not see answers 404 on every path.
/// </summary>
public sealed class GrantsApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/grants").WithTags("Grants").RequireAuthorization();
        group.MapGet("/", async (Guid? callId, string? status, HttpContext http, GrantService service) =>
            TypedResults.Ok(await service.ListAsync(new GrantFilter(callId, ParseStatus(status)), await http.ActorAsync(), http.RequestAborted)));
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, GrantService service) =>
            TypedResults.Ok(await service.GetAsync(id, await http.ActorAsync(), http.RequestAborted)));
        group.MapPost("/{id:guid}/agreement", async (Guid id, AgreementInput input, HttpContext http, GrantService service) =>
            TypedResults.Ok(await service.SignAsync(id, input, await http.ActorAsync(), http.RequestAborted)));
        group.MapPost("/{id:guid}/agreement/accept", async (Guid id, AgreementAcceptanceInput input, HttpContext http, GrantService service) =>
            TypedResults.Ok(await service.AcceptAgreementAsync(id, input, await http.ActorAsync(), http.RequestAborted)));
        group.MapPost("/{id:guid}/reports/{reportId:guid}", SubmitReportAsync).DisableAntiforgery().Produces<GrantView>()
            .MultipartForm("The report's document: pdf, docx or odt (recognised from its content), at most 20 MB.", fileRequired: true,
                ("indicators", "The figures as one JSON object, e.g. {\"jobsCreated\": 3}; fields named indicators.KEY are accepted too.", false),
                ("narrative", "The narrative of the report.", false),
                ("answer", "The answer to the changes the funder requested.", false));
        group.MapPost("/{id:guid}/reports/{reportId:guid}/draft", async (Guid id, Guid reportId, ReportDraftInput input, HttpContext http, GrantService service) =>
            TypedResults.Ok(await service.SaveReportDraftAsync(id, reportId, input, await http.ActorAsync(), http.RequestAborted)));
        group.MapPost("/{id:guid}/reports/{reportId:guid}/approve", async (Guid id, Guid reportId, HttpContext http, GrantService service) =>
            TypedResults.Ok(await service.ApproveReportAsync(id, reportId, await http.ActorAsync(), http.RequestAborted)));
        group.MapPost("/{id:guid}/reports/{reportId:guid}/request-changes", async (Guid id, Guid reportId, ChangesInput input, HttpContext http, GrantService service) =>
            TypedResults.Ok(await service.RequestChangesAsync(id, reportId, input, await http.ActorAsync(), http.RequestAborted)));
        group.MapPost("/{id:guid}/payments/{trancheId:guid}/paid", async (Guid id, Guid trancheId, PaymentInput? input, HttpContext http, GrantService service) =>
            TypedResults.Ok(await service.RecordPaymentAsync(id, trancheId, input ?? new(), await http.ActorAsync(), http.RequestAborted)));
        group.MapGet("/{id:guid}/reports/{reportId:guid}/document", async (Guid id, Guid reportId, HttpContext http, GrantService service) =>
        {
            var (content, type, name) = await service.OpenDocumentAsync(id, reportId, await http.ActorAsync(), http.RequestAborted);
            return TypedResults.File(content, type, name);
        });
    }

    private static GrantStatus? ParseStatus(string? status) =>
        status is null ? null
        : Enum.TryParse<GrantStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw DomainException.Invalid($"'{status}' is not a grant status: use one of {string.Join(", ", Enum.GetNames<GrantStatus>())}.",
            new Dictionary<string, string[]> { ["status"] = ["Unknown status."] });

    /// <summary>
    /// Multipart report: one file part (the document) and the figures, either as fields named <c>indicators.KEY</c>
    /// or as one field <c>indicators</c> holding a JSON object; optional fields <c>narrative</c> and <c>answer</c> (to requested changes).
    /// </summary>
    private static async Task<IResult> SubmitReportAsync(Guid id, Guid reportId, HttpContext http, GrantService service)
    {
        if (!http.Request.HasFormContentType)
            throw DomainException.Invalid("Send the report as multipart/form-data: one file part named 'file' and a field 'indicators.KEY' per indicator.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form.Files.Count > 1) throw DomainException.Invalid($"Send one document per report; {form.Files.Count} files were sent.");
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        await using var content = file?.OpenReadStream();
        var view = await service.SubmitReportAsync(id, reportId, new ReportUpload(content, file?.FileName, ReportForm.Indicators(form),
            form["narrative"].ToString(), form["answer"].ToString()),
            await http.ActorAsync(), http.RequestAborted);
        return TypedResults.Ok(view);
    }
}
