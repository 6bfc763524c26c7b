using System.Globalization;
using ActivityService.Core.Activities;

namespace ActivityService.Functions.Http;

/// <summary>
/// Reads query parameters strictly: an unknown parameter or a bad value is a field error (contract §4: 400),
/// never silently ignored. List values are comma-separated, at most <see cref="MaxListValues"/>. A repeated
/// parameter means its values joined by commas (<c>?status=a&amp;status=b</c> is <c>status=a,b</c>): that is
/// what the Functions host makes of a forwarded query, so both hosting modes read it the same way.
/// </summary>
public sealed class QueryReader
{
    private readonly IQueryCollection _query;
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public QueryReader(IQueryCollection query, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(allowed);
        _query = query;
        foreach (var (name, values) in query)
        {
            if (!allowed.Contains(name))
            {
                Error(name, "Unknown query parameter.");
            }
        }
    }

    /// <summary>Contract §4: a list parameter takes at most 20 values.</summary>
    public const int MaxListValues = 20;

    public bool IsValid => _errors.Count == 0;

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public string? Text(string name, Func<string, bool>? isValid = null, string? rule = null)
    {
        if (Raw(name) is not { } value)
        {
            return null;
        }

        if (value.Length == 0 || (isValid is not null && !isValid(value)))
        {
            Error(name, rule ?? "Invalid value.");
            return null;
        }

        return value;
    }

    public IReadOnlyList<string> List(string name, Func<string, bool> isValid, string rule)
    {
        if (Raw(name) is not { } value)
        {
            return [];
        }

        var items = value.Split(',').Select(item => item.Trim()).ToList();
        if (items.Count > MaxListValues)
        {
            Error(name, $"At most {MaxListValues} values.");
            return [];
        }

        if (items.Any(item => item.Length == 0 || !isValid(item)))
        {
            Error(name, rule);
            return [];
        }

        return items.Distinct(StringComparer.Ordinal).ToList();
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (Raw(name) is not { } value)
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Error(name, $"Must be a whole number from {min} to {max}.");
            return fallback;
        }

        return number;
    }

    public bool? Bool(string name) => Raw(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => ErrorValue<bool?>(name, "Must be true or false."),
    };

    public DateTimeOffset? Time(string name)
    {
        if (Raw(name) is not { } value)
        {
            return null;
        }

        return Rfc3339.TryParse(value, out var time) ? time : ErrorValue<DateTimeOffset?>(name, "Must be an RFC 3339 time, e.g. 2026-01-15T10:30:00Z.");
    }

    public void Error(string name, string message)
    {
        if (!_errors.TryGetValue(name, out var messages))
        {
            _errors[name] = messages = [];
        }

        messages.Add(message);
    }

    private string? Raw(string name) => _query.TryGetValue(name, out var values) && values.Count > 0 ? string.Join(',', values.ToArray()) : null;

    private T? ErrorValue<T>(string name, string message)
    {
        Error(name, message);
        return default;
    }
}
