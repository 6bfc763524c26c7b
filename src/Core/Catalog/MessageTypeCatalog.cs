using System.Collections.Frozen;

namespace ActivityService.Core.Catalog;

/// <summary>
/// The message-type catalog (contract §3.3, §5.6). Look-ups are exact and case-sensitive, like every other
/// enumerated value of the contract, so a stored activity always names a row verbatim.
/// </summary>
public static class MessageTypeCatalog
{
    /// <summary>The activity type a message belongs to when the activity has none.</summary>
    public const string GeneralActivityType = "General";

    private static readonly FrozenSet<(string ActivityType, string MessageType, string Direction)> Keys =
        MessageTypeCatalogRows.Rows
            .Select(row => (row.ActivityType, row.MessageType, row.Direction))
            .ToFrozenSet();

    /// <summary>Every row, in the order of the reference table.</summary>
    public static IReadOnlyList<MessageTypeEntry> All { get; } = Array.AsReadOnly(MessageTypeCatalogRows.Rows);

    /// <summary>The distinct activity types, in order of first appearance.</summary>
    public static IReadOnlyList<string> ActivityTypes { get; } =
        [.. MessageTypeCatalogRows.Rows.Select(row => row.ActivityType).Distinct(StringComparer.Ordinal)];

    /// <summary>Whether the combination is a catalog row; a null activity type means <c>General</c>.</summary>
    public static bool Contains(string? activityType, string messageType, string direction)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        ArgumentNullException.ThrowIfNull(direction);
        return Keys.Contains((activityType ?? GeneralActivityType, messageType, direction));
    }

    /// <summary>The rows matching both filters, in table order; a null filter matches everything.</summary>
    public static IReadOnlyList<MessageTypeEntry> Filter(string? activityType = null, string? direction = null) =>
    [
        .. All.Where(row =>
            (activityType is null || string.Equals(row.ActivityType, activityType, StringComparison.Ordinal)) &&
            (direction is null || string.Equals(row.Direction, direction, StringComparison.Ordinal))),
    ];
}
