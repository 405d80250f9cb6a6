using System.Security.Cryptography;
using System.Text;
using CallManager.Testing;
using CallManager.Domain.Attachments;
using CallManager.Domain.Common;
using CallManager.Domain.Hosting;
using CallManager.Domain.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Attachments;

public class AttachmentStoreTests
{
    public static TheoryData<DatabaseProvider, AttachmentStoreKind> Stores => new()
    {
        { DatabaseProvider.Sqlite, AttachmentStoreKind.Database },
        { DatabaseProvider.PostgreSql, AttachmentStoreKind.Database },
        { DatabaseProvider.Sqlite, AttachmentStoreKind.FileSystem },
        { DatabaseProvider.PostgreSql, AttachmentStoreKind.FileSystem },
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_stored_file_is_read_back_by_another_host_with_its_type_name_length_and_SHA_256(DatabaseProvider provider, AttachmentStoreKind kind)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var folder = Directory.CreateTempSubdirectory("cm-attachments").FullName;
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Budget prévisionnel 2027; ", 10_000)));
        await using var hostA = Host(database, kind, folder);
        await using var hostB = Host(database, kind, folder);

        var stored = await hostA.GetRequiredService<IAttachmentStore>().PutAsync(bytes, "text/csv", "budget.csv");
        await using var read = await hostB.GetRequiredService<IAttachmentStore>().GetAsync(stored.Key);

        Assert.NotNull(read);
        Assert.Equal(stored, read.Info);
        Assert.Equal(("text/csv", "budget.csv", (long)bytes.Length), (stored.ContentType, stored.FileName, stored.Length));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(TestClock.Start, stored.CreatedAt);
        Assert.Equal(bytes, await read.ReadAllBytesAsync());
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_deleted_file_is_gone_and_unknown_or_malformed_keys_find_nothing(DatabaseProvider provider, AttachmentStoreKind kind)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var folder = Directory.CreateTempSubdirectory("cm-attachments").FullName;
        await using var host = Host(database, kind, folder);
        var store = host.GetRequiredService<IAttachmentStore>();
        var kept = await store.PutAsync([1, 2, 3], "application/octet-stream");
        var removed = await store.PutAsync([4, 5], "application/pdf", "letter.pdf");

        Assert.True(await store.DeleteAsync(removed.Key));

        Assert.Null(await store.GetAsync(removed.Key));
        Assert.False(await store.DeleteAsync(removed.Key));
        Assert.Null(await store.GetAsync(AttachmentKeys.New()));
        Assert.Null(await store.GetAsync("../../etc/passwd"));
        await using var still = await store.GetAsync(kept.Key);
        Assert.Equal(new byte[] { 1, 2, 3 }, await still!.ReadAllBytesAsync());
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(AttachmentStoreKind.Database)]
    [InlineData(AttachmentStoreKind.FileSystem)]
    public async Task A_file_larger_than_the_limit_is_refused_and_leaves_nothing_behind(AttachmentStoreKind kind)
    {
        using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var folder = Directory.CreateTempSubdirectory("cm-attachments").FullName;
        await using var host = Host(database, kind, folder, maxLength: 1024 * 1024);

        var error = await Assert.ThrowsAsync<DomainException>(() => host.GetRequiredService<IAttachmentStore>().PutAsync(new byte[1024 * 1024 + 1], "application/pdf"));

        Assert.Equal((DomainErrorKind.Invalid, "The file is larger than the 1 MB allowed (Attachments:MaxLength)."), (error.Kind, error.Message));
        Assert.Empty(Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
        Directory.Delete(folder, recursive: true);
    }

    private static ServiceProvider Host(TestDatabase database, AttachmentStoreKind kind, string folder, long? maxLength = null)
    {
        var settings = new Dictionary<string, string?> { ["Attachments:Store"] = kind.ToString(), ["Attachments:Path"] = folder };
        if (maxLength is { } max) settings["Attachments:MaxLength"] = max.ToString();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(TestClock.Create());
        services.AddCallManagerCore(database.Options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
