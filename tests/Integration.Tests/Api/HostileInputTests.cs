using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActivityService.Core.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// What a hostile client sends, against every route: broken and invalid JSON, oversized and deeply nested
/// bodies, control characters and traversal in ids, injection-like query values, forged, expired and
/// ambiguous tokens, foreign cursors. Every answer is a 4xx problem (or, for a query value that is a legal
/// id, an empty page), never a 5xx, and the tenant's partition is byte-for-byte the same afterwards.
/// </summary>
public sealed class HostileInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly byte[][] BrokenBodies =
    [
        Encoding.UTF8.GetBytes("""{"title":"""),
        Encoding.UTF8.GetBytes("""{"title":"x",}"""),
        Encoding.UTF8.GetBytes("""{"title":'x'}"""),
        Encoding.UTF8.GetBytes("[]"),
        Encoding.UTF8.GetBytes("null"),
        Encoding.UTF8.GetBytes("\"title\""),
        Encoding.UTF8.GetBytes("""{"title":"x","title":"y","id":"01KAAAAAAAAAAAAAAAAAAAAAAA"}"""),
        Encoding.UTF8.GetBytes("""{"title":"x","\ud800":1}"""),
        Encoding.UTF8.GetBytes("""{"title":"x\udfff","read_at":"\ud83d"}"""),
        [.. Encoding.UTF8.GetBytes("{\"title\":\"x\",\""), 0xC0, 0xAF, .. Encoding.UTF8.GetBytes("\":1}")],
        [.. Encoding.UTF8.GetBytes("{\"title\":\""), 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes("\"}")],
        Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)),
        Encoding.UTF8.GetBytes("{\"title\":\"" + new string('x', 70_000) + "\"}"),
        Encoding.UTF8.GetBytes("""{"title":"x","user_id":"a\u0000b","contact_id":"../../etc/passwd"}"""),
        Encoding.UTF8.GetBytes("""{"title":"x","user_id":"a\nb"}"""),
        Encoding.UTF8.GetBytes("""{"title":"x","properties":{"a":{"b":{"c":1}}}}"""),
        Encoding.UTF8.GetBytes("{\"title\":\"x\",\"user_id\":\"" + new string('漢', 128) + "\"}"),
        Encoding.UTF8.GetBytes("""{"title":"x","read_at":"yesterday","seen_at":"x","version":99,"company_id":"other"}"""),
    ];

    private static readonly string[] HostileIds =
    [
        // Not here: "a%00b" (Kestrel refuses a NUL in a path before the app) and "%2E%2E" (dot segments
        // are resolved first, so the request lands on another route).
        "..%2F..%2Fetc%2Fpasswd", "a%01b", "a%0Ab", "a%7F", "%E2%80%AE", "a%27%20or%20%271%27%3D%271",
        Uri.EscapeDataString(new string('漢', 200)), new string('A', 2_000), "%FF%FE",
    ];

    private static readonly string[] InjectionValues =
    [
        "x' or 'a' eq 'a", "') or (PartitionKey ne '", "$filter=true", "<script>alert(1)</script>", "%00", "a\u0001b",
        "../../x", "*", new string('x', 3_000), "漢字", "1;DROP TABLE", "\u202e",
    ];

    [Fact]
    public async Task Hostile_requests_get_a_4xx_problem_and_change_nothing()
    {
        var company = ApiFixture.NewCompany("hostile");
        using var admin = await api.AdminAsync(company, "u1");
        using var staff = await api.StaffAsync(company, "u1");
        var activity = await admin.CreateActivityAsync(new { title = "seeded", user_id = "u1", contact_id = "c1", status = "pending" });
        await admin.CreateActivityAsync(new { title = "second", user_id = "u2" });
        var id = activity.Id();
        using var foreignAdmin = await api.AdminAsync(ApiFixture.NewCompany("foreign"), "u1");
        await foreignAdmin.CreateActivityAsync(new { title = "foreign", user_id = "u1" });
        await foreignAdmin.CreateActivityAsync(new { title = "foreign 2", user_id = "u1" });
        var (_, foreignCursor) = await foreignAdmin.PageAsync(Activities + "?limit=1");
        var (_, ownForeignCursor) = await foreignAdmin.PageAsync(MyActivities + "?limit=1");
        var before = await SnapshotAsync(company);
        var failures = new List<string>();

        // Bodies: create, both patches, the dev token.
        foreach (var body in BrokenBodies)
        {
            await ExpectProblemAsync(failures, admin, HttpMethod.Post, Activities, body, "application/json");
            await ExpectProblemAsync(failures, admin, HttpMethod.Patch, Activities + "/" + id, body, "application/merge-patch+json");
            await ExpectProblemAsync(failures, staff, HttpMethod.Patch, MyActivities + "/" + id, body, "application/merge-patch+json");
            await ExpectProblemAsync(failures, api.Anonymous(), HttpMethod.Post, "/api/dev/token", body, "application/json");
        }

        // Ids: control characters, traversal, over-long, invalid percent-encoding.
        foreach (var hostileId in HostileIds)
        {
            foreach (var (client, method, path) in new[]
            {
                (admin, HttpMethod.Get, Activities + "/" + hostileId),
                (admin, HttpMethod.Patch, Activities + "/" + hostileId),
                (admin, HttpMethod.Delete, Activities + "/" + hostileId),
                (admin, HttpMethod.Get, Activities + "/" + hostileId + "/history"),
                (staff, HttpMethod.Get, MyActivities + "/" + hostileId),
                (staff, HttpMethod.Patch, MyActivities + "/" + hostileId),
                (staff, HttpMethod.Delete, MyActivities + "/" + hostileId),
                (staff, HttpMethod.Get, MyActivities + "/" + hostileId + "/history"),
            })
            {
                var body = method == HttpMethod.Patch ? Encoding.UTF8.GetBytes("""{"title":"changed"}""") : null;
                await ExpectProblemAsync(failures, client, method, path, body, "application/merge-patch+json");
            }
        }

        // A contact id in a path that is a legal identifier simply has no timeline.
        foreach (var hostileId in HostileIds)
        {
            await ExpectProblemOrEmptyAsync(failures, admin, "/api/contacts/" + hostileId + "/timeline");
        }

        // Injection-like values in every query parameter of every listing.
        var listings = new (HttpClient Client, string Path, string[] Parameters)[]
        {
            (admin, Activities, ["user_id", "external_id", "contact_id", "visitor_id", "customer_id", "relation_type", "relation_id", "activity_type", "message_type", "direction", "status", "read", "created_from", "created_to", "sort", "limit", "cursor"]),
            (staff, MyActivities, ["contact_id", "activity_type", "status", "read", "created_from", "sort", "limit", "cursor"]),
            (admin, Activities + "/" + id + "/history", ["limit", "cursor"]),
            (admin, "/api/contacts/c1/timeline", ["activity_type", "activity_id", "sort", "limit", "cursor"]),
            (admin, "/api/rejected-events", ["limit", "cursor"]),
            (staff, "/api/activity-message-types", ["activity_type", "direction"]),
        };
        foreach (var (client, path, parameters) in listings)
        {
            foreach (var parameter in parameters)
            {
                foreach (var value in InjectionValues)
                {
                    await ExpectProblemOrEmptyAsync(failures, client, path + "?" + parameter + "=" + Uri.EscapeDataString(value));
                }
            }
        }

        // Foreign cursors: another tenant's, another scope's.
        await ExpectProblemAsync(failures, admin, HttpMethod.Get, Activities + "?limit=1&cursor=" + Uri.EscapeDataString(foreignCursor!), null, null);
        await ExpectProblemAsync(failures, staff, HttpMethod.Get, MyActivities + "?limit=1&cursor=" + Uri.EscapeDataString(ownForeignCursor!), null, null);
        await ExpectProblemAsync(failures, admin, HttpMethod.Get, Activities + "?limit=1&cursor=" + Uri.EscapeDataString(ownForeignCursor!), null, null);

        // Forged, expired and ambiguous tokens on every authenticated route.
        foreach (var token in BadTokens(company))
        {
            using var client = Tokens.Client(api, token);
            foreach (var (method, path) in new[]
            {
                (HttpMethod.Post, Activities), (HttpMethod.Get, Activities), (HttpMethod.Get, Activities + "/" + id),
                (HttpMethod.Patch, Activities + "/" + id), (HttpMethod.Delete, Activities + "/" + id), (HttpMethod.Get, Activities + "/" + id + "/history"),
                (HttpMethod.Get, MyActivities), (HttpMethod.Patch, MyActivities + "/" + id), (HttpMethod.Delete, MyActivities + "/" + id),
                (HttpMethod.Post, MarkRead), (HttpMethod.Get, UnreadCount), (HttpMethod.Get, "/api/contacts/c1/timeline"),
                (HttpMethod.Get, "/api/rejected-events"), (HttpMethod.Post, "/api/negotiate?negotiateVersion=1"),
            })
            {
                var body = method == HttpMethod.Post || method == HttpMethod.Patch ? Encoding.UTF8.GetBytes("""{"title":"x","read_at":null}""") : null;
                await ExpectProblemAsync(failures, client, method, path, body, method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json", HttpStatusCode.Unauthorized);
            }
        }

        // Headers: malformed If-Match, two Idempotency-Keys.
        foreach (var ifMatch in new[] { "", " ", "garbage", "\"1", "\"1\", \"2\"" })
        {
            using var patch = await admin.SendRawAsync(HttpMethod.Patch, Activities + "/" + id, """{"title":"changed"}""", "application/merge-patch+json", ifMatch);
            await Record(failures, patch, "PATCH If-Match " + ifMatch, expected: HttpStatusCode.BadRequest);
        }

        using (var twoKeys = new HttpRequestMessage(HttpMethod.Post, Activities) { Content = new StringContent("""{"title":"x"}""", Encoding.UTF8, "application/json") })
        {
            twoKeys.Headers.TryAddWithoutValidation("Idempotency-Key", ["a", "b"]);
            using var response = await admin.SendAsync(twoKeys);
            await Record(failures, response, "two Idempotency-Key headers", expected: HttpStatusCode.BadRequest);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(30)));
        var after = await SnapshotAsync(company);
        Assert.Equal(before, after);
    }

    private static IEnumerable<string> BadTokens(string company)
    {
        var claims = Tokens.Claims(company);
        var now = DateTime.UtcNow;
        yield return "garbage";
        yield return Tokens.Mint(claims, key: Tokens.OtherKey);
        yield return Tokens.Mint(claims, notBefore: now.AddHours(-2), expires: now.AddHours(-1));
        yield return Tokens.Unsigned(company);
        yield return Tokens.SignRaw(Tokens.Payload($"'sub':'u1','company_id':'{company}','role':['staff','admin']"));
        yield return Tokens.SignRaw(Tokens.Payload($"'sub':'u1','company_id':['{company}'],'role':'admin'"));
        yield return Tokens.SignRaw(Tokens.Payload("'sub':'u1','company_id':7,'role':'admin'"));
        yield return Tokens.SignRaw(Tokens.Payload($"'sub':'u1','company_id':'x','company_id':'{company}','role':'admin'"));
        yield return Tokens.SignRaw(Tokens.Payload($"'sub':'{new string('漢', 128)}','company_id':'{company}','role':'admin'"));
    }

    private static async Task ExpectProblemAsync(List<string> failures, HttpClient client, HttpMethod method, string path, byte[]? body, string? contentType, HttpStatusCode? expected = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        using var response = await client.SendAsync(request);
        await Record(failures, response, $"{method} {Shorten(path)} {Shorten(body is null ? "" : Encoding.UTF8.GetString(body))}", expected);
    }

    private static async Task ExpectProblemOrEmptyAsync(List<string> failures, HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            // A value that is a legal id or type simply matches nothing: an empty page, never a leak.
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (page.RootElement.GetProperty("data").GetArrayLength() != 0 && !path.StartsWith("/api/activity-message-types", StringComparison.Ordinal))
            {
                failures.Add($"GET {Shorten(path)} returned items");
            }

            return;
        }

        await Record(failures, response, "GET " + Shorten(path));
    }

    private static async Task Record(List<string> failures, HttpResponseMessage response, string what, HttpStatusCode? expected = null)
    {
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status is < 400 or >= 500 || mediaType != "application/problem+json" || (expected is { } e && response.StatusCode != e))
        {
            failures.Add($"{what} answered {status} {mediaType}: {Shorten(await response.Content.ReadAsStringAsync())}");
        }
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    /// <summary>Every row of the tenant's partition: keys, ETag and properties.</summary>
    private async Task<string> SnapshotAsync(string company)
    {
        var table = api.Server.Services.GetRequiredService<TableClient>();
        var rows = new List<string>();
        await foreach (var page in table.QueryAsync($"PartitionKey eq '{company}'"))
        {
            rows.AddRange(page.Values.Select(entity =>
                entity.RowKey + " " + entity.ETag + " " + JsonSerializer.Serialize(entity.Properties.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"))));
        }

        return string.Join('\n', rows);
    }
}
