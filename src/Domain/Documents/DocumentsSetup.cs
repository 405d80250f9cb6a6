using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Documents;

/// <summary>Registers the generated-documents store; each stage registers the services that render its own PDFs.</summary>
public static class DocumentsSetup
{
    public static IServiceCollection AddDocuments(this IServiceCollection services) =>
        services.AddScoped<GeneratedDocumentStore>();
}
