namespace DashboardFactory.Api.Cockpits;

/// <summary>The cockpit's own CSS.</summary>
public sealed record CockpitThemeResponse(string Css);
