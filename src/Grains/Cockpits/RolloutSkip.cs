using DashboardFactory.Previews;

namespace DashboardFactory.Cockpits;

/// <summary>Why a rollout leaves a cockpit alone: the outcome as a value, and the sentence the campaign records.</summary>
public sealed record RolloutSkip(UpdateCode Code, string Reason)
{
    /// <summary>The <see cref="SkipReasons"/> key a preview counts it under.</summary>
    public string Key => Code switch
    {
        UpdateCode.CockpitMissing => SkipReasons.Missing,
        UpdateCode.PolicyRefuses => SkipReasons.Policy,
        _ => SkipReasons.Installed,
    };
}
