using DashboardFactory.Telemetry;
using Microsoft.Extensions.Configuration;

namespace DashboardFactory.UnitTests.Operations;

public sealed class TelemetryTests
{
    private static OtlpExport From(params (string Key, string Value)[] settings) =>
        OtlpExport.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void NothingIsExportedWithoutAnOtlpEndpoint()
    {
        From().Any.Should().BeFalse();
        From(("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), ("OTEL_SERVICE_NAME", "x")).Any.Should().BeFalse();
    }

    [Fact]
    public void TheCommonEndpointExportsEverySignal()
    {
        From(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")).Should().Be(new OtlpExport(true, true, true));
    }

    [Fact]
    public void ASignalEndpointExportsThatSignalOnly()
    {
        From(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces")).Should().Be(new OtlpExport(false, true, false));
    }

    [Fact]
    public void OtelSdkDisabledWins()
    {
        From(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_SDK_DISABLED", "true")).Any.Should().BeFalse();
    }

    [Theory]
    [InlineData(CockpitChange.Customized, "customized")]
    [InlineData(CockpitChange.Installed, "installed")]
    [InlineData(CockpitChange.Removed, "removed")]
    [InlineData(CockpitChange.Restored, "restored")]
    public void ACockpitChangeIsTaggedWithOneOfFourKinds(CockpitChange kind, string change)
    {
        FactoryMetrics.ChangeTag(kind).Should().Be(change);
    }
}
