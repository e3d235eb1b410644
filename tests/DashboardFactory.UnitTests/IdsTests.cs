namespace DashboardFactory.UnitTests;

public sealed class IdsTests
{
    [Theory]
    [InlineData("op-0042")]
    [InlineData("feat_999")]
    [InlineData("perfect_order")]
    [InlineData("a")]
    [InlineData("A.b-c_d")]
    public void IdsOfTheApiContractAreAccepted(string id) => Ids.IsValid(id).Should().BeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-leading")]
    [InlineData("_leading")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("colon:inside")]
    [InlineData("ünïcode")]
    [InlineData("x\n")]
    public void AnythingElseIsRefused(string? id) => Ids.IsValid(id).Should().BeFalse();

    [Fact]
    public void IdsAreAtMost64Characters()
    {
        Ids.IsValid(new string('a', 64)).Should().BeTrue();
        Ids.IsValid(new string('a', 65)).Should().BeFalse();
    }
}
