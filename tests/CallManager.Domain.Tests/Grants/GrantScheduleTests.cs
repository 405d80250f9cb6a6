using CallManager.Domain.Calls;
using CallManager.Domain.Grants;

namespace CallManager.Domain.Tests.Grants;

/// <summary>Tranche amounts to the cent and report due instants in the call's time zone.</summary>
public class GrantScheduleTests
{
    [Theory]
    [InlineData("80000", new[] { "40000", "24000", "16000" })]
    [InlineData("1000.01", new[] { "333.30", "333.31", "333.40" })]
    [InlineData("0.05", new[] { "0.03", "0.01", "0.01" })]
    [InlineData("99999.99", new[] { "50000.00", "29999.99", "20000.00" })]
    public void Tranches_are_rounded_to_the_cent_and_add_up_exactly_to_the_grant(string amount, string[] expected)
    {
        var percents = expected[0] == "333.30" ? new[] { 33.33m, 33.33m, 33.34m } : [50m, 30m, 20m];
        var split = GrantSchedule.Split(decimal.Parse(amount), percents);
        Assert.Equal(expected.Select(decimal.Parse), split);
        Assert.Equal(decimal.Parse(amount), split.Sum());
    }

    [Fact]
    public void A_report_is_due_at_the_end_of_its_day_in_the_call_time_zone_in_summer_and_in_winter()
    {
        var reports = GrantSchedule.Reports(Guid.NewGuid(), new GrantTerms
        {
            Reports = [new("winter", "Hiver", "Winter", 6), new("summer", "Été", "Summer", 12)],
        });
        GrantSchedule.SetDueDates(reports, new DateOnly(2027, 7, 31), CallClock.Zone("Europe/Paris"));
        Assert.Equal(new DateOnly(2028, 1, 31), reports[0].DueDate);
        Assert.Equal(new DateTimeOffset(2028, 1, 31, 23, 0, 0, TimeSpan.Zero), reports[0].DueAt); // UTC+1
        Assert.Equal(new DateOnly(2028, 7, 31), reports[1].DueDate);
        Assert.Equal(new DateTimeOffset(2028, 7, 31, 22, 0, 0, TimeSpan.Zero), reports[1].DueAt); // UTC+2
    }

    [Fact]
    public void The_next_reminder_comes_before_the_due_date_then_at_it_and_never_for_an_unsigned_grant()
    {
        var terms = new GrantTerms { ReminderDaysBefore = 10 };
        var grant = new Grant { Status = GrantStatus.AwaitingSignature, Reports = GrantSchedule.Reports(Guid.NewGuid(), terms) };
        var now = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Null(GrantReminders.Next(grant, terms, now));

        grant.Status = GrantStatus.Active;
        GrantSchedule.SetDueDates(grant.Reports, new DateOnly(2027, 1, 1), TimeZoneInfo.Utc);
        var due = new DateTimeOffset(2028, 1, 2, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(due.AddDays(-10), GrantReminders.Next(grant, terms, now));
        grant.Reports[0].RemindedForDueAt = due;
        Assert.Equal(due, GrantReminders.Next(grant, terms, now));
        grant.Reports[0].DueAt = due.AddDays(30); // a moved due date is reminded again
        Assert.Equal(due.AddDays(20), GrantReminders.Next(grant, terms, now));
        Assert.Equal(due.AddDays(27), GrantReminders.Next(grant, terms, due.AddDays(27))); // inside the window already: at once
    }
}
