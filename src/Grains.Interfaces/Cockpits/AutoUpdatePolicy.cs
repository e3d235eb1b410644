namespace DashboardFactory.Cockpits;

/// <summary>Whether the factory may update a cockpit by itself, and up to which change type.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.AutoUpdatePolicy")]
public sealed record AutoUpdatePolicy(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] ChangeType MaxChangeType)
{
    public static AutoUpdatePolicy Default { get; } = new(true, ChangeType.Reviewed);

    public bool Allows(ChangeType changeType) => Enabled && changeType <= MaxChangeType;
}
