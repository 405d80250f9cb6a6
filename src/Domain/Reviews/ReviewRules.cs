using CallManager.Domain.Calls;
using CallManager.Domain.Common;

namespace CallManager.Domain.Reviews;

/// <summary>What a review may hold (scores on the call's scale, confidence 1–3, comment lengths) and when it is complete enough to submit.</summary>
public static class ReviewRules
{
    public const int MaxCommentLength = 5000;

    /// <summary>Merges <paramref name="input"/> into <paramref name="review"/> or throws Invalid naming every problem.</summary>
    public static void Merge(Review review, SaveReviewInput input, Call call)
    {
        var errors = new Dictionary<string, LocalizableText[]>();
        var scores = review.Scores.ToDictionary(s => s.Key);
        foreach (var (item, i) in (input.Scores ?? []).Select((s, i) => (s, i)))
        {
            var criterion = call.Criteria.FirstOrDefault(c => c.Key == item.Key);
            if (criterion is null)
                errors[$"scores[{i}].key"] = [$"'{item.Key}' is not a criterion of this call (known: {string.Join(", ", call.Criteria.Select(c => c.Key))})."];
            else if (item.Score is { } score && (score < 0 || score > criterion.ScaleMax || score != decimal.Truncate(score)))
                errors[$"scores[{i}].score"] = [$"The score for '{criterion.Key}' must be a whole number from 0 to {criterion.ScaleMax}."];
            else if (item.Comment is { Length: > MaxCommentLength })
                errors[$"scores[{i}].comment"] = [$"The comment for '{criterion.Key}' is limited to {MaxCommentLength} characters."];
            else
                scores[criterion.Key] = new CriterionScore(criterion.Key, item.Score, string.IsNullOrWhiteSpace(item.Comment) ? null : item.Comment.Trim());
        }
        if (input.Confidence is < 1 or > 3) errors["confidence"] = ["The confidence is 1 (low), 2 (medium) or 3 (high)."];
        if (input.OverallComment is { Length: > MaxCommentLength }) errors["overallComment"] = [$"The overall comment is limited to {MaxCommentLength} characters."];
        if (errors.Count > 0) throw DomainException.Invalid($"Some parts of the review cannot be saved: {LocalizableText.Join(" ", errors.SelectMany(e => e.Value))}", errors);
        review.Scores = call.Criteria.Where(c => scores.ContainsKey(c.Key)).Select(c => scores[c.Key]).ToList();
        if (input.OverallComment is not null) review.OverallComment = input.OverallComment.Trim().Length == 0 ? null : input.OverallComment.Trim();
        if (input.Confidence is not null) review.Confidence = input.Confidence;
    }

    /// <summary>
    /// A review's weighted total on 100 as the ranking computes a reviewer's total: each criterion's score over its scale,
    /// times its weight in percent; an unscored criterion counts 0.
    /// </summary>
    public static decimal WeightedTotal(IEnumerable<CriterionView> criteria, IReadOnlyList<CriterionScore> scores) =>
        Math.Round(criteria.Sum(c => c.ScaleMax == 0 ? 0 : c.Weight * (scores.FirstOrDefault(s => s.Key == c.Key)?.Score ?? 0) / c.ScaleMax), 2, MidpointRounding.AwayFromZero);

    /// <summary>Throws Invalid listing what is missing: an unscored criterion, a required comment, the confidence.</summary>
    public static void EnsureComplete(Review review, Call call, string language)
    {
        var errors = new Dictionary<string, LocalizableText[]>();
        foreach (var criterion in call.Criteria)
        {
            var score = review.Scores.FirstOrDefault(s => s.Key == criterion.Key);
            var label = language == "en" ? criterion.LabelEn : criterion.LabelFr;
            if (score?.Score is null) errors[$"scores.{criterion.Key}"] = [$"Score '{label}' (0 to {criterion.ScaleMax})."];
            else if (call.Review.RequireCriterionComments && score.Comment is null) errors[$"scores.{criterion.Key}.comment"] = [$"Comment on '{label}' (required by this call)."];
        }
        if (review.Confidence is null) errors["confidence"] = ["Give your confidence: 1 (low), 2 (medium) or 3 (high)."];
        if (errors.Count > 0) throw DomainException.Invalid($"The review is not complete: {LocalizableText.Join(" ", errors.SelectMany(e => e.Value))}", errors);
    }
}
