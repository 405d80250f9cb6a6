using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Selection.Documents;
using CallManager.Web.Hosting;

namespace CallManager.Web.Api;

/// <summary>
/// Generated PDFs (receipts, decision letters, grant agreements): produced once, stored, then served byte for byte with
/// their SHA-256 in the <c>X-Content-SHA256</c> header. Who may read one is the rule of the dossier or grant it belongs to.
/// </summary>
public sealed class DocumentsApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Documents").RequireAuthorization();
        group.MapGet("/applications/{id:guid}/receipt.pdf", async (Guid id, int? version, HttpContext http, ApplicantDocuments documents) =>
            Pdf(http, await documents.ReceiptAsync(id, version, await http.ActorAsync(), http.RequestAborted)));
        group.MapGet("/applications/{id:guid}/decision.pdf", async (Guid id, HttpContext http, ApplicantDocuments documents) =>
            Pdf(http, await documents.DecisionLetterAsync(id, await http.ActorAsync(), http.RequestAborted)));
        group.MapGet("/grants/{id:guid}/agreement.pdf", async (Guid id, HttpContext http, GrantService grants) =>
            Pdf(http, await grants.AgreementDocumentAsync(id, await http.ActorAsync(), http.RequestAborted)));
    }

    /// <summary>The stored bytes as a download, with their recorded hash.</summary>
    public static IResult Pdf(HttpContext http, GeneratedDocument document)
    {
        http.Response.Headers["X-Content-SHA256"] = document.Sha256;
        return TypedResults.File(document.Content, document.ContentType, document.FileName);
    }
}
