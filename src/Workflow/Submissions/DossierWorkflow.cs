using System.Text.Json.Nodes;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Common;
using CallManager.Workflow.Runtime;
using Microsoft.Extensions.Logging;

namespace CallManager.Workflow.Submissions;

/// <summary>
/// Talks to the per-dossier workflow (the call's <see cref="Call.ApplicationWorkflowId"/>, by default
/// workflows/ptce-application.json), after the dossier's change is saved. Both calls are idempotent; a failure to reach
/// the workflow is logged and never undoes the applicant's or administrator's accepted change.
/// </summary>
public sealed class DossierWorkflow(IWorkflowRuntime workflows, ILogger<DossierWorkflow> logger)
{
    /// <summary>Name of the stimulus sent when an administrator asks for missing documents.</summary>
    public const string MissingDocumentsRequested = "MissingDocumentsRequested";

    /// <summary>Starts the dossier's instance (one per dossier) at its first submission.</summary>
    public async Task StartAsync(Call call, Application application, CancellationToken ct)
    {
        try
        {
            await workflows.StartAsync(new StartRequest(call.ApplicationWorkflowId, application.Id.ToString(),
                new JsonObject { ["reference"] = application.Reference }, OnePerCorrelation: true), ct);
        }
        catch (DomainException e)
        {
            logger.LogError("Dossier {Reference} was submitted but its workflow {Workflow} did not start: {Problem}",
                application.Reference, call.ApplicationWorkflowId, e.Message);
        }
    }

    /// <summary>Tells the dossier's instance that documents are due (reminder and due-date timers follow).</summary>
    public async Task MissingDocumentsRequestedAsync(Application application, CancellationToken ct)
    {
        try
        {
            await workflows.StimulateAsync(new Stimulus(MissingDocumentsRequested, application.Id.ToString(),
                new JsonObject { ["dueAt"] = application.MissingDocumentsDueAt },
                $"missing-documents:{application.Id}:{application.MissingDocumentsDueAt?.UtcTicks}"), ct);
        }
        catch (DomainException e)
        {
            logger.LogError("The workflow of dossier {Reference} was not told about the missing documents: {Problem}", application.Reference, e.Message);
        }
    }
}
