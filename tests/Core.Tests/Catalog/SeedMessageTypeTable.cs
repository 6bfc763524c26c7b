using ActivityService.Core.Catalog;

namespace ActivityService.Core.Tests.Catalog;

/// <summary>
/// Reads the seed message-type table, <c>Fixtures/message-types.md</c> (facts from the reference
/// message-type catalog document; the build copies it beside the test binaries): its markdown rows
/// with four cells.
/// </summary>
internal static class SeedMessageTypeTable
{
    private const string HeaderFirstCell = "Activity Type";

    private static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Catalog", "Fixtures", "message-types.md");

    public static IReadOnlyList<MessageTypeEntry> Read()
    {
        var rows = new List<MessageTypeEntry>();
        foreach (var line in File.ReadLines(FixturePath))
        {
            if (!line.StartsWith("| ", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
            if (cells.Length != 4)
            {
                throw new FormatException($"Seed table row without four cells: {line}");
            }

            if (cells[0] != HeaderFirstCell)
            {
                rows.Add(new MessageTypeEntry(cells[0], cells[1], cells[2], cells[3]));
            }
        }

        return rows;
    }
}
