using System.Reflection;
using CallManager.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace CallManager.Web.Hosting;

/// <summary>
/// Refuses a password that is, or is made of, one of the 10,000 most common breached passwords (<c>CommonPasswords.txt</c>),
/// with digits, punctuation or spaces around it (<c>Password-2024!</c>), as NIST SP 800-63B asks; case is ignored.
/// A password already too short is left to the length rule, so it gets one message.
/// </summary>
public sealed class CommonPasswordValidator(IdentityErrorDescriber describer) : IPasswordValidator<AppUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (password is null || password.Length < manager.Options.Password.RequiredLength) return Task.FromResult(IdentityResult.Success);
        return Task.FromResult(IsCommon(password) ? IdentityResult.Failed(((LocalizedIdentityErrorDescriber)describer).CommonPassword()) : IdentityResult.Success);
    }

    /// <summary>True when <paramref name="password"/>, or its core without surrounding digits and punctuation, is in the list.</summary>
    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        var core = lower.Trim().TrimStart(Decoration).TrimEnd(Decoration);
        return Common.Value.Contains(lower) || (core.Length >= 4 && Common.Value.Contains(core));
    }

    private static readonly char[] Decoration = "0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".ToCharArray();

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CallManager.Web.Hosting.CommonPasswords.txt")
            ?? throw new InvalidOperationException("CommonPasswords.txt is not embedded in CallManager.Web.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#')) words.Add(line);
        return words;
    }
}
