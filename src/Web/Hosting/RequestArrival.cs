namespace CallManager.Web.Hosting;

/// <summary>
/// The instant a request arrived, stamped once by the outermost middleware before anything the application queues
/// (authentication, database locks, the connection pool): a deadline is judged at this instant, not when the request's
/// turn came.
/// </summary>
public sealed class RequestArrival(DateTimeOffset at)
{
    /// <summary>When the request reached the application (UTC, from the host's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset At { get; } = at;
}

/// <summary>Puts <see cref="RequestArrival"/> first in the pipeline (a startup filter runs before every middleware the app adds).</summary>
public sealed class RequestArrivalStartupFilter(TimeProvider clock) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            http.Features.Set(new RequestArrival(clock.GetUtcNow()));
            return nextMiddleware(http);
        });
        next(app);
    };
}

/// <summary>Reads the arrival stamp of a request.</summary>
public static class RequestArrivalExtensions
{
    /// <summary>The instant <paramref name="http"/> arrived; null outside a request pipeline that stamps it.</summary>
    public static DateTimeOffset? ArrivedAt(this HttpContext http) => http.Features.Get<RequestArrival>()?.At;
}
