using System.Security.Cryptography;
using System.Text;
using DashboardFactory.Webhooks;

namespace DashboardFactory.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void TheSignerReproducesTheStandardWebhooksReferenceVector()
    {
        // The test vector of the Standard Webhooks reference libraries (secret, id, timestamp, payload → signature).
        var key = WebhookSecrets.KeyOf("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        var signature = WebhookSigner.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""", [key]);

        signature.Should().Be("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    [Fact]
    public void TwoKeysGiveTwoSpaceSeparatedSignaturesCurrentFirst()
    {
        var current = RandomNumberGenerator.GetBytes(32);
        var previous = RandomNumberGenerator.GetBytes(32);

        var header = WebhookSigner.Sign("evt_1", 1700000000, "{}", [current, previous]);

        var parts = header.Split(' ');
        parts.Should().HaveCount(2);
        parts[0].Should().Be("v1," + Convert.ToBase64String(HMACSHA256.HashData(current, Encoding.UTF8.GetBytes("evt_1.1700000000.{}"))));
        parts[1].Should().Be("v1," + Convert.ToBase64String(HMACSHA256.HashData(previous, Encoding.UTF8.GetBytes("evt_1.1700000000.{}"))));
    }

    [Fact]
    public void NewSecretsAreWhsecAndBase64OfThirtyTwoRandomBytes()
    {
        var a = WebhookSecrets.New();
        var b = WebhookSecrets.New();

        a.Should().StartWith("whsec_").And.NotBe(b);
        Convert.FromBase64String(a["whsec_".Length..]).Should().HaveCount(32);
        WebhookSecrets.TryKeyOf("whsec_" + Convert.ToBase64String(new byte[16]), out _).Should().BeFalse("fewer than 24 bytes is too weak");
        WebhookSecrets.TryKeyOf("not-a-secret", out _).Should().BeFalse();
    }

    [Fact]
    public async Task ProtectedSecretsRoundTripOnlyForTheirOwnWebhookAndDoNotShowTheSecret()
    {
        var protector = new SecretProtector(new FixedKey(RandomNumberGenerator.GetBytes(32)));
        var secret = WebhookSecrets.New();

        var stored = await protector.ProtectAsync("wh_a", secret);

        stored.Should().StartWith("v1.").And.NotContain(secret["whsec_".Length..]);
        (await protector.UnprotectAsync("wh_a", stored)).Should().Be(secret);
        var moved = () => protector.UnprotectAsync("wh_b", stored);
        await moved.Should().ThrowAsync<CryptographicException>("a ciphertext copied onto another webhook does not decrypt");
        (await protector.ProtectAsync("wh_a", secret)).Should().NotBe(stored, "every encryption takes a fresh nonce");
    }

    private sealed class FixedKey(byte[] key) : IWebhookKeySource
    {
        public ValueTask<byte[]> GetKeyAsync() => ValueTask.FromResult(key);
    }
}
