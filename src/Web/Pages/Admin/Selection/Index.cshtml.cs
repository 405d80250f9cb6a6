using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Selection.Optimisation;
using CallManager.Domain.Selection.Ranking;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Selection;

/// <summary>
/// A call's selection around its budget: one table in ranking order (scores, stability, eligibility, quota groups, requested and
/// proposed amounts, the decision, the running total and the funding line), quotas passed to the selector, the proposal applied
/// in one action, and a what-if. Every rule is the decision service's; this page reads the form and shows the answers.
/// </summary>
public sealed class IndexModel(CallService calls, RankingService rankings, DecisionService decisions) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    /// <summary>Quotas as the page carries them (query or form): "Dimension|Value" with a floor and a cap.</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public List<QuotaRow> QuotaRows { get; set; } = [];

    /// <summary>The what-if asked for, when "wi" is in the query.</summary>
    [BindProperty(SupportsGet = true, Name = "wi")] public WhatIfRow? WhatIfQuery { get; set; }

    public Call Call { get; private set; } = null!;
    public RankingView Ranking { get; private set; } = null!;
    public SelectionBoard Board { get; private set; } = null!;
    public WhatIfView? WhatIf { get; private set; }

    /// <summary>The rows the last save refused, by dossier.</summary>
    public Dictionary<Guid, string> RowErrors { get; } = [];

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (WhatIfQuery is { Asked: true } && ModelState.IsValid) await RunAsync(async actor => WhatIf = await decisions.WhatIfAsync(Id, WhatIfQuery.ToInput(Quotas()), actor));
    }

    /// <summary>Stages every row whose decision changed; the refused rows keep their values and say why.</summary>
    public async Task<IActionResult> OnPostStageAsync(List<RowCommand> rows)
    {
        var actor = await this.ActorAsync();
        await LoadAsync();
        var changed = new List<(Guid, DecisionInput)>();
        foreach (var row in rows)
        {
            var current = Board.Rows.FirstOrDefault(r => r.ApplicationId == row.ApplicationId);
            if (current is null || current.Published || row.Outcome is null) continue;
            decimal? amount = null;
            if (row.Amount is { Length: > 0 } text)
            {
                if (!AnswerForm.TryNumber(text, out var parsed)) { RowErrors[row.ApplicationId] = T("Admin.Selection.AmountUnreadable", text); continue; }
                amount = parsed;
            }
            var input = new DecisionInput(row.Outcome, amount, row.ReserveRank, row.Reason);
            var d = current.Decision;
            if (d is not null && d.Outcome == input.Outcome && d.GrantedAmount == input.GrantedAmount && d.ReserveRank == input.ReserveRank && (d.Reason ?? "") == (input.Reason ?? "").Trim()) continue;
            changed.Add((row.ApplicationId, input));
        }
        foreach (var refused in await decisions.StageManyAsync(changed, actor)) RowErrors[refused.ApplicationId] = refused.Refusal.Localized();
        if (RowErrors.Count == 0) return Redirect(Here($"done=staged"));
        foreach (var (id, message) in RowErrors)
        {
            var row = Board.Rows.First(r => r.ApplicationId == id);
            ModelState.AddModelError($"row-{row.Rank}-outcome", $"{row.Reference} — {message}");
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>Freezes a new snapshot of the submitted reviews (reviews submitted since the last snapshot count from now on).</summary>
    public Task<IActionResult> OnPostFreezeAsync(RankingBasis basis) => PostAsync("frozen", actor => rankings.FreezeAsync(Id, basis, actor));

    /// <summary>Applies the selector's proposal under the page's quotas: every undecided or staged row is restaged in one action.</summary>
    public Task<IActionResult> OnPostProposeAsync() => PostAsync("proposed", actor => decisions.ProposeAsync(Id, new ProposalInput(Quotas()), actor));

    /// <summary>The quotas the page carries, complete rows only.</summary>
    public List<SelectionQuota> Quotas() => QuotaRows.Select(r => r.ToQuota()).OfType<SelectionQuota>().ToList();

    /// <summary>This page's address with the quotas kept, and <paramref name="extra"/> in the query.</summary>
    public string Here(string? extra = null)
    {
        var query = Quotas().Select((q, i) => $"q[{i}].Group={Uri.EscapeDataString(q.Dimension + "|" + q.Value)}&q[{i}].Min={q.Min}&q[{i}].Max={q.Max}").ToList();
        if (extra is not null) query.Add(extra);
        return $"/Admin/Calls/{Id}/Selection" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    private string T(string key, params object[] args) =>
        HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.UiText>>()[key, args];

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Ranking = await rankings.LatestAsync(Id, actor);
        try { Board = await decisions.BoardAsync(Id, Quotas(), actor); }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid)
        {
            ModelState.AddModelError("", refusal.Localized());
            Board = await decisions.BoardAsync(Id, [], actor);
        }
    }

    private async Task RunAsync(Func<Actor, Task> action)
    {
        try { await action(await this.ActorAsync()); }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict) { ModelState.AddModelError("", refusal.Localized()); }
    }

    private async Task<IActionResult> PostAsync<TResult>(string done, Func<Actor, Task<TResult>> action)
    {
        try
        {
            await action(await this.ActorAsync());
            return Redirect(Here($"done={done}"));
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddModelError("", refusal.Localized());
            await LoadAsync();
            return Page();
        }
    }

    /// <summary>One row of the decision table as posted.</summary>
    public sealed class RowCommand
    {
        public Guid ApplicationId { get; set; }
        public DecisionOutcome? Outcome { get; set; }
        public string? Amount { get; set; }
        public int? ReserveRank { get; set; }
        public string? Reason { get; set; }
    }

    /// <summary>One quota row of the form: the group ("Region|Bretagne"), a floor and a cap (either may be empty).</summary>
    public sealed class QuotaRow
    {
        public string? Group { get; set; }
        public int? Min { get; set; }
        public int? Max { get; set; }

        /// <summary>The quota, or null for an empty or incomplete row.</summary>
        public SelectionQuota? ToQuota()
        {
            var parts = (Group ?? "").Split('|', 2);
            if (parts.Length < 2 || !Enum.TryParse<QuotaDimension>(parts[0], out var dimension) || (Min is null && Max is null)) return null;
            return new SelectionQuota(dimension, parts[1], Min, Max);
        }
    }

    /// <summary>The what-if form: another budget, dossiers forced in or out.</summary>
    public sealed class WhatIfRow
    {
        public string? Budget { get; set; }
        public List<Guid> In { get; set; } = [];
        public List<Guid> Out { get; set; } = [];
        public bool Run { get; set; }

        /// <summary>Something was asked.</summary>
        public bool Asked => Run;

        /// <summary>The service's input (an unreadable budget is left unchanged).</summary>
        public WhatIfInput ToInput(List<SelectionQuota> quotas) =>
            new(quotas, Budget is { Length: > 0 } text && AnswerForm.TryNumber(text, out var b) ? b : null, null, In, Out);
    }
}
