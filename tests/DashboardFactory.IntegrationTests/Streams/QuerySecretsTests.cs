using DashboardFactory.Api.Streams;

namespace DashboardFactory.IntegrationTests.Streams;

public sealed class QuerySecretsTests
{
    [Theory]
    [InlineData("GET http://h/hubs/cockpit?access_token=op-1.s3cr3t&id=x", "GET http://h/hubs/cockpit?access_token=***&id=x")]
    [InlineData("GET /api/streams/kpis/oee?period=minute&ticket=tkt_abc-DEF_1", "GET /api/streams/kpis/oee?period=minute&ticket=***")]
    [InlineData("?ACCESS_TOKEN=abc#frag", "?ACCESS_TOKEN=***#frag")]
    [InlineData("/cockpits/c-1?access_token%3Dabc%26x", "/cockpits/c-1?access_token%3D***")]
    [InlineData("Request finished /api/users 200", "Request finished /api/users 200")]
    public void TokensAndTicketsInQueryStringsAreMasked(string text, string masked) => QuerySecrets.Redact(text).Should().Be(masked);

    [Theory]
    [InlineData("kpi:oee", "kpi", "oee")]
    [InlineData("cockpit:op-1.main", "cockpit", "op-1.main")]
    [InlineData("alerts", "alerts", null)]
    public void ScopesAreParsed(string text, string kind, string? id)
    {
        StreamScope.TryParse(text, out var scope).Should().BeTrue();
        scope!.Kind.Should().Be(kind);
        scope.Id.Should().Be(id);
        scope.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("kpi:")]
    [InlineData("kpi:not ok")]
    [InlineData("cockpits:c-1")]
    [InlineData("alerts:x")]
    [InlineData("")]
    [InlineData(null)]
    public void OtherScopesAreNot(string? text) => StreamScope.TryParse(text, out _).Should().BeFalse();
}
