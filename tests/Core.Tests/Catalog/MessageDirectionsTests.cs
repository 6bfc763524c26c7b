using ActivityService.Core.Catalog;

namespace ActivityService.Core.Tests.Catalog;

public sealed class MessageDirectionsTests
{
    [Fact]
    public void Lists_the_four_directions_of_the_contract()
    {
        Assert.Equal(["pivot_to_client", "client_to_pivot", "to_pivot", "to_client"], MessageDirections.All);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("TO_CLIENT")]
    [InlineData("client_to_client")]
    public void Rejects_anything_else(string? direction)
    {
        Assert.False(MessageDirections.IsValid(direction));
    }
}
