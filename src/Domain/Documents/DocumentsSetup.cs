using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Documents;

/// <summary>Registers the generated-documents store and the services that render each kind of PDF.</summary>
public static class DocumentsSetup
{
    public static IServiceCollection AddDocuments(this IServiceCollection services) =>
        services.AddScoped<GeneratedDocumentStore>().AddScoped<GrantDocuments>().AddScoped<SubmissionDocuments>();
}
