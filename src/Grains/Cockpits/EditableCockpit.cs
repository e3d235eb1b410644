namespace DashboardFactory.Cockpits;

/// <summary>The part of a cockpit an operator's merge patch may change: the document, the auto-update policy and the cohorts.</summary>
public sealed record EditableCockpit(string DocumentJson, AutoUpdatePolicy AutoUpdate, IReadOnlyList<string> Cohorts);
