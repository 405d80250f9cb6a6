using CallManager.Web.Ui;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Audit;

/// <summary>The audit log with filters (call, action, entity, actor, dates) and the verification of the hash chain.</summary>
public sealed class IndexModel(AuditQueries audit, AuditLog log, CallService calls, AuditNames names) : PageModel
{
    public const int PageSize = 50;
    [BindProperty(SupportsGet = true)] public Guid? CallId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityType { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true), FromQuery(Name = "p")] public int PageNumber { get; set; } = 1;
    public AuditQueries.Page Result { get; private set; } = new([], 0);
    public List<Call> Calls { get; private set; } = [];
    public List<string> EntityTypes { get; private set; } = [];
    public List<string> Actions { get; private set; } = [];
    public AuditVerification? Verification { get; private set; }

    /// <summary>The people and objects of the shown entries by name and reference.</summary>
    public AuditNames.Names Names { get; private set; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>Dates are read and shown in Paris time, the administration's zone.</summary>
    public const string Zone = "Europe/Paris";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verification = await log.VerifyAsync(HttpContext.RequestAborted);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var zone = CallClock.Zone(Zone);
        DateTimeOffset? Instant(DateOnly? d) => d is { } day ? CallClock.ToInstant(day.ToDateTime(TimeOnly.MinValue), zone, "date") : null;
        PageNumber = Math.Max(1, PageNumber);
        Result = await audit.SearchAsync(new(CallId, Action, Actor, EntityType, Instant(From), Instant(To?.AddDays(1)), (PageNumber - 1) * PageSize, PageSize));
        Names = await names.ForAsync(Result.Entries, HttpContext.RequestAborted);
        Calls = await calls.ListAsync(await this.ActorAsync());
        (EntityTypes, Actions) = await audit.VocabularyAsync();
    }

    /// <summary>The query string of this filter on page <paramref name="number"/>.</summary>
    public string Link(int number) => QueryString.Create(new Dictionary<string, string?>
    {
        ["CallId"] = CallId?.ToString(), ["Action"] = Action, ["EntityType"] = EntityType, ["Actor"] = Actor,
        ["From"] = From?.ToString("yyyy-MM-dd"), ["To"] = To?.ToString("yyyy-MM-dd"), ["p"] = number.ToString(),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToString();
}
