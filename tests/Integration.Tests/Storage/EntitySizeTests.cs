using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Storage;

/// <summary>
/// Every row a valid write stores fits Azure's 1 MiB entity limit counted as Azure counts it (strings at
/// 2 bytes a character), which Azurite does not enforce: relaxed escaping for stored JSON, and a history
/// budget that truncates long strings of an oversized diff with a marker.
/// </summary>
public sealed class EntitySizeTests
{
    private const string Acme = "acme";
    private const int OneMiB = 1024 * 1024;

    [Theory]
    [InlineData('<', '>')] // the default encoder writes each as six characters
    [InlineData('\u0001', '"')] // escaped even by the relaxed encoder: the history budget applies
    public async Task A_valid_50_property_patch_stores_only_rows_within_1_MiB(char before, char after)
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content() with { ContactId = "c1", Properties = Properties(before) });

        var outcome = await harness.Store.UpdateAsync(
            Acme,
            created.Id,
            new ActivityEdit(ActivityPrecondition.None, current => EditResult.Accept(current.Content with { Properties = Properties(after) })),
            ChangeContext.Api("admin"));

        Assert.Equal(WriteStatus.Done, outcome.Status);
        var sizes = new List<(string RowKey, long Size)>();
        await foreach (var page in harness.Table.QueryAsync($"PartitionKey eq '{Acme}'"))
        {
            sizes.AddRange(page.Values.Select(entity => (entity.RowKey, AzureSize(entity))));
        }

        Assert.All(sizes, row => Assert.True(row.Size <= OneMiB, $"{row.RowKey} takes {row.Size} bytes in Azure."));
        var history = (await harness.Store.GetHistoryAsync(Acme, created.Id, null, 10, null)).Page!.Items;
        Assert.Equal(50, history[^1].Changes.Count);
    }

    [Fact]
    public async Task A_truncated_history_entry_marks_each_cut_value()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content() with { Properties = Properties('\u0001') });

        await harness.Store.UpdateAsync(
            Acme,
            created.Id,
            new ActivityEdit(ActivityPrecondition.None, current => EditResult.Accept(current.Content with { Properties = Properties('\u0002') })),
            ChangeContext.Api("admin"));

        var change = (await harness.Store.GetHistoryAsync(Acme, created.Id, null, 10, null)).Page!.Items[^1].Changes[0];
        Assert.EndsWith("…[truncated, 1000 characters]", change.Current!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith(new string('\u0002', 256), change.Current!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonElement> Properties(char fill) =>
        Enumerable.Range(0, ActivityRules.MaxPropertyCount)
            .ToDictionary(i => "p" + i, _ => JsonSerializer.SerializeToElement(new string(fill, ActivityRules.MaxPropertyStringLength)), StringComparer.Ordinal);

    /// <summary>Azure's entity size: 4 + keys at 2 bytes a character + per property 8 + name at 2 bytes + value.</summary>
    private static long AzureSize(TableEntity entity) =>
        4 + (entity.PartitionKey.Length * 2) + (entity.RowKey.Length * 2)
        + entity.Properties.Sum(pair => 8L + (pair.Key.Length * 2) + pair.Value switch
        {
            string text => 4 + (text.Length * 2),
            bool => 1,
            int => 4,
            byte[] bytes => 4 + bytes.Length,
            Guid => 16,
            _ => 8,
        });
}
