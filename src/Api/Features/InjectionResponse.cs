namespace DashboardFactory.Api.Features;

/// <summary>Where a release's widget goes: append | smart | quadrant, and the quadrant (nw | ne | sw | se) if any.</summary>
public sealed record InjectionResponse(string Mode, string? Quadrant);
