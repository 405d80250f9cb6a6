using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages;

/// <summary>The home page: what the service is for and how applying works.</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet() { }
}
