using CallManager.Domain.Common;
using CallManager.Domain.Reviews.Assignment;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Reviews;

/// <summary>The bookkeeping of one automatic assignment run: kept reviews, remaining needs and capacities, pairs added.</summary>
/// <remarks>
/// The solvers give every dossier the same k. A dossier that keeps some reviews needs fewer: it gets one placeholder reviewer
/// per kept review, usable only on it and matching all its themes (so both solvers take it first); placeholders are dropped
/// from the result. One problem for the whole call keeps the optimal solver optimal across dossiers.
/// </remarks>
internal sealed class AssignmentPlan
{
    private const string Placeholder = "placeholder:";
    private readonly List<Application> _dossiers;
    private readonly List<JuryMember> _reviewers;
    private readonly HashSet<ConflictedPair> _conflicts;
    private readonly HashSet<ConflictedPair> _taken = [];
    private readonly Dictionary<Guid, int> _need = [];
    private readonly Dictionary<string, int> _capacity = [];
    private readonly Dictionary<string, int> _load = [];
    private readonly int _k;

    public AssignmentPlan(List<Application> dossiers, List<JuryMember> reviewers, List<Review> kept, HashSet<ConflictedPair> conflicts, int k,
        Func<JuryMember, int> maxLoad)
    {
        (_dossiers, _reviewers, _conflicts, _k) = (dossiers, reviewers, conflicts, k);
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

    /// <summary>The solver's explanations, made readable.</summary>
    public List<LocalizableText> Reasons { get; } = [];

    /// <summary>Whether some dossier still needs a reviewer.</summary>
    public bool HasOpenSlots => _need.Values.Any(n => n > 0);

    public int Load(string userId) => _load[userId];
    public int AddedTo(string userId) => Added.Count(p => p.UserId == userId);

    /// <summary>One problem for every dossier still short of reviewers, with current capacities; kept and conflicted pairs forbidden.</summary>
    public AssignmentProblem Problem(Func<Application, IReadOnlyList<string>> themes)
    {
        var open = _dossiers.Where(d => _need[d.Id] > 0).ToList();
        var dossiers = new List<AssignmentApplication>();
        var reviewers = _reviewers.Select(m => new AssignmentReviewer(m.UserId, m.Themes, 0, _capacity[m.UserId])).ToList();
        var forbidden = open.SelectMany(d => _reviewers.Where(m => Blocked(d, m.UserId)).Select(m => new ForbiddenPair(m.UserId, d.Id.ToString()))).ToList();
        foreach (var d in open)
        {
            var dossierThemes = themes(d).ToList();
            if (_need[d.Id] < _k) dossierThemes.Add(Placeholder + d.Id);
            dossiers.Add(new AssignmentApplication(d.Id.ToString(), dossierThemes));
            for (var i = _need[d.Id]; i < _k; i++)
            {
                var id = $"{Placeholder}{d.Id}:{i}";
                reviewers.Add(new AssignmentReviewer(id, dossierThemes, 0, 1));
                forbidden.AddRange(open.Where(o => o.Id != d.Id).Select(o => new ForbiddenPair(id, o.Id.ToString())));
            }
        }
        return new AssignmentProblem(dossiers, reviewers, _k, forbidden);
    }

    /// <summary>Takes the solver's pairs (never a blocked one nor a placeholder) and its explanations.</summary>
    public void Accept(AssignmentResult result, IEnumerable<LocalizableText> reasons)
    {
        foreach (var a in result.Assignments.Where(a => !a.ReviewerId.StartsWith(Placeholder, StringComparison.Ordinal)))
        {
            var pair = new ConflictedPair(Guid.Parse(a.DossierId), a.ReviewerId);
            if (_conflicts.Contains(pair) || _need[pair.ApplicationId] <= 0 || _capacity[a.ReviewerId] == 0 || !_taken.Add(pair)) continue;
            Added.Add(pair);
            _need[pair.ApplicationId]--;
            _capacity[a.ReviewerId]--;
            _load[a.ReviewerId]++;
        }
        foreach (var reason in reasons)
        {
            var english = reason.ToString();
            if (!english.Contains(Placeholder, StringComparison.Ordinal) && Reasons.All(r => r.ToString() != english)) Reasons.Add(reason);
        }
    }

    /// <summary>Dossiers still short of reviewers, with the constraint that blocks each.</summary>
    public IEnumerable<(Application Dossier, int Missing, LocalizableText Reason)> Unfilled()
    {
        foreach (var d in _dossiers.Where(d => _need[d.Id] > 0))
            yield return (d, _need[d.Id], WhyUnfilled(d));
    }

    private LocalizableText WhyUnfilled(Application d)
    {
        if (_reviewers.Count == 0) return "The call has no jury yet: invite reviewers first (POST /api/calls/{id}/jury).";
        var free = _reviewers.Count(m => !Blocked(d, m.UserId));
        var conflicted = _reviewers.Count(m => _conflicts.Contains(new ConflictedPair(d.Id, m.UserId)));
        if (free < _need[d.Id]) return $"Only {free} more jury member(s) can review it ({conflicted} conflicted): invite more reviewers.";
        return "The jury members who could review it have reached their maximum load: raise maxPerReviewer or invite more reviewers.";
    }

    private bool Blocked(Application d, string userId) =>
        _conflicts.Contains(new ConflictedPair(d.Id, userId)) || _taken.Contains(new ConflictedPair(d.Id, userId));
}
