using System.Globalization;
using System.Resources;
using CallManager.Web.Resources;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Identity;

namespace CallManager.Web.Hosting;

/// <summary>
/// Identity's error messages (password rules, address already used, expired link...) in French or English, from the
/// <c>Identity.{Code}</c> texts of <c>UiText.resx</c> and <c>UiText.en.resx</c>; the codes stay Identity's.
/// Pages get the request's language; the API answers in English unless the client's Accept-Language prefers French, as
/// for refusals (<see cref="DomainExceptionHandler.AsksForFrench"/>); outside a request (command line, start-up), French
/// when the process culture is French, English otherwise.
/// </summary>
public sealed class LocalizedIdentityErrorDescriber(IHttpContextAccessor http) : IdentityErrorDescriber
{
    private static readonly ResourceManager Texts = new("CallManager.Web.Resources.UiText", typeof(UiText).Assembly);

    /// <summary>The culture the messages are written in now.</summary>
    public CultureInfo Culture => DomainTexts.ReaderCulture(http.HttpContext);

    public override IdentityError DefaultError() => Describe(nameof(DefaultError));

    public override IdentityError ConcurrencyFailure() => Describe(nameof(ConcurrencyFailure));

    public override IdentityError PasswordMismatch() => Describe(nameof(PasswordMismatch));

    public override IdentityError InvalidToken() => Describe(nameof(InvalidToken));

    public override IdentityError RecoveryCodeRedemptionFailed() => Describe(nameof(RecoveryCodeRedemptionFailed));

    public override IdentityError LoginAlreadyAssociated() => Describe(nameof(LoginAlreadyAssociated));

    public override IdentityError InvalidUserName(string? userName) => Describe(nameof(InvalidUserName), userName);

    // The form's own message for a malformed address.
    public override IdentityError InvalidEmail(string? email) => Text(nameof(InvalidEmail), "Account.Email.Invalid");

    // The user name is the e-mail address: the same message for both.
    public override IdentityError DuplicateUserName(string userName) => Text(nameof(DuplicateUserName), "Identity.DuplicateEmail");

    public override IdentityError DuplicateEmail(string email) => Describe(nameof(DuplicateEmail));

    public override IdentityError InvalidRoleName(string? role) => Describe(nameof(InvalidRoleName), role);

    public override IdentityError DuplicateRoleName(string role) => Describe(nameof(DuplicateRoleName), role);

    public override IdentityError UserAlreadyHasPassword() => Describe(nameof(UserAlreadyHasPassword));

    public override IdentityError UserLockoutNotEnabled() => Describe(nameof(UserLockoutNotEnabled));

    public override IdentityError UserAlreadyInRole(string role) => Describe(nameof(UserAlreadyInRole), role);

    public override IdentityError UserNotInRole(string role) => Describe(nameof(UserNotInRole), role);

    /// <summary>The password is one of the common, breached passwords (<see cref="CommonPasswordValidator"/>).</summary>
    public IdentityError CommonPassword() => Describe(nameof(CommonPassword));

    public override IdentityError PasswordTooShort(int length) => Describe(nameof(PasswordTooShort), length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Describe(nameof(PasswordRequiresUniqueChars), uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Describe(nameof(PasswordRequiresNonAlphanumeric));

    public override IdentityError PasswordRequiresDigit() => Describe(nameof(PasswordRequiresDigit));

    public override IdentityError PasswordRequiresLower() => Describe(nameof(PasswordRequiresLower));

    public override IdentityError PasswordRequiresUpper() => Describe(nameof(PasswordRequiresUpper));

    /// <summary>Identity's <paramref name="code"/> with its text <c>Identity.{code}</c> in <see cref="Culture"/>.</summary>
    private IdentityError Describe(string code, params object?[] values) => Text(code, "Identity." + code, values);

    /// <summary>Identity's <paramref name="code"/> with the text <paramref name="key"/> in <see cref="Culture"/>.</summary>
    private IdentityError Text(string code, string key, params object?[] values)
    {
        var culture = Culture;
        var template = Texts.GetString(key, culture) ?? throw new InvalidOperationException($"UiText has no text {key}.");
        return new IdentityError { Code = code, Description = string.Format(culture, template, values) };
    }
}
