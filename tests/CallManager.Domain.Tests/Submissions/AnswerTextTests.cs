using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Tests.Submissions;

/// <summary>The one way answers are shown (recap, instruction page, jury page, receipt PDF), in French and English.</summary>
public class AnswerTextTests
{
    private static FormField Field(FieldType type) => new() { Key = "k", LabelFr = "Champ", LabelEn = "Field", Type = type };

    [Theory]
    [InlineData(FieldType.Amount, "45000", "fr", "45\u202f000\u00a0€")]
    [InlineData(FieldType.Amount, "45000.5", "fr", "45\u202f000,50\u00a0€")]
    [InlineData(FieldType.Amount, "45000", "en", "€45,000")]
    [InlineData(FieldType.Number, "12500.25", "fr", "12\u202f500,25")]
    [InlineData(FieldType.Number, "12500", "en", "12,500")]
    [InlineData(FieldType.Date, "2027-03-05", "fr", "5 mars 2027")]
    [InlineData(FieldType.Date, "2027-03-05", "en", "5 March 2027")]
    [InlineData(FieldType.ShortText, "Atelier partagé", "fr", "Atelier partagé")]
    [InlineData(FieldType.Commune, "Cahors (46042)", "en", "Cahors (46042)")]
    public void A_string_answer_is_shown_in_the_reader_s_language(FieldType type, string answer, string language, string shown) =>
        Assert.Equal(shown, AnswerText.Format(Field(type), JsonValue.Create(answer), language));

    [Fact]
    public void A_number_stored_as_a_json_number_reads_like_one_stored_as_text() =>
        Assert.Equal("60\u202f000\u00a0€", AnswerText.Format(Field(FieldType.Amount), JsonValue.Create(60000.0m), "fr"));

    [Fact]
    public void Choices_are_listed_in_the_order_given() =>
        Assert.Equal("Alimentation, Mobilité", AnswerText.Format(Field(FieldType.MultipleChoice), new JsonArray("Alimentation", "Mobilité"), "fr"));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void An_unanswered_field_is_null_so_each_reader_shows_its_own_placeholder(string? answer) =>
        Assert.Null(AnswerText.Format(Field(FieldType.LongText), answer is null ? null : JsonValue.Create(answer), "fr"));

    [Fact]
    public void An_empty_choice_list_is_unanswered() =>
        Assert.Null(AnswerText.Format(Field(FieldType.MultipleChoice), new JsonArray(), "fr"));
}
