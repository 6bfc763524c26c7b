using System.Globalization;

namespace ActivityService.Core.Storage;

/// <summary>Builds OData <c>$filter</c> fragments with values quoted, so no caller input is ever read as syntax.</summary>
public static class ODataFilter
{
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Equal(string property, string value) => $"{property} eq {Quote(value)}";

    public static string Equal(string property, bool value) => $"{property} eq {(value ? "true" : "false")}";

    public static string Equal(string property, int value) => $"{property} eq {value.ToString(CultureInfo.InvariantCulture)}";

    public static string NotEqual(string property, int value) => $"{property} ne {value.ToString(CultureInfo.InvariantCulture)}";

    public static string Compare(string property, string op, string value) => $"{property} {op} {Quote(value)}";

    /// <summary>Any of the values (OR), in parentheses; null when there are none.</summary>
    public static string? AnyOf(string property, IReadOnlyList<string> values) =>
        values.Count == 0 ? null : "(" + string.Join(" or ", values.Select(value => Equal(property, value))) + ")";

    /// <summary>All clauses that are not null; each OR-clause must already be in parentheses.</summary>
    public static string And(IEnumerable<string?> clauses) => string.Join(" and ", clauses.OfType<string>());
}
