namespace CallManager.Runtime.Http;

/// <summary>
/// Configuration section <c>Workflows:Http</c>: where HTTP endpoints of definitions are served, how large a request may be,
/// and which hosts SendHttpRequest may call (none unless listed), with its time limit.
/// </summary>
public sealed class HttpWorkflowOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Http";

    /// <summary>The path under which HttpEndpoint activities are served (Elsa's <c>/workflows</c>).</summary>
    public string Prefix { get; set; } = "/workflows/http";

    /// <summary>The largest request body an endpoint accepts, in bytes; larger is refused with 413.</summary>
    public long MaxRequestBodySize { get; set; } = 1_048_576;

    /// <summary>Hosts SendHttpRequest may call (exact names, or <c>*.example.org</c> for its subdomains); empty = none.</summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>The time limit of one outgoing request, response read included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest outgoing response body read, in bytes; a larger one faults the step.</summary>
    public long MaxResponseSize { get; set; } = 1_048_576;
}
