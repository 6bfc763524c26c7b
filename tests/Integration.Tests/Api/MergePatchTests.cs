using System.Net;
using System.Text.Json;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Contract §5: PATCH is a JSON merge patch (RFC 7396) of the writable fields, validated as a whole.</summary>
public sealed class MergePatchTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Null_clears_a_field_and_absent_fields_stay()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job", description = "details", status = "pending", contact_id = "c-1" });

        var patched = await PatchOkAsync(admin, created, """{"description":null,"status":null}""");

        Assert.Equal(JsonValueKind.Null, patched.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("status").ValueKind);
        Assert.Equal("Job", patched.Text("title"));
        Assert.Equal("c-1", patched.Text("contact_id"));
        Assert.Equal(patched.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    [Fact]
    public async Task Properties_are_merged_key_by_key_and_null_deletes_a_key()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job", properties = new { keep = 1, drop = "x", change = false } });

        var patched = await PatchOkAsync(admin, created, """{"properties":{"drop":null,"change":true,"add":"new"}}""");

        var properties = patched.GetProperty("properties");
        Assert.Equal(["add", "change", "keep"], properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, properties.GetProperty("keep").GetInt32());
        Assert.True(properties.GetProperty("change").GetBoolean());
        Assert.Equal("new", properties.GetProperty("add").GetString());
    }

    [Fact]
    public async Task Properties_null_removes_every_property()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job", properties = new { a = 1, b = 2 } });

        var patched = await PatchOkAsync(admin, created, """{"properties":null}""");

        Assert.Empty(patched.GetProperty("properties").EnumerateObject());
    }

    [Fact]
    public async Task Empty_patch_changes_nothing()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job", status = "pending" });

        var patched = await PatchOkAsync(admin, created, "{}");

        Assert.Equal(created.GetRawText(), patched.GetRawText());
    }

    [Fact]
    public async Task Patch_is_validated_against_the_merged_result()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job", relation_type = "product", relation_id = "33333" });

        using var orphan = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { relation_type = (string?)null });

        await ProblemAssert.IsValidationProblemAsync(orphan, "relation_id");
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
        var cleared = await PatchOkAsync(admin, created, """{"relation_type":null,"relation_id":null}""");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("relation_id").ValueKind);
    }

    [Fact]
    public async Task Patch_that_breaks_the_catalog_combination_is_400()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new
        {
            title = "Meeting",
            activity_type = "Meeting",
            message_type = "schedule_invitation",
            direction = "pivot_to_client",
        });

        using var response = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { activity_type = "Invoice" });

        await ProblemAssert.IsValidationProblemAsync(response, "message_type");
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    [Fact]
    public async Task History_records_previous_and_current_values_of_each_changed_field()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job", status = "pending", properties = new { color = "red" } });
        await PatchOkAsync(admin, created, """{"status":"started","properties":{"color":"blue"}}""");

        var history = await admin.ListAllAsync(Activities + "/" + created.Id() + "/history");

        var changes = history[1].GetProperty("changes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("field").GetString()!, c => (c.GetProperty("previous").GetString(), c.GetProperty("current").GetString()));
        Assert.Equal(("pending", "started"), changes["status"]);
        Assert.Equal(("red", "blue"), changes["properties.color"]);
        Assert.Equal(2, changes.Count);
    }

    [Theory]
    [InlineData("""{"title":"renamed"}""", "title")]
    [InlineData("""{"status":"completed"}""", "status")]
    [InlineData("""{"user_id":"u2"}""", "user_id")]
    [InlineData("""{"properties":{"a":1}}""", "properties")]
    [InlineData("""{"read_at":null,"description":"sneaky"}""", "description")]
    public async Task Me_patch_naming_anything_but_read_at_is_400_and_changes_nothing(string patch, string field)
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var user = await api.StaffAsync(company, "u1");
        var created = await admin.CreateActivityAsync(new { title = "Yours", user_id = "u1", status = "pending" });

        using var response = await user.SendRawAsync(HttpMethod.Patch, MyActivities + "/" + created.Id(), patch, "application/merge-patch+json");

        await ProblemAssert.IsValidationProblemAsync(response, field);
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    private static async Task<JsonElement> PatchOkAsync(HttpClient admin, JsonElement activity, string patch)
    {
        using var response = await admin.SendRawAsync(HttpMethod.Patch, Activities + "/" + activity.Id(), patch, "application/merge-patch+json");
        return await ActivityAssert.IsActivityResponseAsync(response, HttpStatusCode.OK);
    }
}
