using System.Net;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using Hangfire.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Web.Hosting;

/// <summary>The Hangfire dashboard is for administrators; before the first administrator exists, only from loopback.</summary>
public sealed class HangfireDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated == true && http.User.IsInRole(Roles.Administrator)) return true;
        var db = http.RequestServices.GetRequiredService<CallManagerDbContext>();
        var anyAdmin = db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).Any(n => n == Roles.Administrator);
        if (anyAdmin) return false;
        var remote = http.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote);
    }
}
