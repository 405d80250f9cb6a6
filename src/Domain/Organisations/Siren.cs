namespace CallManager.Domain.Organisations;

/// <summary>The French SIREN company number: nine digits whose Luhn checksum is valid.</summary>
public static class Siren
{
    /// <summary>The number without spaces, or null when <paramref name="value"/> is not nine digits.</summary>
    public static string? Normalize(string? value)
    {
        var digits = new string((value ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        return digits.Length == 9 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>True when <paramref name="value"/> is nine digits with a valid Luhn key.</summary>
    public static bool IsValid(string? value)
    {
        var digits = Normalize(value);
        if (digits is null) return false;
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = digits[8 - i] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }
}
