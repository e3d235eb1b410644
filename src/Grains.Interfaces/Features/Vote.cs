namespace DashboardFactory.Features;

/// <summary>One voter's vote, weighted by their XP when they cast it; a later vote by the same voter replaces it.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.Vote")]
public sealed record Vote(
    [property: Id(0)] string VoterId,
    [property: Id(1)] bool Approve,
    [property: Id(2)] int Xp,
    [property: Id(3)] DateTimeOffset At);
