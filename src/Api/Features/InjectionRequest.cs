namespace DashboardFactory.Api.Features;

/// <summary>Where a release's widget goes: append | smart | quadrant (with nw | ne | sw | se).</summary>
public sealed record InjectionRequest(string? Mode, string? Quadrant);
