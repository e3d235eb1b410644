using DashboardFactory.Api.Auth;
using Microsoft.Extensions.Options;

namespace DashboardFactory.IntegrationTests.Auth;

public sealed class TokenSealTests
{
    private static readonly TokenSeal Seal = new(Options.Create(new AuthOptions { AdminToken = "admin-token-0123456789" }));

    [Fact]
    public void ASealedTokenOpensToTheGrainsToken()
    {
        var sealedToken = Seal.Seal("op-1.c2VjcmV0");

        Seal.TryOpen(sealedToken, out var inner).Should().BeTrue();
        inner.Should().Be("op-1.c2VjcmV0");
    }

    [Theory]
    [InlineData("op-1.c2VjcmV0")]
    [InlineData("op-1.c2VjcmV0.")]
    [InlineData(".AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("op-1.c2VjcmV0.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("op-1.c2VjcmV0.not base64!")]
    [InlineData("op-1.c2VjcmV0.AAAA")]
    [InlineData("")]
    public void AnythingWithoutTheRightMacStaysShut(string token)
    {
        Seal.TryOpen(token, out var inner).Should().BeFalse();
        inner.Should().BeEmpty();
    }

    [Fact]
    public void ChangingOneCharacterOfTheSecretBreaksTheMac()
    {
        var sealedToken = Seal.Seal("op-1.c2VjcmV0");

        Seal.TryOpen(sealedToken.Replace("c2Vj", "c2Vk", StringComparison.Ordinal), out _).Should().BeFalse();
    }

    [Fact]
    public void EveryOtherSpellingOfTheMacIsRefused()
    {
        var sealedToken = Seal.Seal("op-1.c2VjcmV0");
        var macStart = sealedToken.LastIndexOf('.') + 1;
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        var opened = (from position in Enumerable.Range(macStart, sealedToken.Length - macStart)
                      from c in alphabet
                      where c != sealedToken[position]
                      let variant = sealedToken[..position] + c + sealedToken[(position + 1)..]
                      where Seal.TryOpen(variant, out _)
                      select variant).ToList();

        opened.Should().BeEmpty("a MAC has one spelling (base64 decoders ignore the last character's unused bits)");
    }

    [Fact]
    public void AnotherKeyDoesNotOpenTheToken()
    {
        var other = new TokenSeal(Options.Create(new AuthOptions { AdminToken = "admin-token-0123456789", TokenKey = new string('k', 32) }));

        other.TryOpen(Seal.Seal("op-1.c2VjcmV0"), out _).Should().BeFalse();
    }
}
