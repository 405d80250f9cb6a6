using CallManager.Domain.Privacy;
using CallManager.Domain.Privacy.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CallManager.Web.Pages;

/// <summary>The privacy notice (GDPR art. 13): controller and officer from configuration, purposes, bases, recipients, retention from the rules in force, rights.</summary>
[AllowAnonymous]
public sealed class PrivacyModel(IOptions<PrivacyNoticeOptions> notice, RetentionPlanner retention) : PageModel
{
    public PrivacyNoticeOptions Notice => notice.Value;
    public IReadOnlyList<RetentionRule> Rules { get; private set; } = [];

    /// <summary>True when the visitor has just erased their account (shown as a confirmation).</summary>
    [BindProperty(SupportsGet = true)] public bool Erased { get; set; }

    public void OnGet() => Rules = retention.Rules();
}
