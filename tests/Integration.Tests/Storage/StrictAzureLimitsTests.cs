using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Storage;

/// <summary>
/// Each limit Azure enforces and the emulator does not: with the strict limits on (as in every test)
/// the request is refused before it is sent; with them off the same request goes to the emulator.
/// </summary>
public sealed class StrictAzureLimitsTests
{
    [Fact]
    public Task Filter_with_16_comparisons_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("InvalidInput", table => DrainAsync(table, string.Join(" or ", Enumerable.Range(0, 16).Select(i => $"N eq {i}"))));

    [Fact]
    public Task Filter_over_2_KiB_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("RequestUrlTooLong", table => DrainAsync(table, $"PartitionKey eq '{new string('p', 2_100)}'"));

    [Fact]
    public Task Partition_key_over_1_KiB_of_UTF16_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("KeyValueTooLarge", table => table.AddEntityAsync(new TableEntity(new string('p', 513), "r")));

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0007b")]
    public Task Row_key_with_a_character_Azure_refuses_is_refused(string rowKey) =>
        AssertRefusedOnlyWhenStrictAsync("OutOfRangeInput", table => table.AddEntityAsync(new TableEntity("p", rowKey)));

    [Fact]
    public Task Point_read_of_a_key_Azure_refuses_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("OutOfRangeInput", table => table.GetEntityIfExistsAsync("p", "a#b"));

    [Fact]
    public Task Entity_of_256_properties_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("TooManyProperties", table =>
        {
            var entity = new TableEntity("p", "r");
            for (var i = 0; i < 253; i++)
            {
                entity[$"P{i}"] = i;
            }

            return table.UpsertEntityAsync(entity);
        });

    [Fact]
    public Task String_over_32K_characters_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("PropertyValueTooLarge", table =>
            table.AddEntityAsync(new TableEntity("p", "r") { ["Text"] = new string('x', AzureTableLimits.MaxStringChars + 1) }));

    [Fact]
    public Task Entity_over_1_MiB_by_Azure_formula_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("EntityTooLarge", table => table.AddEntityAsync(Large("r", 18, 'x')));

    [Fact]
    public Task Transaction_holding_an_entity_Azure_refuses_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("OutOfRangeInput", table =>
            table.SubmitTransactionAsync(new TableTransaction().Add(new TableEntity("p", "fine")).Add(new TableEntity("p", "not/fine"))));

    [Fact]
    public Task Transaction_over_4_MiB_is_refused() =>
        AssertRefusedOnlyWhenStrictAsync("RequestBodyTooLarge", table =>
        {
            // Each entity is within 1 MiB by Azure's formula; together their JSON passes 4 MiB.
            var batch = new TableTransaction();
            for (var i = 0; i < 5; i++)
            {
                batch.Add(Large($"r{i}", 15, '€'));
            }

            return table.SubmitTransactionAsync(batch);
        });

    private static TableEntity Large(string rowKey, int parts, char fill)
    {
        var entity = new TableEntity("p", rowKey);
        for (var i = 0; i < parts; i++)
        {
            entity[$"Part{i}"] = new string(fill, 30_000);
        }

        return entity;
    }

    private static async Task DrainAsync(TableClient table, string filter)
    {
        await foreach (var unused in table.QueryAsync(filter))
        {
        }
    }

    private static async Task AssertRefusedOnlyWhenStrictAsync(string errorCode, Func<TableClient, Task> operation)
    {
        var strict = await Azurite.CreateTableAsync("strict");
        using (var refused = StorageOperationCounter.Start())
        {
            var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => operation(strict));
            Assert.Equal(errorCode, error.ErrorCode);
            Assert.Equal(0, refused.Requests);
        }

        // The same request with the limits off reaches the emulator; what it answers is beside the point.
        var lax = TableClient.FromConnectionString(Azurite.ConnectionString, strict.Name, new TableClientOptions { Retry = { MaxRetries = 0 } });
        using var sent = StorageOperationCounter.Start();
        try
        {
            await operation(lax);
        }
        catch (TableRequestFailedException)
        {
        }

        Assert.True(sent.Requests >= 1, "with the strict limits off the request should have been sent");
    }
}
