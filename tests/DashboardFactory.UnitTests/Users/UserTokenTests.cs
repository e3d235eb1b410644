using DashboardFactory.Users;

namespace DashboardFactory.UnitTests.Users;

public sealed class UserTokenTests
{
    [Theory]
    [InlineData("op-0042")]
    [InlineData("a.b.c")]
    [InlineData("feat_999")]
    public void AFormattedTokenParsesBackToItsUserAndSecret(string userId)
    {
        var secret = UserToken.NewSecret();

        UserToken.TryParse(UserToken.Format(userId, secret), out var parsedId, out var parsedSecret).Should().BeTrue();

        parsedId.Should().Be(userId);
        parsedSecret.Should().Be(secret);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nodot")]
    [InlineData(".secret")]
    [InlineData("user.")]
    public void MalformedTokensDoNotParse(string token) =>
        UserToken.TryParse(token, out _, out _).Should().BeFalse();

    [Fact]
    public void SecretsAreRandomUrlSafeAndCarry256Bits()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => UserToken.NewSecret()).ToList();

        secrets.Should().OnlyHaveUniqueItems();
        secrets.Should().AllSatisfy(s =>
        {
            s.Should().HaveLength(43);
            s.Should().MatchRegex("^[A-Za-z0-9_-]+$");
        });
    }

    [Fact]
    public void OnlyTheSecretThatWasHashedMatchesTheHash()
    {
        var secret = UserToken.NewSecret();
        var hash = UserToken.Hash(secret);

        hash.Should().NotContain(secret);
        UserToken.Matches(secret, hash).Should().BeTrue();
        UserToken.Matches(UserToken.NewSecret(), hash).Should().BeFalse();
        UserToken.Matches(secret, null).Should().BeFalse();
        UserToken.Matches(secret, "not-hex").Should().BeFalse();
    }
}
