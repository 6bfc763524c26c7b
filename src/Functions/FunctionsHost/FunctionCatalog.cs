using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActivityService.Core.Realtime;

namespace ActivityService.Functions.FunctionsHost;

/// <summary>How the Functions host talks to the handler for one function.</summary>
public enum InvocationMode
{
    /// <summary>
    /// Exactly one <c>httpTrigger</c> in and one <c>http</c> out: the host forwards the original request on
    /// its original path (<c>enableForwardingHttpRequest</c>) and returns our response as it is.
    /// </summary>
    Forwarded = 0,

    /// <summary>Any other binding set: the host posts <c>{"Data","Metadata"}</c> to <c>/{FunctionName}</c>.</summary>
    Payload = 1,
}

/// <summary>What triggers a function and what it binds, beyond the HTTP trigger and response.</summary>
public enum FunctionKind
{
    /// <summary>An HTTP route of the API, nothing else.</summary>
    Http = 0,

    /// <summary>An HTTP route whose success pushes live updates: adds the SignalR output.</summary>
    HttpWithRealtime = 1,

    /// <summary>SignalR negotiation: the connection-info input and the SignalR output (admin group actions).</summary>
    Negotiate = 2,

    /// <summary>The lifecycle event queue (contract §6): Service Bus trigger and SignalR output.</summary>
    ServiceBusQueue = 3,

    /// <summary>A schedule (<c>timerTrigger</c>), no outputs: the retention sweep.</summary>
    Timer = 4,
}

/// <summary>
/// One Azure Functions function. <see cref="Route"/> is relative to the host's route prefix
/// (<see cref="FunctionCatalog.RoutePrefix"/>), exactly as in <c>function.json</c>.
/// </summary>
public sealed record FunctionDefinition(string Name, FunctionKind Kind, string? Route, IReadOnlyList<string> Methods)
{
    public InvocationMode Mode => Kind == FunctionKind.Http ? InvocationMode.Forwarded : InvocationMode.Payload;

    public bool IsHttp => Kind is not (FunctionKind.ServiceBusQueue or FunctionKind.Timer);

    /// <summary>The public path template, e.g. <c>/api/activities/{id}</c>.</summary>
    public string? PublicRouteTemplate => Route is null ? null : "/" + FunctionCatalog.RoutePrefix + "/" + Route;

    /// <summary>Where the host posts invocations of a payload-mode function.</summary>
    public string InvocationPath => "/" + Name;
}

/// <summary>
/// The one source of truth for the Functions packaging: every function, its route, methods and bindings.
/// The committed <c>functions/</c> folder is generated from it (<see cref="WriteAll"/>), and tests check that
/// the folder, the app's endpoints and the payload-mode adapters agree with it.
/// </summary>
/// <remarks>
/// Contract sources: Microsoft Learn "Azure Functions custom handlers"; Azure/azure-functions-host
/// <c>DefaultHttpWorkerService.cs</c> (forwarding applies only to functions with one HTTP trigger and one
/// HTTP output), <c>WebJobsRouteBuilder</c> (literal segments win over parameters, so
/// <c>me/activities/unread-count</c> is matched before <c>me/activities/{id}</c>); the SignalR and Service Bus
/// binding references for the binding properties.
/// </remarks>
public static class FunctionCatalog
{
    /// <summary><c>host.json</c> <c>extensions.http.routePrefix</c>.</summary>
    public const string RoutePrefix = "api";

    public const string RequestBinding = "req";
    public const string ResponseBinding = "res";
    public const string SignalRBinding = "signalRMessages";
    public const string ConnectionInfoBinding = "connectionInfo";
    public const string MessageBinding = "message";
    public const string TimerBinding = "timer";

    /// <summary>NCRONTAB with seconds: every 15 minutes. Each run is bounded and resumes where the last one stopped.</summary>
    public const string RetentionSchedule = "0 */15 * * * *";

    /// <summary>App setting (or prefix of the identity-based settings) of the SignalR Service connection.</summary>
    public const string SignalRConnectionSetting = "AzureSignalRConnectionString";

    /// <summary>App setting (or prefix of the identity-based settings) of the Service Bus connection.</summary>
    public const string ServiceBusConnectionSetting = "ServiceBusConnection";

    public const string EventQueueName = "activity-events";

    /// <summary>
    /// The header the <c>signalRConnectionInfo</c> binding takes the SignalR user id from. The client sends
    /// the realtime user id of <see cref="ActivityService.Core.Realtime.RealtimeNames.UserId"/>; Negotiate refuses unless it equals the identity of the validated token.
    /// </summary>
    public const string RealtimeUserHeader = "x-activity-user";

    public const string Negotiate = "Negotiate";
    public const string ProcessActivityEvent = "ProcessActivityEvent";
    public const string Retention = "Retention";

    private const string Get = "get";
    private const string Post = "post";
    private const string Patch = "patch";
    private const string Delete = "delete";
    private const string Put = "put";

    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        new("ListActivities", FunctionKind.Http, "activities", [Get]),
        new("CreateActivity", FunctionKind.HttpWithRealtime, "activities", [Post]),
        new("GetActivity", FunctionKind.Http, "activities/{id}", [Get]),
        new("PatchActivity", FunctionKind.HttpWithRealtime, "activities/{id}", [Patch]),
        new("DeleteActivity", FunctionKind.HttpWithRealtime, "activities/{id}", [Delete]),
        new("GetActivityHistory", FunctionKind.Http, "activities/{id}/history", [Get]),
        new("ListMyActivities", FunctionKind.Http, "me/activities", [Get]),
        new("GetUnreadCount", FunctionKind.Http, "me/activities/unread-count", [Get]),
        new("MarkAllRead", FunctionKind.HttpWithRealtime, "me/activities/mark-read", [Post]),
        new("MarkAllSeen", FunctionKind.HttpWithRealtime, "me/activities/mark-seen", [Post]),
        new("BulkUpdateMyActivities", FunctionKind.HttpWithRealtime, "me/activities/bulk", [Post]),
        new("GetMyActivity", FunctionKind.Http, "me/activities/{id}", [Get]),
        new("PatchMyActivity", FunctionKind.HttpWithRealtime, "me/activities/{id}", [Patch]),
        new("DeleteMyActivity", FunctionKind.HttpWithRealtime, "me/activities/{id}", [Delete]),
        new("GetMyActivityHistory", FunctionKind.Http, "me/activities/{id}/history", [Get]),
        new("GetMyPreferences", FunctionKind.Http, "me/preferences", [Get]),
        new("PutMyPreferences", FunctionKind.Http, "me/preferences", [Put]),
        new("GetContactTimeline", FunctionKind.Http, "contacts/{contactId}/timeline", [Get]),
        new("ListRejectedEvents", FunctionKind.Http, "rejected-events", [Get]),
        new("ListMessageTypes", FunctionKind.Http, "activity-message-types", [Get]),
        new("Health", FunctionKind.Http, "health", [Get]),
        new("Ready", FunctionKind.Http, "health/ready", [Get]),
        new("OpenApi", FunctionKind.Http, "openapi.json", [Get]),
        new(Negotiate, FunctionKind.Negotiate, "negotiate", [Post]),
        new(ProcessActivityEvent, FunctionKind.ServiceBusQueue, null, []),
        new(Retention, FunctionKind.Timer, null, []),
    ];

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static FunctionDefinition? Find(string name) =>
        All.FirstOrDefault(function => string.Equals(function.Name, name, StringComparison.Ordinal));

    /// <summary>The <c>function.json</c> of one function.</summary>
    public static JsonObject ToFunctionJson(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var bindings = new JsonArray();
        if (function.IsHttp)
        {
            bindings.Add(new JsonObject
            {
                ["type"] = "httpTrigger",
                ["direction"] = "in",
                ["name"] = RequestBinding,
                // The app authenticates callers itself (JWT bearer, contract §2); function keys are not used.
                ["authLevel"] = "anonymous",
                ["methods"] = new JsonArray([.. function.Methods.Select(method => (JsonNode)method)]),
                ["route"] = function.Route,
            });
        }

        if (function.Kind == FunctionKind.Negotiate)
        {
            bindings.Add(new JsonObject
            {
                ["type"] = "signalRConnectionInfo",
                ["direction"] = "in",
                ["name"] = ConnectionInfoBinding,
                ["hubName"] = RealtimeNames.Hub,
                ["userId"] = "{headers." + RealtimeUserHeader + "}",
                ["connectionStringSetting"] = SignalRConnectionSetting,
            });
        }

        if (function.Kind == FunctionKind.ServiceBusQueue)
        {
            bindings.Add(new JsonObject
            {
                ["type"] = "serviceBusTrigger",
                ["direction"] = "in",
                ["name"] = MessageBinding,
                ["queueName"] = EventQueueName,
                ["connection"] = ServiceBusConnectionSetting,
                // The raw body arrives as base64 of its bytes and is not parsed into metadata.
                ["dataType"] = "binary",
            });
        }

        if (function.Kind == FunctionKind.Timer)
        {
            bindings.Add(new JsonObject
            {
                ["type"] = "timerTrigger",
                ["direction"] = "in",
                ["name"] = TimerBinding,
                ["schedule"] = RetentionSchedule,
            });
        }

        if (function.IsHttp)
        {
            bindings.Add(new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = ResponseBinding });
        }

        if (function.Mode == InvocationMode.Payload && function.Kind != FunctionKind.Timer)
        {
            bindings.Add(new JsonObject
            {
                ["type"] = "signalR",
                ["direction"] = "out",
                ["name"] = SignalRBinding,
                ["hubName"] = RealtimeNames.Hub,
                ["connectionStringSetting"] = SignalRConnectionSetting,
            });
        }

        return new JsonObject { ["bindings"] = bindings };
    }

    /// <summary>The file text of every <c>function.json</c>, by function name (2-space indent, LF, final newline).</summary>
    public static IReadOnlyDictionary<string, string> RenderAll() =>
        All.ToDictionary(function => function.Name, function => ToFunctionJson(function).ToJsonString(WriteOptions).ReplaceLineEndings("\n") + "\n", StringComparer.Ordinal);

    /// <summary>
    /// Writes <c>{directory}/{Name}/function.json</c> for every function and removes function folders
    /// (folders holding a <c>function.json</c>) that the catalog no longer lists.
    /// </summary>
    public static void WriteAll(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var rendered = RenderAll();
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.EnumerateDirectories(directory))
        {
            if (!rendered.ContainsKey(Path.GetFileName(stale)) && File.Exists(Path.Combine(stale, "function.json")))
            {
                Directory.Delete(stale, recursive: true);
            }
        }

        foreach (var (name, text) in rendered)
        {
            var folder = Path.Combine(directory, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), text);
        }
    }
}
