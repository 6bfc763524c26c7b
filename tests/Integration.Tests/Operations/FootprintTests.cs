using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage;
using ActivityService.Functions.Operations;
using ActivityService.Integration.Tests.Infrastructure;
using System.Text.Json;

namespace ActivityService.Integration.Tests.Operations;

/// <summary>The per-tenant footprint counts a tenant's rows by kind and nothing of other tenants.</summary>
public sealed class FootprintTests
{
    [Fact]
    public async Task The_footprint_verb_counts_one_tenants_rows_by_kind()
    {
        var harness = await StoreHarness.CreateAsync();
        var company = "fp-" + Guid.NewGuid().ToString("N")[..10];
        var kept = await harness.CreateAsync(company, StoreHarness.Content("One", contactId: "c1"), new IdempotencyKey("admin", "k1", "h1"));
        var deleted = await harness.CreateAsync(company, StoreHarness.Content("Two"));
        await harness.Store.DeleteAsync(company, deleted.Id, new ActivityPrecondition(), ChangeContext.Api("boss"));
        await harness.CreateAsync("fp-other-" + Guid.NewGuid().ToString("N")[..8], StoreHarness.Content("Elsewhere"));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await FootprintCommand.RunAsync(
            [FootprintCommand.Verb, company, "--Storage:ConnectionString=" + Azurite.ConnectionString, "--Storage:TableName=" + harness.Table.Name],
            output,
            error);

        Assert.Equal(0, exit);
        var rows = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("rows");
        Assert.Equal(1, rows.GetProperty("activities").GetInt32());
        Assert.Equal(1, rows.GetProperty("company_feed_copies").GetInt32());
        Assert.Equal(2, rows.GetProperty("user_feed_copies").GetInt32());
        Assert.Equal(1, rows.GetProperty("user_read_states").GetInt32());
        Assert.Equal(3, rows.GetProperty("history").GetInt32());
        Assert.Equal(2, rows.GetProperty("timeline_copies").GetInt32());
        Assert.Equal(1, rows.GetProperty("tombstones").GetInt32());
        Assert.Equal(1, rows.GetProperty("idempotency_keys").GetInt32());
        Assert.Equal(0, rows.GetProperty("inbox_markers").GetInt32());
        var footprint = await TenantFootprint.CountAsync(harness.Table, company);
        Assert.Equal(footprint.Total, JsonDocument.Parse(output.ToString()).RootElement.GetProperty("total").GetInt64());
        Assert.NotNull(kept);
    }

    [Fact]
    public async Task The_footprint_verb_without_a_company_prints_its_usage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, await FootprintCommand.RunAsync([FootprintCommand.Verb], output, error));
        Assert.Contains("usage", error.ToString(), StringComparison.Ordinal);
    }
}
