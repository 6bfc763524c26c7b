using ActivityService.Core.Activities;
using Microsoft.Extensions.Time.Testing;

namespace ActivityService.Core.Tests.Activities;

public sealed class ActivityIdsTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // The example of the ULID specification: 1469918176385 ms is "01ARYZ6S41".
    private static readonly DateTimeOffset SpecExampleTime = DateTimeOffset.FromUnixTimeMilliseconds(1469918176385);

    [Fact]
    public void Id_starts_with_the_clock_time_in_crockford_base32()
    {
        var ids = new ActivityIds(new FakeTimeProvider(SpecExampleTime));

        var (id, createdAt) = ids.Next();

        Assert.Equal(26, id.Length);
        Assert.StartsWith("01ARYZ6S41", id, StringComparison.Ordinal);
        Assert.Equal(SpecExampleTime, createdAt);
        Assert.True(ActivityIds.IsWellFormed(id));
    }

    [Fact]
    public void Created_at_is_the_clock_time_cut_to_milliseconds()
    {
        var ids = new ActivityIds(new FakeTimeProvider(SpecExampleTime.AddTicks(9_999)));

        var (_, createdAt) = ids.Next();

        Assert.Equal(SpecExampleTime, createdAt);
    }

    [Fact]
    public void First_id_at_the_unix_epoch_encodes_millisecond_zero()
    {
        var ids = new ActivityIds(new FakeTimeProvider(DateTimeOffset.UnixEpoch));

        var (id, createdAt) = ids.Next();

        Assert.Equal(DateTimeOffset.UnixEpoch, createdAt);
        Assert.StartsWith("0000000000", id, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_in_the_same_millisecond_count_up_by_one()
    {
        var ids = new ActivityIds(new FakeTimeProvider(SpecExampleTime));

        var (first, firstAt) = ids.Next();
        var (second, secondAt) = ids.Next();

        Assert.Equal(first[..10], second[..10]);
        Assert.Equal(RandomPart(first) + 1, RandomPart(second));
        Assert.Equal(firstAt, secondAt);
    }

    [Fact]
    public void A_clock_that_goes_back_keeps_ids_increasing_at_the_last_millisecond()
    {
        var clock = new WallClock(SpecExampleTime);
        var ids = new ActivityIds(clock);
        var (first, _) = ids.Next();

        clock.Now = SpecExampleTime.AddSeconds(-5);
        var (second, secondAt) = ids.Next();

        Assert.Equal(SpecExampleTime, secondAt);
        Assert.Equal(RandomPart(first) + 1, RandomPart(second));
        Assert.True(string.CompareOrdinal(first, second) < 0);
    }

    [Fact]
    public void A_later_millisecond_starts_a_later_id_with_its_own_time()
    {
        var clock = new FakeTimeProvider(SpecExampleTime);
        var ids = new ActivityIds(clock);
        var (first, _) = ids.Next();

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var (second, secondAt) = ids.Next();

        Assert.Equal(SpecExampleTime.AddMilliseconds(1), secondAt);
        Assert.Equal("01ARYZ6S42", second[..10]);
        Assert.True(string.CompareOrdinal(first, second) < 0);
    }

    [Fact]
    public void Random_part_uses_all_eighty_bits()
    {
        var clock = new FakeTimeProvider(SpecExampleTime);
        var ids = new ActivityIds(clock);
        var seen = Enumerable.Range(0, 16).Select(_ => new HashSet<char>()).ToArray();

        for (var i = 0; i < 300; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var (id, _) = ids.Next();
            for (var position = 10; position < 26; position++)
            {
                seen[position - 10].Add(id[position]);
            }
        }

        // 300 fresh draws of 5 random bits show far more than 16 of the 32 symbols at every position.
        Assert.All(seen, symbols => Assert.True(symbols.Count > 16, $"only {symbols.Count} symbols"));
    }

    [Fact]
    public void Lower_bound_is_the_time_followed_by_zeros()
    {
        Assert.Equal("01ARYZ6S41" + new string('0', 16), ActivityIds.LowerBound(SpecExampleTime));
    }

    [Fact]
    public void Lower_bound_of_a_time_before_the_epoch_is_all_zeros()
    {
        Assert.Equal(new string('0', 26), ActivityIds.LowerBound(DateTimeOffset.UnixEpoch.AddDays(-1)));
    }

    [Theory]
    [InlineData("01ARYZ6S41TSV4RRFFQ69G5FAV", true)]
    [InlineData("0000000000000000000000000Z", true)]
    [InlineData("01ARYZ6S41TSV4RRFFQ69G5FA", false)]
    [InlineData("01ARYZ6S41TSV4RRFFQ69G5FAVV", false)]
    [InlineData("01ARYZ6S41TSV4RRFFQ69G5FAI", false)]
    [InlineData("01ARYZ6S41TSV4RRFFQ69G5FAL", false)]
    [InlineData("01ARYZ6S41TSV4RRFFQ69G5FAO", false)]
    [InlineData("01ARYZ6S41TSV4RRFFQ69G5FAU", false)]
    [InlineData("01aryz6s41tsv4rrffq69g5fav", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Well_formed_means_26_characters_of_the_alphabet(string? id, bool expected)
    {
        Assert.Equal(expected, ActivityIds.IsWellFormed(id));
    }

    [Fact]
    public void Invert_mirrors_every_character_of_the_alphabet()
    {
        Assert.Equal(new string(Alphabet.Reverse().ToArray()), ActivityIds.Invert(Alphabet));
    }

    [Fact]
    public void Invert_reverses_the_order_and_undoes_itself()
    {
        var ids = new ActivityIds(new FakeTimeProvider(SpecExampleTime));
        var (older, _) = ids.Next();
        var (newer, _) = ids.Next();

        Assert.True(string.CompareOrdinal(ActivityIds.Invert(older), ActivityIds.Invert(newer)) > 0);
        Assert.Equal(older, ActivityIds.Invert(ActivityIds.Invert(older)));
    }

    /// <summary>A system clock can be set back (FakeTimeProvider only moves forward).</summary>
    private sealed class WallClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static UInt128 RandomPart(string id)
    {
        UInt128 value = 0;
        foreach (var c in id[10..])
        {
            value = (value << 5) | (uint)Alphabet.IndexOf(c, StringComparison.Ordinal);
        }

        return value;
    }
}
