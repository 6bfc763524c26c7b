using System.Text;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// Stores a string longer than one property allows (64 KiB, i.e. 32K UTF-16 characters) across
/// numbered properties <c>Name</c>, <c>Name_1</c>, <c>Name_2</c>, … and reads it back.
/// </summary>
public static class LargeText
{
    public const int MaxCharsPerProperty = 32_000;

    public static void Write(TableEntity entity, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (value is null)
        {
            return;
        }

        for (int offset = 0, part = 0; offset < value.Length || part == 0; offset += MaxCharsPerProperty, part++)
        {
            var chunk = value.Substring(offset, Math.Min(MaxCharsPerProperty, value.Length - offset));
            entity[PartName(name, part)] = chunk;
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetString(name) is not { } first)
        {
            return null;
        }

        var builder = new StringBuilder(first);
        for (var part = 1; entity.GetString(PartName(name, part)) is { } next; part++)
        {
            builder.Append(next);
        }

        return builder.ToString();
    }

    private static string PartName(string name, int part) =>
        part == 0 ? name : $"{name}_{part}";
}
