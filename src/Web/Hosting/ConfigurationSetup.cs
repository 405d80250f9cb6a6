namespace CallManager.Web.Hosting;

/// <summary>Reads the repository-root <c>appsettings.json</c> (the one the README documents) before overrides.</summary>
public static class ConfigurationSetup
{
    /// <summary>
    /// Adds <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> from the repository root, found by walking
    /// up from the working directory and from the binaries to <c>CallManager.sln</c>; then environment variables and the
    /// command line again, so they keep overriding files as usual in ASP.NET Core. A published build reads the copies in its
    /// own folder (its content root), never a repository it happens to be started from.
    /// </summary>
    public static void AddCallManagerConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        if (AppFolder.IsPublished) return;
        var root = FindRepositoryRoot();
        if (root is null) return;
        builder.Configuration.AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true, reloadOnChange: false);
        builder.Configuration.AddJsonFile(Path.Combine(root, $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        builder.Configuration["CallManager:RepositoryRoot"] ??= root;
    }

    /// <summary>The folder holding <c>CallManager.sln</c>, or null when running from a published folder.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CallManager.sln"))) return dir.FullName;
            }
        }
        return null;
    }
}
