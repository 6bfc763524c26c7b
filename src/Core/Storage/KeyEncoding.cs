using System.Text;

namespace ActivityService.Core.Storage;

/// <summary>
/// Makes a caller-supplied id safe inside a row key: letters, digits and <c>- _ . @ :</c> pass through,
/// every other byte of its UTF-8 becomes <c>~HH</c>. The separator <c>|</c> is always escaped, so
/// <c>u|a|b|…</c> can never be read as user <c>a</c> and the prefix of one id never covers another's rows.
/// </summary>
public static class KeyEncoding
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.All(IsPlain))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && IsPlain((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                builder.Append('~').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The length of <see cref="Escape"/>'s result, without building it.</summary>
    public static int EscapedLength(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            length += rune.IsAscii && IsPlain((char)rune.Value) ? 1 : 3 * rune.Utf8SequenceLength;
        }

        return length;
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or ':';
}
