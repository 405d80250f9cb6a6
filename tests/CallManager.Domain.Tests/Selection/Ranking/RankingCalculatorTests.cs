using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Selection.Ranking;

namespace CallManager.Domain.Tests.Selection.Ranking;

public class RankingCalculatorTests
{
    private static readonly Guid Call = Guid.Parse("00000000-0000-0000-0000-00000000c011");

    private static SnapshotContent Content(List<SnapshotApplication> dossiers, List<string>? tieBreak = null, decimal? threshold = null,
        decimal? passMarkA = null, decimal disagreement = 10, RankingBasis basis = RankingBasis.Raw, decimal budget = 1_000_000) =>
        new(Call, "T", basis, [new("a", "A", "A", 60, 5, passMarkA), new("b", "B", "B", 40, 5, null)], tieBreak ?? ["b", "a"], threshold,
            disagreement, budget, 100_000, dossiers);

    private static SnapshotApplication Dossier(int n, params (decimal A, decimal B)[] reviews) =>
        new(Guid.Parse($"00000000-0000-0000-0000-{n:000000000000}"), $"T-{n:0000}", $"Project {n}", 50_000, Guid.Parse($"00000000-0000-0000-0001-{n:000000000000}"),
            "Occitanie", "Association", "alimentation",
            reviews.Select((r, i) => new SnapshotReview($"R{i + 1}", 2, [new("a", r.A), new("b", r.B)])).ToList());

    [Fact]
    public void Means_total_on_100_and_spread_of_the_reviewers_totals()
    {
        var ranking = RankingCalculator.Compute(Content([Dossier(1, (4, 3), (5, 5))]));

        var row = Assert.Single(ranking.Dossiers);
        Assert.Equal([4.5m, 4m], row.Means.Select(m => m.Mean!.Value));
        Assert.Equal(86m, row.RawTotal); // 60 × 4.5 / 5 + 40 × 4 / 5
        Assert.Equal(14m, row.Spread); // reviewers' totals 72 and 100
        Assert.True(row.Disputed);
        Assert.True(row.Fundable);
        Assert.Contains("reviewers disagree: spread 14.00 above 10.00", row.Trace.Select(t => t.ToString()));
    }

    [Fact]
    public void Spread_at_the_threshold_is_not_a_disagreement()
    {
        var ranking = RankingCalculator.Compute(Content([Dossier(1, (4, 3), (5, 5))], disagreement: 14));
        Assert.False(ranking.Dossiers[0].Disputed);
    }

    [Fact]
    public void A_tie_is_broken_by_the_calls_order_of_criteria_and_the_trace_says_so()
    {
        // Both total 80: dossier 1 has a = 5, b = 2.5; dossier 2 has a = 4, b = 4. The call breaks ties on b first.
        var content = Content([Dossier(1, (5, 2), (5, 3)), Dossier(2, (4, 4), (4, 4))]);

        var ranking = RankingCalculator.Compute(content);

        Assert.Equal(["T-0002", "T-0001"], ranking.Dossiers.Select(d => d.Reference));
        Assert.Equal([80m, 80m], ranking.Dossiers.Select(d => d.Total));
        Assert.Contains("tie with T-0001 at 80.00 broken on 'b' 4.00 > 2.50", ranking.Dossiers[0].Trace.Select(t => t.ToString()));
        Assert.Contains("tie with T-0002 at 80.00 broken on 'b' 4.00 > 2.50 in favour of T-0002", ranking.Dossiers[1].Trace.Select(t => t.ToString()));

        var otherOrder = RankingCalculator.Compute(content with { TieBreakOrder = ["a", "b"] });
        Assert.Equal(["T-0001", "T-0002"], otherOrder.Dossiers.Select(d => d.Reference));
        Assert.Contains("tie with T-0002 at 80.00 broken on 'a' 5.00 > 4.00", otherOrder.Dossiers[0].Trace.Select(t => t.ToString()));
    }

    [Fact]
    public void Equal_on_every_criterion_the_reference_decides_as_last_resort()
    {
        var ranking = RankingCalculator.Compute(Content([Dossier(7, (4, 4)), Dossier(3, (4, 4))]));

        Assert.Equal(["T-0003", "T-0007"], ranking.Dossiers.Select(d => d.Reference));
        Assert.Contains("tie with T-0007 at 80.00, equal on every tie-break criterion, broken by reference (last resort): T-0003 < T-0007",
            ranking.Dossiers[0].Trace.Select(t => t.ToString()));
    }

    [Fact]
    public void Below_a_criterion_pass_mark_a_dossier_is_not_fundable_and_follows_every_fundable_one()
    {
        // Dossier 1: a = 2.5 (pass mark 3), b = 5 → total 70, higher than dossier 2's 68 but not fundable.
        var ranking = RankingCalculator.Compute(Content([Dossier(1, (2, 5), (3, 5)), Dossier(2, (3, 5), (3, 4), (3, 4.5m))], passMarkA: 3));

        Assert.Equal(["T-0002", "T-0001"], ranking.Dossiers.Select(d => d.Reference));
        var failed = ranking.Dossiers[1];
        Assert.False(failed.Fundable);
        Assert.Equal(["'a' mean 2.50 below its pass mark 3.00"], failed.NotFundableBecause.Select(r => r.ToString()));
        Assert.True(failed.Means[0].BelowPassMark);
        Assert.Contains("after T-0002: fundable dossiers come first", failed.Trace.Select(t => t.ToString()));
        Assert.Contains("before T-0001, which is not fundable", ranking.Dossiers[0].Trace.Select(t => t.ToString()));
    }

    [Fact]
    public void Below_the_calls_threshold_a_dossier_is_not_fundable()
    {
        var ranking = RankingCalculator.Compute(Content([Dossier(1, (2, 2)), Dossier(2, (5, 5))], threshold: 50));

        Assert.Equal(["T-0002", "T-0001"], ranking.Dossiers.Select(d => d.Reference));
        Assert.Equal(["total 40.00 below the call's threshold 50.00"], ranking.Dossiers[1].NotFundableBecause.Select(r => r.ToString()));
        Assert.Equal("after T-0002: fundable dossiers come first", ranking.Dossiers[1].Trace[^1].ToString());
    }

    [Fact]
    public void A_dossier_without_review_is_not_fundable()
    {
        var ranking = RankingCalculator.Compute(Content([Dossier(1), Dossier(2, (5, 5))]));
        Assert.Equal(["no submitted review"], ranking.Dossiers[1].NotFundableBecause.Select(r => r.ToString()));
        Assert.Null(ranking.Dossiers[1].CalibratedTotal);
    }

    [Fact]
    public void Calibrated_totals_are_shown_beside_raw_and_rank_only_when_chosen()
    {
        // R1 is harsh on every dossier; dossier 3 was only seen by R1.
        var dossiers = new List<SnapshotApplication>
        {
            Dossier(1, (3, 3), (5, 5)), Dossier(2, (2, 2), (4, 4)), Dossier(3, (3.5m, 3.5m)),
        };
        var raw = RankingCalculator.Compute(Content(dossiers));
        var calibrated = RankingCalculator.Compute(Content(dossiers, basis: RankingBasis.Calibrated));

        Assert.All(raw.Dossiers, d => Assert.NotNull(d.CalibratedTotal));
        Assert.Equal(raw.Dossiers.Select(d => d.RawTotal).Order(), calibrated.Dossiers.Select(d => d.RawTotal).Order());
        Assert.All(calibrated.Dossiers, d => Assert.Equal(d.CalibratedTotal, d.Total));
        Assert.All(raw.Dossiers, d => Assert.Equal(d.RawTotal, d.Total));
        Assert.Equal("T-0003", raw.Dossiers[1].Reference); // raw 70 between 80 and 60
        Assert.Equal("T-0003", calibrated.Dossiers[0].Reference); // 70 from a harsh reviewer is worth more
    }

    [Fact]
    public void Funded_share_is_one_for_a_dossier_funded_whatever_the_resample_and_zero_beyond_the_budget()
    {
        var ranking = RankingCalculator.Compute(Content([Dossier(1, (5, 5), (5, 5)), Dossier(2, (1, 1), (1, 1))], budget: 50_000));
        Assert.Equal([1m, 0m], ranking.Dossiers.Select(d => d.FundedShare!.Value));
    }

    [Fact]
    public void The_same_snapshot_gives_the_same_ranking_and_trace_byte_for_byte()
    {
        var content = Content([Dossier(1, (5, 2), (5, 3)), Dossier(2, (4, 4), (4, 4)), Dossier(3, (1, 5), (4, 2)), Dossier(4, (3, 3))]);
        var json = CanonicalJson.Serialize(content);

        var first = CanonicalJson.Serialize(RankingCalculator.Compute(CanonicalJson.Deserialize<SnapshotContent>(json)));
        var second = CanonicalJson.Serialize(RankingCalculator.Compute(CanonicalJson.Deserialize<SnapshotContent>(json)));

        Assert.Equal(first, second);
        Assert.Equal(CanonicalJson.Sha256(json), CanonicalJson.Sha256(CanonicalJson.Serialize(CanonicalJson.Deserialize<SnapshotContent>(json))));
    }
}
