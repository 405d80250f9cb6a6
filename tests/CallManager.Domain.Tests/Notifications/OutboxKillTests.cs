using System.Diagnostics;
using System.Text;
using CallManager.Testing;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using CallManager.Domain.Tests.Runtime;

namespace CallManager.Domain.Tests.Notifications;

/// <summary>
/// A dispatcher killed with SIGKILL after the SMTP server accepted its batch and before the outcomes were saved
/// (tests/CallManager.KillTarget, "mail" mode): each mail is sent again once, after the lease, with the same Message-Id.
/// </summary>
public class OutboxKillTests
{
    [Fact]
    public async Task A_kill_between_the_servers_acceptance_and_the_save_leads_to_at_most_one_resend_with_the_same_Message_Id()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var mail = await MailHarness.CreateAsync(DatabaseProvider.Sqlite, smtp);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await mail.EnqueueAndSaveAsync(MailHarness.TestMessage(address: $"applicant{i}@example.org")));

        var accepted = await RunAndKillAtOutcomeSaveAsync(mail.Database.Options.SqliteFilePath()!, smtp.Port);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var first = await smtp.WaitForAsync(3);
        Assert.Equal(first.Select(m => m.MessageId).Order(), accepted.Order());
        Assert.All(await mail.RowsAsync(), r => Assert.Equal((OutboxStatus.Sending, 1), (r.Status, r.Attempts))); // the outcome was never saved
        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync()); // the dead host's claim holds until its lease expires
        mail.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new DispatchResult(3, 0, 0), await mail.DispatchAsync());
        mail.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DispatchResult(0, 0, 0), await mail.DispatchAsync());

        await Task.Delay(200); // let a third copy, if any, arrive before counting
        var received = smtp.Messages;
        Assert.Equal(6, received.Count);
        Assert.All(received.GroupBy(m => m.MessageId), g => Assert.Equal(2, g.Count()));
        Assert.All(await mail.RowsAsync(), r => Assert.Equal((OutboxStatus.Sent, 2), (r.Status, r.Attempts)));
    }

    /// <summary>Runs one pass in the child, kills it when it reports the accepted Message-Ids, and returns them.</summary>
    private static async Task<string[]> RunAndKillAtOutcomeSaveAsync(string file, int smtpPort)
    {
        var stderr = new StringBuilder();
        var accepted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", ProcessKillTests.KillTargetDll(), "mail", file, smtpPort.ToString() }) start.ArgumentList.Add(arg);
        using var child = new Process { StartInfo = start };
        child.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("accepted ", StringComparison.Ordinal) == true) accepted.TrySetResult(e.Data["accepted ".Length..]); };
        child.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            var first = await Task.WhenAny(accepted.Task, child.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            if (first != accepted.Task)
            {
                lock (stderr) Assert.Fail($"the child {(child.HasExited ? $"exited with {child.ExitCode}" : "did not reach the outcome save in 60 s")}; its stderr:\n{stderr}");
            }
            child.Kill(); // SIGKILL on Linux
            await child.WaitForExitAsync();
            if (OperatingSystem.IsLinux()) Assert.Equal(128 + 9, child.ExitCode);
        }
        finally
        {
            if (!child.HasExited) child.Kill();
        }
        return (await accepted.Task).Split(' ');
    }
}
