using System.Text;
using System.Text.Json;
using ActivityService.Core.Events;
using ActivityService.Core.Realtime;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Http;
using ActivityService.Functions.Realtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Routing.Template;

namespace ActivityService.Functions.FunctionsHost;

/// <summary>Marks the endpoints that answer the host's payload-mode invocations (<c>POST /{FunctionName}</c>).</summary>
public sealed record FunctionInvocationMetadata(string FunctionName);

/// <summary>
/// The payload-mode adapters: they turn the host's invocation payload into the app's own request or call,
/// open a <see cref="RealtimeOutbox"/> around it, and answer with the function's outputs.
/// </summary>
public sealed partial class FunctionInvocations(InvocationPipeline pipeline, EventProcessor events, ILogger<FunctionInvocations> logger)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>
    /// An HTTP function with a SignalR output: the rebuilt request goes through the app pipeline, so the
    /// endpoint, its authentication and its problem responses are the forwarded route's own.
    /// </summary>
    public async Task HttpAsync(HttpContext outer, FunctionDefinition function)
    {
        if (await ReadHttpTriggerAsync(outer, function).ConfigureAwait(false) is not (_, { } request))
        {
            return;
        }

        CapturedResponse response;
        IReadOnlyList<RealtimeMessage> messages;
        using (var outbox = RealtimeOutbox.Open())
        {
            response = !Matches(function, request)
                ? await pipeline.RenderAsync(Problems.NotFound("No such route."), request, outer).ConfigureAwait(false)
                : LostChunkedBody(request)
                    ? await pipeline.RenderAsync(Problems.LengthRequired(), request, outer).ConfigureAwait(false)
                    : await pipeline.SendAsync(request, outer, outer.RequestAborted).ConfigureAwait(false);
            messages = [.. outbox.Messages];
        }

        await InvocationResponse.WriteAsync(outer.Response, writer =>
        {
            writer.WritePropertyName(FunctionCatalog.ResponseBinding);
            InvocationResponse.WriteHttpResponse(writer, response);
            writer.WritePropertyName(FunctionCatalog.SignalRBinding);
            InvocationResponse.WriteSignalRMessages(writer, messages);
        }, []).ConfigureAwait(false);
    }

    /// <summary>
    /// The host copies a request body into the payload only when Content-Length is above zero, so a chunked
    /// body (or one sent without a length) arrives empty: answer 411 rather than "the body is empty".
    /// </summary>
    private static bool LostChunkedBody(HttpTriggerRequest request) =>
        request.Body.Length == 0
        && ((request.Header("Transfer-Encoding") ?? "").Contains("chunked", StringComparison.OrdinalIgnoreCase)
            || (request.Method is "POST" or "PUT" or "PATCH" && request.Header("Content-Length") is null && request.Header("Content-Type") is not null));

    /// <summary>An invocation's data and its HTTP trigger's request, or null once the invocation has been rejected.</summary>
    private async Task<(JsonElement Data, HttpTriggerRequest Request)?> ReadHttpTriggerAsync(HttpContext outer, FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentNullException.ThrowIfNull(function);
        if (await ReadInvocationAsync(outer).ConfigureAwait(false) is not ({ } data, _))
        {
            await RejectInvocationAsync(outer, function, "The invocation body is not a JSON object.").ConfigureAwait(false);
            return null;
        }

        if (HttpTriggerRequest.Parse(data, FunctionCatalog.RequestBinding, out var error) is not { } request)
        {
            await RejectInvocationAsync(outer, function, error!).ConfigureAwait(false);
            return null;
        }

        return (data, request);
    }

    /// <summary>
    /// SignalR negotiation. The connection info was minted by the binding for the user id in the
    /// <see cref="FunctionCatalog.RealtimeUserHeader"/> header, which the client controls; it is handed out
    /// only when that header equals the tenant-qualified identity of the caller's validated bearer token
    /// (validated by the app's own JWT bearer scheme). Admins are added to their company's admin group,
    /// everyone else is removed from it (a demoted admin stops receiving company-wide changes).
    /// </summary>
    public async Task NegotiateAsync(HttpContext outer, FunctionDefinition function)
    {
        if (await ReadHttpTriggerAsync(outer, function).ConfigureAwait(false) is not (var data, { } request))
        {
            return;
        }

        var caller = await AuthenticateAsync(request, outer).ConfigureAwait(false);
        var actions = new List<SignalRGroupAction>();
        CapturedResponse response;
        if (caller is null)
        {
            response = await UnauthorizedAsync(Problems.Unauthorized(), request, outer).ConfigureAwait(false);
        }
        else
        {
            var userId = RealtimeNames.UserId(caller.CompanyId, caller.UserId);
            var connection = HostValues.Object(data, FunctionCatalog.ConnectionInfoBinding) ?? EmptyObject;
            var url = HostValues.String(connection, "url");
            var accessToken = HostValues.String(connection, "accessToken");
            if (!string.Equals(request.Header(FunctionCatalog.RealtimeUserHeader), userId, StringComparison.Ordinal))
            {
                response = await UnauthorizedAsync(
                    Problems.Unauthorized($"The {FunctionCatalog.RealtimeUserHeader} header must be the token's realtime user id: company_id and sub, each with % escaped as %25 and : as %3A, joined by a colon."),
                    request,
                    outer).ConfigureAwait(false);
            }
            else if (string.IsNullOrEmpty(url) || string.IsNullOrEmpty(accessToken))
            {
                LogNoConnectionInfo(logger);
                response = await pipeline.RenderAsync(Problems.ServiceUnavailable("Live updates are unavailable right now; retry shortly."), request, outer).ConfigureAwait(false);
            }
            else
            {
                response = await pipeline.RenderAsync(new JsonWriterResult(StatusCodes.Status200OK, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("url", url);
                    writer.WriteString("accessToken", accessToken);
                    writer.WriteEndObject();
                }), request, outer).ConfigureAwait(false);
                actions.Add(new SignalRGroupAction(caller.IsAdmin ? SignalRGroupAction.Add : SignalRGroupAction.Remove, RealtimeNames.AdminsGroup(caller.CompanyId), userId));
            }
        }

        await InvocationResponse.WriteAsync(outer.Response, writer =>
        {
            writer.WritePropertyName(FunctionCatalog.ResponseBinding);
            InvocationResponse.WriteHttpResponse(writer, response);
            writer.WritePropertyName(FunctionCatalog.SignalRBinding);
            InvocationResponse.WriteSignalRMessages(writer, [], actions);
        }, []).ConfigureAwait(false);
    }

    /// <summary>
    /// One Service Bus delivery (contract §6). Applied, duplicate and poison messages answer 200 (the host then
    /// completes the message) with the live updates as the SignalR output; a failure (storage unreachable)
    /// answers 500, so the host abandons the message and Service Bus redelivers it, dead-lettering it after
    /// the queue's MaxDeliveryCount.
    /// </summary>
    public async Task ProcessEventAsync(HttpContext outer, FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentNullException.ThrowIfNull(function);
        if (await ReadInvocationAsync(outer).ConfigureAwait(false) is not ({ } data, { } metadata))
        {
            await RejectInvocationAsync(outer, function, "The invocation body is not a JSON object.").ConfigureAwait(false);
            return;
        }

        var messageId = HostValues.String(metadata, "MessageId");
        if (string.IsNullOrEmpty(messageId))
        {
            await RejectInvocationAsync(outer, function, "Metadata.MessageId is missing.").ConfigureAwait(false);
            return;
        }

        var deliveryCount = (int)Math.Clamp(HostValues.Int64(metadata, "DeliveryCount") ?? 1, 0, int.MaxValue);
        var sequenceNumber = HostValues.Int64(metadata, "SequenceNumber") ?? 0;
        var body = MessageBody(data);
        EventProcessResult result;
        IReadOnlyList<RealtimeMessage> messages;
        try
        {
            using var outbox = RealtimeOutbox.Open();
            result = await events.ProcessAsync(new EventDelivery(messageId, deliveryCount, sequenceNumber, body), outer.RequestAborted).ConfigureAwait(false);
            messages = [.. outbox.Messages];
        }
#pragma warning disable CA1031 // Every failure must become a failed invocation, so that Service Bus redelivers the message.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            LogProcessingFailed(logger, messageId, deliveryCount, failure);
            await InvocationResponse.WriteFailureAsync(outer.Response, StatusCodes.Status500InternalServerError, "Event not processed",
                "The event could not be stored; the message will be delivered again.").ConfigureAwait(false);
            return;
        }

        var outcome = result.Status switch
        {
            EventApplyStatus.Applied => "applied",
            EventApplyStatus.Duplicate => "duplicate",
            _ => "rejected: " + result.RejectionReason,
        };
        LogProcessed(logger, messageId, deliveryCount, outcome);
        await InvocationResponse.WriteAsync(outer.Response, writer =>
        {
            writer.WritePropertyName(FunctionCatalog.SignalRBinding);
            InvocationResponse.WriteSignalRMessages(writer, messages);
        }, [$"Message {messageId} (delivery {deliveryCount}): {outcome}"]).ConfigureAwait(false);
    }

    /// <summary>The message body: base64 of its bytes (<c>"dataType": "binary"</c>), or text from a host configured otherwise.</summary>
    private static ReadOnlyMemory<byte> MessageBody(JsonElement data)
    {
        if (!HostValues.TryGetProperty(data, FunctionCatalog.MessageBinding, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (HostValues.Base64(value) is { } bytes)
        {
            return bytes;
        }

        return Encoding.UTF8.GetBytes(HostValues.String(value) ?? value.GetRawText());
    }

    /// <summary>The rebuilt request must be one the function's trigger accepts: its method and route.</summary>
    private static bool Matches(FunctionDefinition function, HttpTriggerRequest request)
    {
        if (!function.Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase) || function.PublicRouteTemplate is not { } template)
        {
            return false;
        }

        var matcher = new TemplateMatcher(TemplateParser.Parse(template.TrimStart('/')), []);
        return matcher.TryMatch(request.Path, []);
    }

    private async Task<Core.Activities.Caller?> AuthenticateAsync(HttpTriggerRequest request, HttpContext outer)
    {
        var (context, _) = InvocationPipeline.CreateContext(request, outer, outer.RequestAborted);
        await using var scope = outer.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
        return result.Succeeded && result.Principal is { } principal ? CallerClaims.From(principal) : null;
    }

    private Task<CapturedResponse> UnauthorizedAsync(IResult problem, HttpTriggerRequest request, HttpContext outer) =>
        pipeline.RenderAsync(problem, request, outer, response => response.Headers.WWWAuthenticate = "Bearer");

    private static async Task<(JsonElement Data, JsonElement Metadata)?> ReadInvocationAsync(HttpContext outer)
    {
        JsonElement root;
        try
        {
            using var document = await JsonDocument.ParseAsync(outer.Request.Body, default, outer.RequestAborted).ConfigureAwait(false);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return (HostValues.Object(root, "Data") ?? EmptyObject, HostValues.Object(root, "Metadata") ?? EmptyObject);
    }

    /// <summary>A payload the host would never send: 400, which fails the invocation.</summary>
    private Task RejectInvocationAsync(HttpContext outer, FunctionDefinition function, string detail)
    {
        LogBadInvocation(logger, function.Name, detail);
        return InvocationResponse.WriteFailureAsync(outer.Response, StatusCodes.Status400BadRequest, "Bad invocation", detail);
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Rejected an invocation of {Function}: {Detail}")]
    private static partial void LogBadInvocation(ILogger logger, string function, string detail);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Processed message {MessageId} (delivery {DeliveryCount}): {Outcome}")]
    private static partial void LogProcessed(ILogger logger, string messageId, int deliveryCount, string outcome);

    [LoggerMessage(EventId = 62, Level = LogLevel.Error, Message = "Could not process message {MessageId} (delivery {DeliveryCount}); failing the invocation so that it is redelivered")]
    private static partial void LogProcessingFailed(ILogger logger, string messageId, int deliveryCount, Exception error);

    [LoggerMessage(EventId = 63, Level = LogLevel.Error, Message = "Negotiate was invoked without the signalRConnectionInfo input (url and accessToken)")]
    private static partial void LogNoConnectionInfo(ILogger logger);
}
