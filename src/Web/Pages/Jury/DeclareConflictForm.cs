using CallManager.Domain.Reviews;

namespace CallManager.Web.Pages.Jury;

/// <summary>What the jury page's declaration form of one call needs: the call and the organisations of its dossiers.</summary>
public sealed record DeclareConflictForm(Guid CallId, List<ConflictCandidate> Candidates);
