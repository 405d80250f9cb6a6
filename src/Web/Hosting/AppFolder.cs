namespace CallManager.Web.Hosting;

/// <summary>
/// Where the app finds the files it ships with: a published build (<c>dotnet publish src/Web -o DIR</c>) carries its settings,
/// web assets and definitions in its own folder and reads them from there wherever it is started; a development build reads
/// them from the repository.
/// </summary>
public static class AppFolder
{
    /// <summary>The folder of the application's binaries.</summary>
    public static string Path => AppContext.BaseDirectory;

    /// <summary>True when the binaries' folder is a published build: it holds <c>appsettings.json</c> and <c>wwwroot</c>.</summary>
    public static bool IsPublished =>
        File.Exists(System.IO.Path.Combine(Path, "appsettings.json")) && Directory.Exists(System.IO.Path.Combine(Path, "wwwroot"));

    /// <summary>True when the content root is given on the command line or in the environment (ASP.NET Core's own keys).</summary>
    public static bool ContentRootConfigured(string[] args) =>
        new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddEnvironmentVariables("DOTNET_").AddCommandLine(args).Build()
            ["contentRoot"] is { Length: > 0 };
}
