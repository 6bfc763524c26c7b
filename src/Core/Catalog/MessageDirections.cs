namespace ActivityService.Core.Catalog;

/// <summary>The four values of an activity's <c>direction</c> (contract §3.3).</summary>
public static class MessageDirections
{
    /// <summary>Sent by the business to the client.</summary>
    public const string PivotToClient = "pivot_to_client";

    /// <summary>Sent by the client to the business.</summary>
    public const string ClientToPivot = "client_to_pivot";

    /// <summary>A system notification for the business side.</summary>
    public const string ToPivot = "to_pivot";

    /// <summary>A system notification for the client side.</summary>
    public const string ToClient = "to_client";

    public static IReadOnlyList<string> All { get; } = [PivotToClient, ClientToPivot, ToPivot, ToClient];

    public static bool IsValid(string? direction) => direction is not null && All.Contains(direction, StringComparer.Ordinal);
}
