using System.Globalization;
using System.Reflection;
using CallManager.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace CallManager.Web.Tests.Localisation;

/// <summary>
/// Every message Identity can describe is overridden by <see cref="LocalizedIdentityErrorDescriber"/>: French under a French
/// culture, English otherwise, never Identity's own text, with Identity's code and the values it is given.
/// </summary>
public class IdentityErrorDescriberTests
{
    private static readonly IdentityErrorDescriber Identity = new();

    public static TheoryData<string> Messages()
    {
        var names = new TheoryData<string>();
        foreach (var method in Describers()) names.Add(method.Name);
        return names;
    }

    [Fact]
    public void Every_message_Identity_can_describe_is_overridden()
    {
        var missing = Describers().Where(m => typeof(LocalizedIdentityErrorDescriber).GetMethod(m.Name, Types(m))!.DeclaringType != typeof(LocalizedIdentityErrorDescriber));

        Assert.Empty(missing.Select(m => m.Name));
        Assert.True(Describers().Count >= 22, $"only {Describers().Count} describer methods found");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_message_is_French_under_a_French_culture_and_English_otherwise_with_Identitys_code(string name)
    {
        var method = Describers().Single(m => m.Name == name);

        var french = Describe(method, "fr-FR");
        var english = Describe(method, "en-US");
        var invariant = Describe(method, "");
        var original = (IdentityError)method.Invoke(Identity, Arguments(method))!;

        Assert.Equal(original.Code, french.Code);
        Assert.Equal(original.Code, english.Code);
        Assert.NotEqual(original.Description, french.Description);
        Assert.NotEqual(english.Description, french.Description);
        Assert.Equal(english.Description, invariant.Description);
        Assert.Matches(FrenchWords, french.Description);
        Assert.DoesNotMatch(FrenchWords, english.Description);
        foreach (var value in Arguments(method).Where(a => a is int)) Assert.Contains(value!.ToString()!, french.Description);
    }

    [Fact]
    public void The_length_and_the_values_are_written_into_the_message()
    {
        var describer = new LocalizedIdentityErrorDescriber(new HttpContextAccessor());

        Assert.Equal("Le mot de passe doit faire au moins 12 caractères.", InCulture("fr", () => describer.PasswordTooShort(12)).Description);
        Assert.Equal("The password must be at least 12 characters long.", InCulture("en", () => describer.PasswordTooShort(12)).Description);
        Assert.Equal("Le mot de passe doit contenir au moins 4 caractères différents.", InCulture("fr", () => describer.PasswordRequiresUniqueChars(4)).Description);
        Assert.Equal("Ce compte n'a pas le rôle « Reviewer ».", InCulture("fr", () => describer.UserNotInRole("Reviewer")).Description);
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("fr-FR,fr;q=0.9", "fr")]
    [InlineData("en-US,fr;q=0.5", "en")]
    public void In_the_API_the_client_s_Accept_Language_chooses_whatever_the_request_culture(string? acceptLanguage, string expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/auth/register";
        if (acceptLanguage is not null) http.Request.Headers.AcceptLanguage = acceptLanguage;

        var describer = new LocalizedIdentityErrorDescriber(new HttpContextAccessor { HttpContext = http });

        // The request culture of the pages (French by default) does not decide for the API.
        Assert.Equal(expected, InCulture(expected == "fr" ? "en" : "fr", () => describer.Culture).TwoLetterISOLanguageName);
    }

    // Words that only a French sentence of these messages holds.
    private const string FrenchWords = @"(?i)\b(le|la|les|ce|cette|un|une|de|des|n'|est|doit|déjà|compte)\b";

    private static List<MethodInfo> Describers() =>
        typeof(IdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsVirtual && m.ReturnType == typeof(IdentityError)).OrderBy(m => m.Name).ToList();

    private static Type[] Types(MethodInfo method) => method.GetParameters().Select(p => p.ParameterType).ToArray();

    private static object?[] Arguments(MethodInfo method) =>
        method.GetParameters().Select(p => p.ParameterType == typeof(int) ? 12 : (object)"lea@asso.example").ToArray();

    private static IdentityError Describe(MethodInfo method, string culture) =>
        InCulture(culture, () => (IdentityError)method.Invoke(new LocalizedIdentityErrorDescriber(new HttpContextAccessor()), Arguments(method))!);

    private static T InCulture<T>(string culture, Func<T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
