using CallManager.Web.Commands;
using CallManager.Web.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = WebSetup.ContentRoot(args) });
builder.AddCallManagerConfiguration(args);
builder.AddCallManagerWeb();

var app = builder.Build();

if (CliCommands.Find(app.Services, args) is { } command)
    return await CliCommands.RunAsync(app, command, args);

await app.PrepareDatabaseAsync();
app.UseCallManagerWeb();
await app.RunAsync();
return 0;

/// <summary>Entry point marker, so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
