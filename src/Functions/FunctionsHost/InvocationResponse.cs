using System.Text;
using System.Text.Json;
using ActivityService.Core.Realtime;
using Microsoft.Net.Http.Headers;

namespace ActivityService.Functions.FunctionsHost;

/// <summary>A SignalR group action for the output binding: <c>{"action","groupName","userId"}</c>.</summary>
public sealed record SignalRGroupAction(string Action, string GroupName, string UserId)
{
    public const string Add = "add";
    public const string Remove = "remove";
}

/// <summary>
/// Writes the custom handler's answer to a payload-mode invocation:
/// <c>{"Outputs": {...}, "Logs": [...], "ReturnValue": null}</c>, always with a body (the host reads it as
/// <c>HttpScriptInvocationResult</c>; DefaultHttpWorkerService).
/// </summary>
public static class InvocationResponse
{
    /// <summary>Headers the host sets itself when it writes the response to the caller.</summary>
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.ContentLength, HeaderNames.TransferEncoding, HeaderNames.Connection, HeaderNames.KeepAlive,
    };

    /// <summary>
    /// The HTTP output binding value. The host reads <c>statusCode</c>, <c>status</c>, <c>body</c> and
    /// <c>headers</c> (HttpOutputBindingResponse; some host versions require all four) and writes the body
    /// as it is, taking Content-Type from the headers (RawScriptResult). Header values are strings.
    /// </summary>
    public static void WriteHttpResponse(Utf8JsonWriter writer, CapturedResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        writer.WriteNumber("statusCode", response.StatusCode);
        writer.WriteNumber("status", response.StatusCode);
        writer.WriteStartObject("headers");
        foreach (var (name, values) in response.Headers.OrderBy(header => header.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!HopHeaders.Contains(name))
            {
                writer.WriteString(name, values.ToString());
            }
        }

        writer.WriteEndObject();
        writer.WriteString("body", Encoding.UTF8.GetString(response.Body));
        writer.WriteEndObject();
    }

    /// <summary>
    /// The SignalR output binding value: one item per message, <c>{"target","arguments","userId"}</c> or
    /// <c>{"target","arguments","groupName"}</c> (the extension's SignalRMessage requires target and
    /// arguments), then the group actions.
    /// </summary>
    public static void WriteSignalRMessages(Utf8JsonWriter writer, IReadOnlyList<RealtimeMessage> messages, IReadOnlyList<SignalRGroupAction>? groupActions = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(messages);
        writer.WriteStartArray();
        foreach (var message in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("target", message.Target);
            writer.WriteStartArray("arguments");
            foreach (var argument in message.Arguments)
            {
                argument.WriteTo(writer);
            }

            writer.WriteEndArray();
            switch (message.Audience)
            {
                case RealtimeAudience.User user:
                    writer.WriteString("userId", RealtimeNames.UserId(user.CompanyId, user.UserId));
                    break;
                case RealtimeAudience.CompanyAdmins admins:
                    writer.WriteString("groupName", RealtimeNames.AdminsGroup(admins.CompanyId));
                    break;
                default:
                    throw new InvalidOperationException("Unknown audience.");
            }

            writer.WriteEndObject();
        }

        foreach (var action in groupActions ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("action", action.Action);
            writer.WriteString("groupName", action.GroupName);
            writer.WriteString("userId", action.UserId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a 200 answer whose <c>Outputs</c> object is filled by <paramref name="writeOutputs"/>.</summary>
    public static async Task WriteAsync(HttpResponse response, Action<Utf8JsonWriter> writeOutputs, IReadOnlyList<string> logs)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(writeOutputs);
        ArgumentNullException.ThrowIfNull(logs);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Outputs");
            writeOutputs(writer);
            writer.WriteEndObject();
            writer.WriteStartArray("Logs");
            foreach (var log in logs)
            {
                writer.WriteStringValue(log);
            }

            writer.WriteEndArray();
            writer.WriteNull("ReturnValue");
            writer.WriteEndObject();
        }

        await WriteJsonAsync(response, StatusCodes.Status200OK, "application/json; charset=utf-8", buffer).ConfigureAwait(false);
    }

    /// <summary>
    /// A failed invocation: any non-2xx status fails it (the host calls EnsureSuccessStatusCode), so a
    /// Service Bus message is abandoned and redelivered. The body is JSON all the same.
    /// </summary>
    public static async Task WriteFailureAsync(HttpResponse response, int statusCode, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Http.Problems.TypeBase + (statusCode == StatusCodes.Status400BadRequest ? "bad-invocation" : "invocation-failed"));
            writer.WriteString("title", title);
            writer.WriteNumber("status", statusCode);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        await WriteJsonAsync(response, statusCode, "application/problem+json", buffer).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpResponse response, int statusCode, string contentType, MemoryStream buffer)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
