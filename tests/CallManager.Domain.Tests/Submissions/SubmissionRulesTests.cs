using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Tests.Submissions;

public class SubmissionRulesTests
{
    [Theory]
    [InlineData("732829320", true)]
    [InlineData("732 829 320", true)]
    [InlineData("732829321", false)]
    [InlineData("73282932", false)]
    [InlineData("73282932a", false)]
    public void A_SIREN_number_is_valid_only_with_nine_digits_and_its_Luhn_key(string siren, bool valid) =>
        Assert.Equal(valid, Siren.IsValid(siren));

    [Fact]
    public void A_local_time_skipped_by_the_spring_change_is_refused_with_a_message_naming_the_zone()
    {
        var error = Assert.Throws<DomainException>(() => CallClock.ToInstant(new DateTime(2027, 3, 28, 2, 15, 0), CallClock.Zone("Europe/Paris"), "deadline"));
        Assert.Equal("deadline: 2027-03-28 02:15 does not exist in Europe/Paris (the clocks move forward at that hour); choose another time.", error.Message);
    }

    [Fact]
    public void A_deadline_is_formatted_in_the_call_zone_in_French_and_English()
    {
        var instant = new DateTimeOffset(2027, 7, 1, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal("1 juillet 2027 à 12:00 (Europe/Paris)", CallClock.Format(instant, "Europe/Paris", "fr"));
        Assert.Equal("1 July 2027 at 06:00 (America/New_York)", CallClock.Format(instant, "America/New_York", "en"));
    }

    [Fact]
    public void The_content_decides_the_file_type_whatever_the_name()
    {
        Assert.Equal("pdf", FileTypeDetector.Detect("%PDF-1.7 ..."u8.ToArray())!.Value.Kind);
        Assert.Equal("jpeg", FileTypeDetector.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0])!.Value.Kind);
        Assert.Null(FileTypeDetector.Detect("MZ\u0090 executable"u8.ToArray()));
        Assert.Null(FileTypeDetector.Detect("PK\u0003\u0004 not really a zip"u8.ToArray()));
        Assert.Equal("rapport_final_.pdf", FileTypeDetector.SanitizeName("C:\\Users\\x\\rapport<final>.pdf"));
        Assert.Equal("document", FileTypeDetector.SanitizeName("../.."));
    }

    [Fact]
    public void The_canonical_dossier_ignores_key_order_and_changes_with_any_answer()
    {
        var a = new Application { CallId = Guid.Empty, Reference = "R-1", Answers = new JsonObject { ["b"] = 2, ["a"] = new JsonObject { ["y"] = 1, ["x"] = "é" } } };
        var b = new Application { CallId = Guid.Empty, Reference = "R-1", Answers = new JsonObject { ["a"] = new JsonObject { ["x"] = "é", ["y"] = 1 }, ["b"] = 2 } };
        var c = new Application { CallId = Guid.Empty, Reference = "R-1", Answers = new JsonObject { ["a"] = new JsonObject { ["x"] = "é", ["y"] = 1 }, ["b"] = 3 } };

        var canonical = CanonicalApplication.Build(a, "732829320", ["552100554", "542107651"]);

        Assert.Equal(canonical, CanonicalApplication.Build(b, "732829320", ["542107651", "552100554"]));
        Assert.NotEqual(CanonicalApplication.Hash(canonical), CanonicalApplication.Hash(CanonicalApplication.Build(c, "732829320", ["552100554", "542107651"])));
        Assert.StartsWith("{\"answers\":{\"a\":{\"x\":\"é\",\"y\":1},\"b\":2},\"attachments\":[]", canonical.Replace("\\u00E9", "é"));
    }

    [Fact]
    public void Partial_answers_are_accepted_in_a_draft_but_not_at_submission()
    {
        var answers = new JsonObject { ["title"] = "Pôle" };
        Assert.Empty(FormValidator.Validate(PtceCall.Form, answers, [], complete: false));
        Assert.Equal(["budgetFile", "requestedAmount", "statutes", "summary", "territory"],
            FormValidator.Validate(PtceCall.Form, answers, [], complete: true).Keys.Order().ToList());
    }

    [Fact]
    public void An_illegal_move_of_a_dossier_is_absent_from_the_table()
    {
        Assert.DoesNotContain(ApplicationStatus.Submitted, ApplicationLifecycle.Allowed[ApplicationStatus.Withdrawn]);
        Assert.Contains(ApplicationStatus.Submitted, ApplicationLifecycle.Allowed[ApplicationStatus.Submitted]);
        Assert.Empty(CallLifecycle.Allowed[CallStatus.Closed]);
    }
}
