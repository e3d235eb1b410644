namespace DashboardFactory.Ops;

/// <summary>A flag's health and every reason for it, in words, the reasons that block first.</summary>
public sealed record FlagVerdict(FlagHealthLevel Health, IReadOnlyList<string> Reasons);
