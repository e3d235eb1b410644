using DashboardFactory.Cockpits;
using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Features;

/// <summary>A release that passes every rule, for tests to break one field at a time.</summary>
internal static class Releases
{
    public static WidgetRelease Widget { get; } =
        new("kpi", "Throughput", 3, 2, "<span class=\"value\">42</span>", ".value { font-size: 2em; }", """{"kpi":"throughput"}""");

    public static ReleaseSpec Spec(string version = "1.0.0", ChangeType change = ChangeType.Safe, string? migrationGuide = null) =>
        new(version, change, Widget, InjectionMode.Smart, null, [], migrationGuide, null, []);

    public static ReleaseRecord Record(ReleaseSpec spec, string? approvedBy) =>
        new(spec, "builder-1", DateTimeOffset.UnixEpoch, approvedBy, approvedBy is null ? null : DateTimeOffset.UnixEpoch.AddHours(1));
}
