using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// One listing filter, as a <c>$filter</c> fragment with the number of comparisons it costs, and the same
/// test evaluated by the service. Azure refuses a <c>$filter</c> of more than 15 comparisons, so a plan
/// sends what fits and evaluates the rest on the rows that come back.
/// </summary>
internal sealed record EntityCondition(string OData, int Comparisons, Func<TableEntity, bool> Matches)
{
    /// <summary>The property equals one of the values (OR).</summary>
    public static EntityCondition AnyOf(string property, IReadOnlyList<string> values)
    {
        var allowed = values.ToHashSet(StringComparer.Ordinal);
        return new EntityCondition(
            ODataFilter.AnyOf(property, values)!,
            values.Count,
            entity => entity.GetString(property) is { } value && allowed.Contains(value));
    }
}
