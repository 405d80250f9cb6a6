using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallManager.Domain.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace CallManager.Web.Hosting;

/// <summary>
/// Data-protection keys (cookies, tokens) are kept in the database, encrypted at rest with a certificate from configuration
/// (<c>DataProtection:CertificatePath</c>, a PFX, and <c>DataProtection:CertificatePassword</c>); without one, a self-signed
/// certificate is generated once into <c>DataProtection:GeneratedCertificatePath</c> and a warning says to configure one.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>Where the development certificate is generated when none is configured.</summary>
    public const string DefaultGeneratedPath = "data/dataprotection.pfx";

    /// <summary>Registers data protection: keys in the database, encrypted with the configured (or generated) certificate.</summary>
    public static void AddCallManagerDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var certificate = LoadCertificate(configuration, out var generatedAt);
        services.AddDataProtection().SetApplicationName("CallManager").PersistKeysToDbContext<CallManagerDbContext>()
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate); // decrypting needs the private key, which no machine store holds here
        if (configuration["DataProtection:CertificatePath"] is not { Length: > 0 })
            services.AddHostedService(sp => new CertificateWarning(sp.GetRequiredService<ILogger<CertificateWarning>>(), generatedAt ?? ""));
    }

    /// <summary>The configured certificate, else the generated one (created on first use).</summary>
    public static X509Certificate2 LoadCertificate(IConfiguration configuration, out string? generatedPath)
    {
        generatedPath = null;
        var password = configuration["DataProtection:CertificatePassword"];
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } configured)
        {
            var path = Path.GetFullPath(configured);
            if (!File.Exists(path)) throw new InvalidOperationException($"DataProtection:CertificatePath names {path}, which does not exist.");
            return WithPrivateKey(X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet), path);
        }
        var generated = Path.GetFullPath(configuration["DataProtection:GeneratedCertificatePath"] is { Length: > 0 } p ? p : DefaultGeneratedPath);
        if (!File.Exists(generated)) generatedPath = Generate(generated);
        return WithPrivateKey(X509CertificateLoader.LoadPkcs12FromFile(generated, null, X509KeyStorageFlags.EphemeralKeySet), generated);
    }

    private static X509Certificate2 WithPrivateKey(X509Certificate2 certificate, string path) =>
        certificate.HasPrivateKey ? certificate : throw new InvalidOperationException($"The certificate {path} has no private key: data-protection keys could not be decrypted.");

    private static string? Generate(string path)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=CallManager data protection (development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pfx));
        try
        {
            File.Move(temporary, path, overwrite: false); // hosts starting together: the first certificate written wins
            return path;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return null;
        }
    }

    /// <summary>Logs, once the host starts, that data-protection keys are encrypted with a development certificate.</summary>
    private sealed class CertificateWarning(ILogger<CertificateWarning> logger, string generated) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (generated.Length > 0) logger.LogWarning("Generated a self-signed certificate {Path} to encrypt data-protection keys", generated);
            logger.LogWarning("Data-protection keys are encrypted with a self-signed development certificate: set DataProtection:CertificatePath (a PFX) and DataProtection:CertificatePassword in production");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
