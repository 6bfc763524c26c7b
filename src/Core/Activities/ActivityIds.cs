using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ActivityService.Core.Activities;

/// <summary>
/// Time-ordered ids (the ULID layout: 10 Crockford base-32 characters of Unix milliseconds, then 16 of
/// randomness). Sorting ids as strings sorts by creation time, so a row key built from an id is a feed
/// position, and <see cref="Invert"/> gives the newest-first position. Within one millisecond the random
/// part counts up, so ids made by one process are strictly increasing.
/// </summary>
public sealed class ActivityIds(TimeProvider clock)
{
    public const int Length = 26;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly Lock _gate = new();
    private long _lastMilliseconds = -1;
    private readonly byte[] _random = new byte[10];

    /// <summary>A new id and the creation time it encodes (millisecond precision).</summary>
    public (string Id, DateTimeOffset CreatedAt) Next()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (now <= _lastMilliseconds)
            {
                now = _lastMilliseconds;
                Increment(_random);
            }
            else
            {
                RandomNumberGenerator.Fill(_random);
                _lastMilliseconds = now;
            }

            return (Encode(now, _random), DateTimeOffset.FromUnixTimeMilliseconds(now));
        }
    }

    /// <summary>The smallest id of the given millisecond: a bound for created-at ranges.</summary>
    public static string LowerBound(DateTimeOffset time) =>
        Encode(Math.Max(0, time.ToUnixTimeMilliseconds()), new byte[10]);

    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>Maps each character to its mirror in the alphabet, reversing the sort order.</summary>
    public static string Invert(string id) =>
        string.Create(id.Length, id, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = Alphabet[Alphabet.Length - 1 - Alphabet.IndexOf(source[i], StringComparison.Ordinal)];
            }
        });

    private static string Encode(long milliseconds, byte[] random)
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(milliseconds & 31)];
            milliseconds >>= 5;
        }

        // 80 random bits, big-endian, as 16 five-bit groups.
        var bits = new UInt128(((ulong)random[0] << 8) | random[1], BinaryPrimitives.ReadUInt64BigEndian(random.AsSpan(2)));
        for (var i = Length - 1; i >= 10; i--)
        {
            chars[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(chars);
    }

    private static void Increment(byte[] value)
    {
        for (var i = value.Length - 1; i >= 0; i--)
        {
            if (++value[i] != 0)
            {
                return;
            }
        }
    }
}
