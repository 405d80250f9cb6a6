using CallManager.Workflow.Reviews.Assignment;
using CallManager.Workflow.Submissions;

namespace CallManager.Workflow.Reviews;

/// <summary>The bookkeeping of one automatic assignment run: kept reviews, remaining needs and capacities, pairs added.</summary>
internal sealed class AssignmentPlan
{
    private readonly List<Application> _dossiers;
    private readonly List<JuryMember> _reviewers;
    private readonly HashSet<ConflictedPair> _conflicts;
    private readonly HashSet<ConflictedPair> _taken = [];
    private readonly Dictionary<Guid, int> _need = [];
    private readonly Dictionary<string, int> _capacity = [];
    private readonly Dictionary<string, int> _load = [];

    public AssignmentPlan(List<Application> dossiers, List<JuryMember> reviewers, List<Review> kept, HashSet<ConflictedPair> conflicts, int k,
        Func<JuryMember, int> maxLoad)
    {
        (_dossiers, _reviewers, _conflicts) = (dossiers, reviewers, conflicts);
        foreach (var r in kept) _taken.Add(new ConflictedPair(r.ApplicationId, r.ReviewerId));
        foreach (var d in dossiers) _need[d.Id] = k - kept.Count(r => r.ApplicationId == d.Id && !conflicts.Contains(new ConflictedPair(d.Id, r.ReviewerId)));
        foreach (var m in reviewers)
        {
            _load[m.UserId] = kept.Count(r => r.ReviewerId == m.UserId);
            _capacity[m.UserId] = Math.Max(0, maxLoad(m) - _load[m.UserId]);
        }
    }

    /// <summary>Pairs added by the solver.</summary>
    public List<ConflictedPair> Added { get; } = [];

    /// <summary>The solvers' explanations, made readable.</summary>
    public List<string> Reasons { get; } = [];

    public int Need(Application dossier) => _need[dossier.Id];
    public int Load(string userId) => _load[userId];
    public int AddedTo(string userId) => Added.Count(p => p.UserId == userId);

    /// <summary>The problem for dossiers that all still need <paramref name="k"/> reviewers, with current capacities; kept and conflicted pairs forbidden.</summary>
    public AssignmentProblem Problem(List<Application> group, int k, Func<Application, IReadOnlyList<string>> themes)
    {
        var forbidden = group.SelectMany(d => _reviewers.Where(m => Blocked(d, m.UserId)).Select(m => new ForbiddenPair(m.UserId, d.Id.ToString()))).ToList();
        return new AssignmentProblem(
            group.Select(d => new AssignmentDossier(d.Id.ToString(), themes(d))).ToList(),
            _reviewers.Select(m => new AssignmentReviewer(m.UserId, m.Themes, 0, _capacity[m.UserId])).ToList(),
            k, forbidden);
    }

    /// <summary>Takes the solver's pairs (never a blocked one) and its explanations.</summary>
    public void Accept(AssignmentResult result, IEnumerable<string> reasons)
    {
        foreach (var a in result.Assignments)
        {
            var pair = new ConflictedPair(Guid.Parse(a.DossierId), a.ReviewerId);
            if (_conflicts.Contains(pair) || !_taken.Add(pair) || _capacity[a.ReviewerId] == 0) continue;
            Added.Add(pair);
            _need[pair.ApplicationId]--;
            _capacity[a.ReviewerId]--;
            _load[a.ReviewerId]++;
        }
        Reasons.AddRange(reasons.Where(r => !Reasons.Contains(r)));
    }

    /// <summary>Dossiers still short of reviewers, with the constraint that blocks each.</summary>
    public IEnumerable<(Application Dossier, int Missing, string Reason)> Unfilled()
    {
        foreach (var d in _dossiers.Where(d => _need[d.Id] > 0))
        {
            var free = _reviewers.Count(m => !Blocked(d, m.UserId));
            var conflicted = _reviewers.Count(m => _conflicts.Contains(new ConflictedPair(d.Id, m.UserId)));
            var reason = _reviewers.Count == 0
                ? "The call has no jury yet: invite reviewers first (POST /api/calls/{id}/jury)."
                : free < _need[d.Id]
                    ? $"Only {free} more jury member(s) can review it ({conflicted} conflicted): invite more reviewers."
                    : "The jury members who could review it have reached their maximum load: raise maxPerReviewer or invite more reviewers.";
            yield return (d, _need[d.Id], reason);
        }
    }

    private bool Blocked(Application d, string userId) =>
        _conflicts.Contains(new ConflictedPair(d.Id, userId)) || _taken.Contains(new ConflictedPair(d.Id, userId));
}
