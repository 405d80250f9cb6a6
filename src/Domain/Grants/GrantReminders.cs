using CallManager.Domain.Calls;

namespace CallManager.Domain.Grants;

/// <summary>
/// When a grant's beneficiary is reminded: <see cref="GrantTerms.ReminderDaysBefore"/> days before each report's due
/// instant (at once when signed later than that) and when it becomes overdue. Markers record the due instant each
/// reminder was sent for, so a moved due date reminds again and a repeated run sends nothing twice.
/// </summary>
public sealed class GrantReminders(GrantMails mails)
{
    /// <summary>The next instant a reminder is due for <paramref name="grant"/>, or null when none will be (not signed, closed, all sent).</summary>
    public static DateTimeOffset? Next(Grant grant, GrantTerms terms, DateTimeOffset now)
    {
        if (!Grant.ExpectsReports(grant.Status)) return null;
        DateTimeOffset? next = null;
        foreach (var report in grant.Reports.Where(r => r.Outstanding && r.DueAt is not null))
        {
            var due = report.DueAt!.Value;
            if (report.Status == GrantReportStatus.Due && report.RemindedForDueAt != due && now < due)
                next = Min(next, Max(now, due.AddDays(-terms.ReminderDaysBefore)));
            if (report.OverdueRemindedForDueAt != due) next = Min(next, due);
        }
        return next;
    }

    /// <summary>Sends the reminders due at <paramref name="now"/> (enqueued in the caller's unit of work); returns how many.</summary>
    public async Task<int> SendDueAsync(Grant grant, Call call, DateTimeOffset now, CancellationToken ct)
    {
        if (!Grant.ExpectsReports(grant.Status)) return 0;
        var sent = 0;
        foreach (var report in grant.Reports.Where(r => r.Outstanding && r.DueAt is not null).OrderBy(r => r.Position))
        {
            var due = report.DueAt!.Value;
            if (now >= due && report.OverdueRemindedForDueAt != due)
            {
                report.OverdueRemindedForDueAt = due;
                report.RemindedForDueAt = due; // a report already late needs no "due soon" reminder any more
                await mails.SendAsync(grant, call, GrantMails.ReportOverdue, language => Model(report, language, 0), ct);
                sent++;
            }
            else if (now < due && report.Status == GrantReportStatus.Due && report.RemindedForDueAt != due
                     && now >= due.AddDays(-call.GrantTerms.ReminderDaysBefore))
            {
                report.RemindedForDueAt = due;
                var daysLeft = (int)Math.Ceiling((due - now).TotalDays);
                await mails.SendAsync(grant, call, GrantMails.ReportReminder, language => Model(report, language, daysLeft), ct);
                sent++;
            }
        }
        if (sent > 0) grant.UpdatedAt = now;
        return sent;
    }

    private static object Model(GrantReport report, string language, int daysLeft) =>
        new { report = report.Label(language), due = GrantMails.Date(report.DueDate!.Value, language), daysLeft };

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
