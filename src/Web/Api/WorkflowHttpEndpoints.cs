using System.Globalization;
using System.Security.Claims;
using System.Text;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Http;
using CallManager.Web.Hosting;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CallManager.Web.Api;

/// <summary>
/// Serves the HttpEndpoint activities of published definitions under <see cref="HttpWorkflowOptions.Prefix"/> (Elsa's
/// <c>/workflows</c>): a request starts the definition whose trigger matches, or resumes the instance waiting on the endpoint. An
/// endpoint is anonymous only when its definition says <c>"authorize": false</c> without a policy; otherwise it needs a signed-in
/// user (401), who has the policy or role <c>policy</c> names when it names one (403). The answer is what WriteHttpResponse wrote;
/// without it, 200 with an empty body (as Elsa); a fault, 500; no endpoint, 404; all refusals as problem+json.
/// </summary>
public sealed class WorkflowHttpEndpoints(IOptions<HttpWorkflowOptions> options) : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var prefix = "/" + options.Value.Prefix.Trim('/');
        endpoints.Map(prefix + "/{**path}", HandleAsync).ExcludeFromDescription().AllowAnonymous();
    }

    /// <summary>True for a request under the prefix: answered like the API (problem details, the client's language, its own rate limit).</summary>
    public static bool Serves(HttpContext http) =>
        http.RequestServices.GetService<IOptions<HttpWorkflowOptions>>() is { } options && http.Request.Path.StartsWithSegments("/" + options.Value.Prefix.Trim('/'));

    private static async Task HandleAsync(HttpContext http, HttpWorkflows workflows, IAuthorizationService authorization,
        IAuthorizationPolicyProvider policies, IOptions<HttpWorkflowOptions> options, ILogger<WorkflowHttpEndpoints> logger)
    {
        // Our own answers keep their status and body: no error page re-executed in their place.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        var culture = DomainExceptionHandler.AsksForFrench(http.Request) ? DomainTexts.FrenchCulture : CultureInfo.InvariantCulture;
        var path = HttpRoute.Normalize(http.Request.RouteValues["path"]?.ToString());
        var instanceText = Header(http, "workflowInstanceId", "X-Workflow-Instance-ID");
        Guid? instanceId = null;
        if (instanceText is not null)
        {
            if (!Guid.TryParse(instanceText, out var parsed))
            {
                await ProblemAsync(http, 400, culture, "workflowInstanceId '{0}' is not an instance id. Give the id of the waiting instance (a GUID).", instanceText);
                return;
            }
            instanceId = parsed;
        }
        var request = new HttpRequestStimulus(http.Request.Method.ToUpperInvariant(), path, First(http.Request.Query), Headers(http.Request.Headers),
            null, http.Request.ContentType, Header(http, "correlationId", "X-Correlation-ID"), instanceId, http.User.Identity?.Name);
        HttpEndpointMatch? match;
        try
        {
            match = await workflows.MatchAsync(request, http.RequestAborted);
        }
        catch (HttpAmbiguousMatchException e)
        {
            await ProblemAsync(http, 409, culture, "{0}", e.Message);
            return;
        }
        if (match is null)
        {
            await ProblemAsync(http, 404, culture, "No workflow endpoint answers {0} {1}. Check the path and the method, and that the definition is published.", request.Method, path);
            return;
        }
        if (!await AuthorizeAsync(http, match.Settings, authorization, policies, culture)) return;
        var body = await ReadBodyAsync(http, options.Value.MaxRequestBodySize);
        if (body.TooLarge)
        {
            await ProblemAsync(http, 413, culture, "The request body is larger than {0} bytes, the limit of workflow endpoints (Workflows:Http:MaxRequestBodySize).", options.Value.MaxRequestBodySize);
            return;
        }
        HttpWorkflowResult result;
        try
        {
            result = await workflows.RunAsync(match, request with { Body = body.Text }, http.RequestAborted);
        }
        catch (HttpBadRequestException e)
        {
            await ProblemAsync(http, 400, culture, "{0}", e.Message);
            return;
        }
        await AnswerAsync(http, result, culture, logger);
    }

    /// <summary>Anonymous only when the definition says so; else a signed-in user (401) with the named policy or role (403).</summary>
    private static async Task<bool> AuthorizeAsync(HttpContext http, HttpEndpointSettings endpoint, IAuthorizationService authorization,
        IAuthorizationPolicyProvider policies, CultureInfo culture)
    {
        if (endpoint.AllowsAnonymous) return true;
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await ProblemAsync(http, 401, culture, "This workflow endpoint needs a signed-in user: sign in (cookie or bearer token) and send the request again.");
            return false;
        }
        if (await ApiAntiforgery.IsForgeableAsync(http))
        {
            await ApiAntiforgery.WriteRefusalAsync(http, culture);
            return false;
        }
        if (endpoint.Policy is not { } name) return true;
        var allowed = await policies.GetPolicyAsync(name) is { } policy
            ? (await authorization.AuthorizeAsync(http.User, null, policy)).Succeeded
            : http.User.IsInRole(name);
        if (!allowed) await ProblemAsync(http, 403, culture, "This workflow endpoint is reserved to the policy or role '{0}', which your account does not have.", name);
        return allowed;
    }

    private static async Task AnswerAsync(HttpContext http, HttpWorkflowResult result, CultureInfo culture, ILogger logger)
    {
        if (result.Instance is not { } instance)
        {
            await ProblemAsync(http, 404, culture, "The workflow instance no longer waits for this request: another request or an event resumed it meanwhile.");
            return;
        }
        http.Response.Headers["X-Workflow-Instance-ID"] = instance.Id.ToString();
        if (result.Fault is not null)
        {
            logger.LogWarning("Workflow {DefinitionId} instance {InstanceId} faulted while answering {Method} {Path}: {Fault}", instance.DefinitionId, instance.Id, http.Request.Method, http.Request.Path, result.Fault);
            await ProblemAsync(http, 500, culture, "The workflow faulted while answering this request (instance {0}); an administrator sees the incident and can retry it.", instance.Id);
            return;
        }
        if (result.Response is not { } response) return; // as Elsa: 200 and an empty body
        http.Response.StatusCode = response.StatusCode;
        foreach (var (name, values) in response.Headers) http.Response.Headers[name] = values;
        if (response.ContentType is not null) http.Response.ContentType = response.ContentType;
        if (response.Content is not null) await http.Response.WriteAsync(response.Content, http.RequestAborted);
    }

    private static async Task ProblemAsync(HttpContext http, int status, CultureInfo culture, string template, params object?[] values)
    {
        var text = string.Format(culture, DomainTexts.Translation(template, culture) ?? template, values);
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), Detail = text },
        });
    }

    /// <summary>The body as text, read up to <paramref name="limit"/> bytes; TooLarge beyond it (the rest is not read).</summary>
    private static async Task<(string? Text, bool TooLarge)> ReadBodyAsync(HttpContext http, long limit)
    {
        if (http.Request.ContentLength > limit) return (null, true);
        using var buffer = new MemoryStream();
        var chunk = new byte[16_384];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) return (null, true);
            buffer.Write(chunk, 0, read);
        }
        return buffer.Length == 0 ? (null, false) : (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), false);
    }

    private static string? Header(HttpContext http, string query, string header) =>
        http.Request.Query[query].FirstOrDefault() is { Length: > 0 } q ? q : http.Request.Headers[header].FirstOrDefault() is { Length: > 0 } h ? h : null;

    private static Dictionary<string, string> First(IQueryCollection query) =>
        query.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? "", StringComparer.OrdinalIgnoreCase);

    /// <summary>The headers given to the workflow: credentials (Authorization, Cookie) stay out of its variables and journal.</summary>
    private static Dictionary<string, string> Headers(IHeaderDictionary headers) =>
        headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
                           && !h.Key.Equals(ApiAntiforgery.HeaderName, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
}
