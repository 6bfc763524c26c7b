using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>Helpers shared by the Functions packaging and custom-handler contract tests.</summary>
public static class FunctionsTestKit
{
    public const string Issuer = "activity-service-local";
    public const string Audience = "activity-service";

    /// <summary>The repository root (where ActivityFunctions.slnx is).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A company id no other test uses.</summary>
    public static string NewCompany() => "fn-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>An HS256 token as the app validates it locally (same key as <see cref="AppServer.SigningKey"/>).</summary>
    public static string Token(string companyId, string userId, string role, string signingKey = AppServer.SigningKey)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(),
            Claims = new Dictionary<string, object> { ["sub"] = userId, ["company_id"] = companyId, ["role"] = role },
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A value the way the host puts a string into Data or Metadata: JSON-encoded a second time.</summary>
    public static string Twice(string value) => JsonSerializer.Serialize(value);

    public static JsonNode ParseNode(string json) => JsonNode.Parse(json) ?? throw new InvalidOperationException("JSON null.");

    /// <summary>Asserts two JSON values are equal, showing both when they are not.</summary>
    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual)
    {
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"JSON differs.\nExpected: {expected?.ToJsonString()}\nActual:   {actual?.ToJsonString()}");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ActivityFunctions.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (ActivityFunctions.slnx) above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Builds invocation payloads the way the Functions host does (Azure/azure-functions-host:
/// <c>ScriptInvocationContextExtensions.ToHttpScriptInvocationContext</c> and
/// <c>HttpRequestExtensions.GetRequestAsJObject</c>): <c>Data.req</c> as an object with Url, Method, Query,
/// Headers (arrays), Params, Identities and Body (only when there is one); trigger metadata values
/// serialized one by one (strings JSON-encoded twice, numbers as strings).
/// </summary>
public sealed class HttpInvocation
{
    private readonly Dictionary<string, string[]> _headers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);

    public HttpInvocation(string method, string pathAndQuery)
    {
        Method = method;
        PathAndQuery = pathAndQuery;
        _headers["Host"] = ["activity-func.azurewebsites.net"];
        _headers["User-Agent"] = ["test-client/1.0"];
    }

    public string Method { get; }

    public string PathAndQuery { get; }

    public string? Body { get; private set; }

    /// <summary>When true, Data.req arrives as a string holding its JSON (a double-encoded object).</summary>
    public bool RequestAsString { get; set; }

    /// <summary>When true, Body is JSON-encoded once more.</summary>
    public bool BodyTwice { get; set; }

    public HttpInvocation Header(string name, string value)
    {
        _headers[name] = [value];
        return this;
    }

    public HttpInvocation Bearer(string token) => Header("Authorization", "Bearer " + token);

    public HttpInvocation Param(string name, string value)
    {
        _params[name] = value;
        return this;
    }

    public HttpInvocation Json(string body, string contentType = "application/json")
    {
        Body = body;
        return Header("Content-Type", contentType).Header("Content-Length", Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public HttpInvocation WithConnectionInfo(string url, string accessToken)
    {
        ConnectionInfo = new JsonObject { ["url"] = url, ["accessToken"] = accessToken };
        return this;
    }

    public JsonObject? ConnectionInfo { get; private set; }

    public string ToJson()
    {
        var uri = new Uri("https://activity-func.azurewebsites.net" + PathAndQuery);
        var query = new JsonObject();
        foreach (var pair in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query))
        {
            query[pair.Key] = pair.Value.ToString();
        }

        var headers = new JsonObject();
        foreach (var (name, values) in _headers)
        {
            headers[name] = new JsonArray([.. values.Select(value => (JsonNode)value)]);
        }

        var parameters = new JsonObject();
        foreach (var (name, value) in _params)
        {
            parameters[name] = value;
        }

        var request = new JsonObject
        {
            ["Url"] = uri.ToString(),
            ["Method"] = Method,
            ["Query"] = query,
            ["Headers"] = headers,
            ["Params"] = parameters,
            ["Identities"] = new JsonArray(new JsonObject
            {
                ["AuthenticationType"] = null,
                ["IsAuthenticated"] = false,
                ["Actor"] = null,
                ["BootstrapContext"] = null,
                ["Claims"] = new JsonArray(),
                ["Label"] = null,
                ["Name"] = null,
                ["NameClaimType"] = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
                ["RoleClaimType"] = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            }),
        };
        if (Body is not null)
        {
            request["Body"] = BodyTwice ? FunctionsTestKit.Twice(Body) : Body;
        }

        var data = new JsonObject { ["req"] = RequestAsString ? request.ToJsonString() : request };
        if (ConnectionInfo is not null)
        {
            data["connectionInfo"] = ConnectionInfo;
        }

        var metadata = new JsonObject
        {
            ["Query"] = query.DeepClone(),
            ["Headers"] = headers.DeepClone(),
            ["sys"] = new JsonObject
            {
                ["MethodName"] = "Function",
                ["UtcNow"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["RandGuid"] = Guid.NewGuid().ToString(),
            },
        };
        foreach (var (name, value) in _params)
        {
            metadata[name] = FunctionsTestKit.Twice(value);
        }

        return new JsonObject { ["Data"] = data, ["Metadata"] = metadata }.ToJsonString();
    }
}

/// <summary>The handler's answer to a payload-mode invocation, parsed.</summary>
public sealed record InvocationAnswer(HttpStatusCode Status, string Text)
{
    public JsonNode Root => FunctionsTestKit.ParseNode(Text);

    public JsonObject Outputs => Root["Outputs"]!.AsObject();

    public JsonObject Res => Outputs["res"]!.AsObject();

    public int ResStatus => Res["statusCode"]!.GetValue<int>();

    public JsonObject ResHeaders => Res["headers"]!.AsObject();

    public string ResBodyText => Res["body"]!.GetValue<string>();

    public JsonNode ResBody => FunctionsTestKit.ParseNode(ResBodyText);

    public JsonArray SignalR => Outputs["signalRMessages"]!.AsArray();

    public static async Task<InvocationAnswer> PostAsync(HttpClient client, string function, string payload)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/" + function, content);
        return new InvocationAnswer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts the host would accept this answer as a successful invocation.</summary>
    public InvocationAnswer AssertInvocationSucceeded()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Invocation answered {(int)Status}: {Text}");
        Assert.NotNull(Root["Outputs"]);
        Assert.NotNull(Root["Logs"]);
        Assert.True(Root.AsObject().ContainsKey("ReturnValue"));
        return this;
    }
}
