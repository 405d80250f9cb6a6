namespace CallManager.Domain.Reviews.Assignment;

/// <summary>A reviewer's stated wish to review a dossier, collected in the optional bidding phase.</summary>
public enum Bid
{
    /// <summary>The reviewer asked for this dossier.</summary>
    Eager,
    /// <summary>The reviewer accepts this dossier.</summary>
    Willing,
    /// <summary>The reviewer would rather not review this dossier (allowed, but penalised).</summary>
    NotWilling,
}

/// <summary>An eligible dossier to be reviewed, with its themes.</summary>
public sealed record AssignmentApplication(string Id, IReadOnlyList<string> Themes);

/// <summary>A jury member with their themes of expertise and the load they accept.</summary>
public sealed record AssignmentReviewer(string Id, IReadOnlyList<string> Themes, int MinLoad, int MaxLoad);

/// <summary>A reviewer and a dossier that must never be paired (declared or administrator-locked conflict).</summary>
public sealed record ForbiddenPair(string ReviewerId, string DossierId);

/// <summary>A reviewer's bid on one dossier.</summary>
public sealed record ReviewerBid(string ReviewerId, string DossierId, Bid Bid);

/// <summary>Everything an assigner needs: dossiers, reviewers, reviewers per dossier, conflicts and bids.</summary>
public sealed record AssignmentProblem(
    IReadOnlyList<AssignmentApplication> Dossiers,
    IReadOnlyList<AssignmentReviewer> Reviewers,
    int ReviewersPerDossier,
    IReadOnlyList<ForbiddenPair>? Conflicts = null,
    IReadOnlyList<ReviewerBid>? Bids = null);

/// <summary>How a pair's affinity is computed: expertise match (share of the dossier's themes the reviewer covers) plus the bid.</summary>
public sealed record AffinityWeights(double Expertise = 1.0, double Eager = 0.5, double Willing = 0.2, double NotWilling = -0.5)
{
    /// <summary>The weights used when none are given.</summary>
    public static AffinityWeights Default { get; } = new();

    /// <summary>The bonus (or penalty) for a bid; no bid counts zero.</summary>
    public double ForBid(Bid? bid) => bid switch
    {
        Assignment.Bid.Eager => Eager,
        Assignment.Bid.Willing => Willing,
        Assignment.Bid.NotWilling => NotWilling,
        _ => 0,
    };
}

/// <summary>Options of an assignment run.</summary>
public sealed record AssignmentOptions
{
    /// <summary>How affinities are computed.</summary>
    public AffinityWeights Weights { get; init; } = AffinityWeights.Default;

    /// <summary>Maximise the worst-served dossier first (CP-SAT), then total affinity.</summary>
    public bool Fairness { get; init; }

    /// <summary>Wall-clock limit of the fairness search (split between its two stages).</summary>
    public TimeSpan FairnessTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CP-SAT workers; two suits the build machines.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Swap pairs, at the smallest affinity cost, until the reviewer–dossier graph is connected (needed by calibration).</summary>
    public bool KeepConnected { get; init; } = true;

    /// <summary>Compare with the balanced baseline in the report.</summary>
    public bool CompareWithBaseline { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static AssignmentOptions Default { get; } = new();
}
