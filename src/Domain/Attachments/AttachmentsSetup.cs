using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Attachments;

/// <summary>Registers the <see cref="IAttachmentStore"/> chosen by <c>Attachments:Store</c>.</summary>
public static class AttachmentsSetup
{
    /// <summary>Adds the attachment store configured in <paramref name="configuration"/>'s <c>Attachments</c> section.</summary>
    public static IServiceCollection AddAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection("Attachments"));
        services.AddSingleton<DatabaseAttachmentStore>();
        services.AddSingleton<FileSystemAttachmentStore>();
        services.AddSingleton<IAttachmentStore>(sp => sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.Store switch
        {
            AttachmentStoreKind.FileSystem => sp.GetRequiredService<FileSystemAttachmentStore>(),
            _ => sp.GetRequiredService<DatabaseAttachmentStore>(),
        });
        return services;
    }
}
