using CallManager.Testing;
using CallManager.Domain.Common;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Notifications;

public class MailTemplatesTests
{
    [Fact]
    public async Task A_missing_template_is_refused_with_the_name_of_the_file_to_add()
    {
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp: null);

        var error = await Assert.ThrowsAsync<MailTemplateException>(() => mail.EnqueueAndSaveAsync(
            new TemplatedMail("submission-receipt", "de", [new MailRecipient("ada@applicant.example")], null)));

        Assert.Contains("submission-receipt.de.liquid is missing", error.Message);
        Assert.Contains(Path.Combine("Notifications", "Templates", "submission-receipt.de.liquid"), error.Message);
        Assert.Empty(await mail.RowsAsync());
    }

    [Fact]
    public async Task A_template_that_does_not_parse_or_lacks_its_subject_line_is_refused_naming_its_file()
    {
        var folder = Directory.CreateTempSubdirectory("cm-templates").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.en.liquid"), "Subject: Hello\n\n{% if %}never closed\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "headless.en.liquid"), "Hello {{ name }}\n");
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp: null,
            new Dictionary<string, string?> { ["Mail:TemplateDirectory"] = folder });

        var broken = await Assert.ThrowsAsync<MailTemplateException>(() => mail.EnqueueAndSaveAsync(
            new TemplatedMail("broken", "en", [new MailRecipient("ada@applicant.example")], null)));
        var headless = await Assert.ThrowsAsync<MailTemplateException>(() => mail.EnqueueAndSaveAsync(
            new TemplatedMail("headless", "en", [new MailRecipient("ada@applicant.example")], null)));

        Assert.StartsWith($"Mail template {Path.Combine(folder, "broken.en.liquid")} (body) does not parse", broken.Message);
        Assert.Equal($"Mail template {Path.Combine(folder, "headless.en.liquid")}: the first line must be 'Subject: ...', found 'Hello {{{{ name }}}}'.", headless.Message);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_recipient_that_is_not_an_address_is_refused()
    {
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp: null);

        var error = await Assert.ThrowsAsync<DomainException>(() => mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: "not an address")));

        Assert.Equal((DomainErrorKind.Invalid, "'not an address' is not an e-mail address."), (error.Kind, error.Message));
    }

    [Fact]
    public async Task Templates_are_parsed_once_and_read_model_members_in_camel_case()
    {
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp: null);

        var (first, second, rendered) = await mail.InScopeAsync(async sp =>
        {
            var templates = sp.GetRequiredService<MailTemplates>();
            var a = templates.Get("test-message", "en");
            var b = templates.Get("test-message", "en");
            return (a, b, await templates.RenderAsync("test-message", "en", new { RecipientName = "Grace", Subject = "Line\nbreak" }));
        });

        Assert.Same(first, second);
        Assert.Equal("Test message from CallManager: Line break", rendered.Subject);
        Assert.StartsWith("Hello Grace,\n", rendered.TextBody);
    }
}
