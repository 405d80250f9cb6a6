using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Reviews;
using CallManager.Domain.Reviews.Activities;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Tests.Reviews;

public class ReviewRulesTests
{
    private static Call Call(bool comments = false) => new()
    {
        Code = "PTCE-2027", TimeZone = "Europe/Paris", Criteria = PtceCall.Criteria,
        ReviewDeadline = new DateTimeOffset(2027, 4, 30, 16, 0, 0, TimeSpan.Zero), Review = new ReviewSettings { RequireCriterionComments = comments },
    };

    [Fact]
    public void A_draft_save_merges_scores_by_criterion_in_the_calls_order()
    {
        var review = new Review();
        ReviewRules.Merge(review, new SaveReviewInput([new("jobs-created", 2, null), new("mutualisation", 3, " Good. ")]), Call());
        ReviewRules.Merge(review, new SaveReviewInput([new("jobs-created", 4, "Better")], "Overall", 3), Call());

        Assert.Equal([new CriterionScore("mutualisation", 3, "Good."), new CriterionScore("jobs-created", 4, "Better")], review.Scores);
        Assert.Equal(("Overall", 3), (review.OverallComment, review.Confidence));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    [InlineData(2.5)]
    public void A_score_outside_the_scale_or_not_whole_is_refused_naming_the_scale(double score)
    {
        var error = Assert.Throws<DomainException>(() => ReviewRules.Merge(new Review(), new SaveReviewInput([new("mutualisation", (decimal)score, null)]), Call()));
        Assert.Equal(["The score for 'mutualisation' must be a whole number from 0 to 5."], error.Errors["scores[0].score"]);
    }

    [Fact]
    public void Submission_needs_every_criterion_the_required_comments_and_the_confidence()
    {
        var review = new Review { Scores = PtceCall.Criteria.Select(c => new CriterionScore(c.Key, 3, c.Key == "mutualisation" ? null : "ok")).ToList() };
        var error = Assert.Throws<DomainException>(() => ReviewRules.EnsureComplete(review, Call(comments: true), "en"));
        Assert.Equal(["confidence", "scores.mutualisation.comment"], error.Errors.Keys.Order());
        review.Confidence = 1;
        ReviewRules.EnsureComplete(review, Call(comments: false), "en");
    }

    [Fact]
    public void Reminders_go_the_configured_days_before_and_at_eight_in_the_calls_zone_on_the_deadline_day()
    {
        var call = Call();
        Assert.Equal(new DateTimeOffset(2027, 4, 27, 16, 0, 0, TimeSpan.Zero), ReviewReminderTimes.Due(call, ReviewReminderTimes.DaysBefore));
        Assert.Equal(new DateTimeOffset(2027, 4, 30, 6, 0, 0, TimeSpan.Zero), ReviewReminderTimes.Due(call, ReviewReminderTimes.DeadlineMorning));
        call.ReviewDeadline = new DateTimeOffset(2027, 1, 15, 6, 30, 0, TimeSpan.Zero); // 07:30 in Paris (winter): before eight
        Assert.Equal(new DateTimeOffset(2027, 1, 15, 5, 30, 0, TimeSpan.Zero), ReviewReminderTimes.Due(call, ReviewReminderTimes.DeadlineMorning));
    }

    [Fact]
    public void Personal_fields_and_their_files_are_removed_from_a_reviewers_copy()
    {
        var form = PtceCall.Form;
        form.Field("title")!.Personal = true;
        form.Field("statutes")!.Personal = true;
        var dossier = new Application
        {
            Title = "Pôle", Answers = new JsonObject { ["title"] = "Pôle", ["summary"] = "S" },
            Attachments = [new Attachment { FieldKey = "statutes" }, new Attachment { FieldKey = "budgetFile" }],
        };
        Anonymiser.Redact(dossier, form);
        Assert.Equal(("", "{\"summary\":\"S\"}", "budgetFile"), (dossier.Title, dossier.Answers.ToJsonString(), dossier.Attachments.Single().FieldKey));
    }
}
