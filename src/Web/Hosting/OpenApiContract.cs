using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CallManager.Web.Hosting;

/// <summary>
/// The OpenAPI document as a contract clients can rely on: every operation lists the refusals it can answer (bad request,
/// sign-in, rights and antiforgery, unknown id, conflict, invalid input, too large, wrong media type, too many attempts) with
/// <c>application/problem+json</c> bodies; local date-times (a call's dates in its time zone) are not claimed as RFC 3339 instants.
/// </summary>
public static class OpenApiContract
{
    /// <summary>The media type of every refusal.</summary>
    public const string ProblemJson = "application/problem+json";

    private static readonly string[] RateLimited = ["/api/auth/login", "/api/auth/refresh", "/api/auth/register", "/api/auth/forgotPassword",
        "/api/auth/resetPassword", "/api/auth/confirmEmail", "/api/auth/resendConfirmationEmail"];

    /// <summary>Registers the document with its transformers.</summary>
    public static void AddCallManagerOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type == typeof(Domain.Common.LocalizableText)) schema.Type = JsonSchemaType.String; // written as a string in the reader's language
            if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(type))
            {
                // RFC 9457 problem details are extensible, and every refusal carries traceId: no "additionalProperties: false".
                schema.AdditionalPropertiesAllowed = true;
                schema.AdditionalProperties = null;
            }
            if (type == typeof(DateTime))
            {
                schema.Format = null;
                schema.Pattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$";
                schema.Description ??= "A local date and time, without offset, in the call's time zone (see timeZone).";
            }
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            foreach (var status in Refusals(context.Description))
            {
                operation.Responses ??= [];
                if (operation.Responses.TryGetValue(status, out var existing) && existing.Content?.ContainsKey(ProblemJson) == true) continue;
                operation.Responses[status] = new OpenApiResponse { Description = Describe(status), Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = Problem() } } };
            }
            return Task.CompletedTask;
        });
    });

    /// <summary>
    /// Describes the multipart/form-data body of an endpoint that reads its form itself (an upload streamed to the store): one
    /// binary file part named <c>file</c> and the text <paramref name="fields"/>, so clients and fuzzers can build the request.
    /// </summary>
    public static RouteHandlerBuilder MultipartForm(this RouteHandlerBuilder builder, string fileDescription, bool fileRequired,
        params (string Name, string Description, bool Required)[] fields) => builder
        .WithMetadata(new MultipartFormMetadata())
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var properties = new Dictionary<string, IOpenApiSchema>
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = fileDescription },
            };
            foreach (var (name, description, _) in fields) properties[name] = new OpenApiSchema { Type = JsonSchemaType.String, Description = description };
            var required = fields.Where(f => f.Required).Select(f => f.Name).Prepend(fileRequired ? "file" : null).OfType<string>().ToHashSet();
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Required = required },
                        Encoding = new Dictionary<string, OpenApiEncoding> { ["file"] = new() { ContentType = "application/octet-stream, application/pdf, image/*, */*" } },
                    },
                },
            };
            return Task.CompletedTask;
        });

    /// <summary>Marks an endpoint whose multipart body <see cref="MultipartForm"/> describes.</summary>
    private sealed class MultipartFormMetadata;

    /// <summary>The refusal statuses an operation can answer.</summary>
    private static IEnumerable<string> Refusals(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        var path = "/" + (description.RelativePath ?? "").Split('?')[0];
        var unsafeMethod = description.HttpMethod is not ("GET" or "HEAD" or "OPTIONS");
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var hasBody = description.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Form" or "FormFile") || metadata.OfType<MultipartFormMetadata>().Any();
        yield return "400";
        if (signedIn || path.StartsWith("/api/auth/", StringComparison.OrdinalIgnoreCase)) yield return "401"; // Identity's endpoints answer 401 to a wrong password, token or link
        if (signedIn || unsafeMethod) yield return "403"; // unsafe cookie-authenticated requests without the antiforgery header
        if (path.Contains('{')) yield return "404";
        yield return "409";
        if (hasBody) { yield return "413"; yield return "415"; }
        yield return "422";
        if (RateLimited.Contains(path, StringComparer.OrdinalIgnoreCase)) yield return "429";
    }

    private static string Describe(string status) => status switch
    {
        "400" => "The request is malformed (body or parameters that cannot be read).",
        "401" => "Not signed in, or the credentials, token or link are not valid.",
        "403" => "Not allowed for this account, or a cookie-authenticated request without the X-CSRF-Token header.",
        "404" => "Not found, or not visible to this account.",
        "409" => "Refused in the current state (a deadline passed, someone else changed it).",
        "413" => "The body is too large.",
        "415" => "The body's media type is not accepted.",
        "422" => "The input breaks a rule; errors names the fields.",
        _ => "Too many attempts: wait for Retry-After seconds.",
    };

    // RFC 9457 problem details, with the field errors of a validation refusal.
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
