using CallManager.Domain.Common;

namespace CallManager.Domain.Reviews.Assignment;

/// <summary>One reviewer assigned to one dossier, with the pair's affinity.</summary>
public sealed record ReviewerAssignment(string DossierId, string ReviewerId, double Affinity);

/// <summary>The pairs chosen by an assigner and the report that explains them.</summary>
public sealed record AssignmentResult(IReadOnlyList<ReviewerAssignment> Assignments, AssignmentReport Report);

/// <summary>Figures describing an assignment; when no complete assignment exists, <see cref="Infeasibilities"/> says why in plain words.</summary>
public sealed record AssignmentReport
{
    /// <summary>Which assigner produced it ("balanced", "min-cost-flow", "fairness").</summary>
    public required string Method { get; init; }
    /// <summary>True when every slot is filled and every load bound holds.</summary>
    public required bool Feasible { get; init; }
    /// <summary>Why this assignment is incomplete, one plain sentence per blocking constraint (for the baseline, possibly a
    /// minimum load it missed although a complete assignment exists), translatable with ids and figures as values; empty when feasible.</summary>
    public IReadOnlyList<LocalizableText> Infeasibilities { get; init; } = [];
    /// <summary>Sum of the affinities of the chosen pairs.</summary>
    public required double TotalAffinity { get; init; }
    /// <summary>The LP bound on total affinity (the flow optimum: the model is totally unimodular), when known.</summary>
    public double? LpBound { get; init; }
    /// <summary>Total affinity divided by the LP bound.</summary>
    public double? LpRatio => LpBound is { } b && b != 0 ? TotalAffinity / b : null;
    /// <summary>Slots filled.</summary>
    public required int FilledSlots { get; init; }
    /// <summary>Slots to fill (dossiers × k).</summary>
    public required int TotalSlots { get; init; }
    /// <summary>Filled slots in percent.</summary>
    public double FilledPercent => TotalSlots == 0 ? 100 : 100.0 * FilledSlots / TotalSlots;
    /// <summary>Number of dossiers per reviewer id (every reviewer listed).</summary>
    public required IReadOnlyDictionary<string, int> LoadPerReviewer { get; init; }
    /// <summary>The dossier whose assigned reviewers have the lowest summed affinity.</summary>
    public string? WorstDossierId { get; init; }
    /// <summary>That dossier's summed affinity.</summary>
    public double WorstDossierAffinity { get; init; }
    /// <summary>Connected components of the reviewer–dossier graph (1 when connected).</summary>
    public int Components { get; init; }
    /// <summary>Swaps made to connect the graph, and the affinity they cost.</summary>
    public int ConnectivitySwaps { get; init; }
    /// <summary>The balanced baseline's figures on the same problem, when compared.</summary>
    public AssignmentReport? Baseline { get; init; }
    /// <summary>Worst-dossier affinity divided by the baseline's (null without a baseline or when it is not positive).</summary>
    public double? WorstVersusBaseline => Baseline is { WorstDossierAffinity: > 0 } b ? WorstDossierAffinity / b.WorstDossierAffinity : null;
    /// <summary>Figures of the fairness search, when run.</summary>
    public FairnessReport? Fairness { get; init; }
}

/// <summary>Outcome of the fairness search: worst-served dossier first, then total affinity.</summary>
/// <param name="Status">CP-SAT status of the first stage (OPTIMAL or FEASIBLE).</param>
/// <param name="WorstDossierAffinity">The worst-served dossier's affinity reached.</param>
/// <param name="WorstLpBound">LP relaxation bound on the worst-served dossier's affinity.</param>
/// <param name="GapPercent">Gap of the worst-served dossier's affinity to that LP bound, in percent.</param>
/// <param name="FlowWorstDossierAffinity">What the min-cost flow solution gave the worst-served dossier.</param>
/// <param name="TotalAffinityCost">Total affinity given up against the flow optimum.</param>
public sealed record FairnessReport(string Status, double WorstDossierAffinity, double WorstLpBound, double GapPercent,
    double FlowWorstDossierAffinity, double TotalAffinityCost);
