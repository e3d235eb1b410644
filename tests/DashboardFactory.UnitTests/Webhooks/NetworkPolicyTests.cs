using System.Net;
using DashboardFactory.Webhooks;

namespace DashboardFactory.UnitTests.Webhooks;

public sealed class NetworkPolicyTests
{
    private static readonly NetworkPolicy Default = new([]);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("10.20.30.40", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.10", "private")]
    [InlineData("100.64.1.1", "private")]
    [InlineData("::ffff:192.168.0.10", "private")]
    [InlineData("64:ff9b::10.0.0.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::fb", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "reserved")]
    public void InternalAddressesAreRefusedByDefault(string address, string kind) =>
        Default.RefusalOf(IPAddress.Parse(address)).Should().Be(kind, "{0} is {1}", address, kind);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    public void PublicAddressesMayBeReached(string address) =>
        Default.RefusalOf(IPAddress.Parse(address)).Should().BeNull("{0} is a public address", address);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public void TheAllowListAdmitsItsRangesInEitherForm(string address) =>
        new NetworkPolicy([IpNetwork.Parse("127.0.0.0/8")]).RefusalOf(IPAddress.Parse(address)).Should().BeNull();

    [Fact]
    public void TheAllowListAdmitsOnlyItsRanges()
    {
        var policy = new NetworkPolicy([IpNetwork.Parse("10.1.0.0/16"), IpNetwork.Parse("fd00::/8")]);

        policy.RefusalOf(IPAddress.Parse("10.1.2.3")).Should().BeNull();
        policy.RefusalOf(IPAddress.Parse("fd00::5")).Should().BeNull();
        policy.RefusalOf(IPAddress.Parse("10.2.0.1")).Should().Be("private");
        policy.RefusalOf(IPAddress.Parse("::1")).Should().Be("loopback");
    }

    [Theory]
    [InlineData("127.0.0.0/8", true)]
    [InlineData("::1/128", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("10.0.0.0", false)]
    [InlineData("banana/8", false)]
    [InlineData("fe80::/129", false)]
    public void CidrRangesAreParsedStrictly(string text, bool valid) => IpNetwork.TryParse(text, out _).Should().Be(valid);

    [Fact]
    public void AnAllowListEntryThatIsNotACidrRangeFailsTheOptions() =>
        new WebhookOptions { AllowedNetworks = ["127.0.0.1"] }.Problems().Should().ContainSingle(p => p.Contains("AllowedNetworks"));
}
