using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Runtime;
using CallManager.Runtime.Outbox;

namespace CallManager.Domain.Submissions;

/// <summary>
/// Talks to the per-dossier workflow (the call's <see cref="Call.ApplicationWorkflowId"/>, by default
/// workflows/ptce-application.json): what the workflow is owed is recorded in the dossier's change (same transaction,
/// <see cref="WorkflowOutbox"/>) and delivered by <see cref="DeliverAsync"/> once the change is saved, or later by the
/// outbox dispatcher if that fails or the process stops in between. Both deliveries are idempotent.
/// </summary>
public sealed class ApplicationWorkflow(WorkflowOutbox outbox)
{
    /// <summary>Name of the stimulus sent when an administrator asks for missing documents.</summary>
    public const string MissingDocumentsRequested = "MissingDocumentsRequested";

    /// <summary>Records the start of the dossier's instance (one per dossier) at its first submission, in the unit of work.</summary>
    public void Start(Call call, Application application) =>
        outbox.Start(call.ApplicationWorkflowId, application.Id.ToString(), new JsonObject { ["reference"] = application.Reference });

    /// <summary>Records, in the unit of work, that documents are due (reminder and due-date timers follow).</summary>
    public void RequestMissingDocuments(Application application) =>
        outbox.Stimulate(new Stimulus(MissingDocumentsRequested, application.Id.ToString(),
            new JsonObject { ["dueAt"] = application.MissingDocumentsDueAt },
            $"missing-documents:{application.Id}:{application.MissingDocumentsDueAt?.UtcTicks}"));

    /// <summary>After the save: delivers what was recorded (a failure is left to the dispatcher, never undoes the change).</summary>
    public Task DeliverAsync(CancellationToken ct) => outbox.DeliverAsync(ct);
}
