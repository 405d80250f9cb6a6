using System.Globalization;
using CallManager.Web.Ui;

namespace CallManager.Web.Tests.Ui;

public class PluralsTests
{
    [Theory]
    [InlineData("fr", 0, "One")]
    [InlineData("fr", 1, "One")]
    [InlineData("fr", 2, "Other")]
    [InlineData("en", 0, "Other")]
    [InlineData("en", 1, "One")]
    [InlineData("en", 12, "Other")]
    public void The_plural_form_follows_the_language_rule(string language, long count, string category) =>
        Assert.Equal(category, PluralText.IsOne(count, CultureInfo.GetCultureInfo(language)) ? "One" : "Other");
}
