namespace CallManager.Web.Commands;

/// <summary>A maintenance command run as <c>dotnet run --project src/Web -- NAME [args]</c>.</summary>
public interface ICliCommand
{
    /// <summary>The first word(s) of the command line, e.g. "migrate" or "workflows validate".</summary>
    string Name { get; }

    /// <summary>Runs the command with the arguments after its name; returns the process exit code.</summary>
    Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken);
}

/// <summary>Finds the command named by the command line among the registered <see cref="ICliCommand"/>s.</summary>
public static class CliCommands
{
    /// <summary>The command whose name starts the arguments (longest name wins), or null to run the web host.</summary>
    public static ICliCommand? Find(IServiceProvider services, string[] args)
    {
        var line = string.Join(' ', args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)));
        return services.GetServices<ICliCommand>()
            .Where(c => line == c.Name || line.StartsWith(c.Name + " ", StringComparison.OrdinalIgnoreCase) || line.Equals(c.Name, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.Name.Length)
            .FirstOrDefault();
    }

    /// <summary>Runs <paramref name="command"/> in its own scope with the arguments after its name.</summary>
    public static async Task<int> RunAsync(WebApplication app, ICliCommand command, string[] args)
    {
        using var scope = app.Services.CreateScope();
        var rest = args.Skip(command.Name.Split(' ').Length).ToArray();
        try
        {
            return await command.RunAsync(scope.ServiceProvider, rest, CancellationToken.None);
        }
        catch (Exception e) when (e is Domain.Common.DomainException or ArgumentException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"{command.Name}: {e.Message}");
            return 2;
        }
    }
}
