namespace DashboardFactory.Cockpits;

/// <summary>Why a rollout leaves a cockpit alone: a <see cref="Previews.SkipReasons"/> key and the sentence the campaign records.</summary>
public sealed record RolloutSkip(string Key, string Reason);
