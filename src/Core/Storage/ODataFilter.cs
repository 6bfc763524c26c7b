using Azure.Data.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// Builds OData <c>$filter</c> fragments with every value formatted and quoted by the SDK's
/// <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, so no caller input is ever read as
/// syntax. Property names are the code's own constants.
/// </summary>
public static class ODataFilter
{
    public static string Quote(string value) => TableClient.CreateQueryFilter($"{value}");

    public static string Equal(string property, string value) => property + TableClient.CreateQueryFilter($" eq {value}");

    public static string Equal(string property, bool value) => property + TableClient.CreateQueryFilter($" eq {value}");

    public static string Equal(string property, int value) => property + TableClient.CreateQueryFilter($" eq {value}");

    public static string NotEqual(string property, int value) => property + TableClient.CreateQueryFilter($" ne {value}");

    public static string Compare(string property, string op, string value) => $"{property} {op} {Quote(value)}";

    /// <summary>Any of the values (OR), in parentheses; null when there are none.</summary>
    public static string? AnyOf(string property, IReadOnlyList<string> values) =>
        values.Count == 0 ? null : "(" + string.Join(" or ", values.Select(value => Equal(property, value))) + ")";

    /// <summary>All clauses that are not null; each OR-clause must already be in parentheses.</summary>
    public static string And(IEnumerable<string?> clauses) => string.Join(" and ", clauses.OfType<string>());
}
