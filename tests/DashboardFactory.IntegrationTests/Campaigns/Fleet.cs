using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Users;

namespace DashboardFactory.IntegrationTests.Campaigns;

/// <summary>Builds fleets and approved features for rollout tests.</summary>
public sealed class Fleet(IClusterClient client)
{
    public string Cohort { get; } = "k" + Guid.NewGuid().ToString("N")[..10];

    public async Task<List<string>> CockpitsAsync(int count, AutoUpdatePolicy? policy = null, string? cohort = null, string prefix = "c")
    {
        var ids = Enumerable.Range(0, count).Select(_ => $"{prefix}-{Guid.NewGuid():N}"[..20]).ToList();
        await Task.WhenAll(ids.Select(id => client.GetGrain<ICockpitGrain>(id)
            .CreateAsync(new NewCockpit("op-fleet", id, [cohort ?? Cohort], policy ?? AutoUpdatePolicy.Default), [])));
        return ids;
    }

    /// <summary>A feature whose SAFE release 1.0.0 for this fleet's cohort becomes approved, so its campaign starts.</summary>
    public async Task<(IFeatureGrain Feature, string CampaignId)> ApprovedFeatureAsync(
        ChangeType change = ChangeType.Safe, string version = "1.0.0", bool foundational = true)
    {
        var author = await UserAsync(UserRole.Optimizer);
        var feature = client.GetGrain<IFeatureGrain>($"feat-{Guid.NewGuid():N}"[..20]);
        await feature.CreateAsync(new NewFeature("Rollout widget", "", author));
        await feature.ProposeReleaseAsync(
            new ReleaseSpec(version, change, new WidgetRelease("kpi", "Rollout", 3, 2, "<p>new</p>\n", "", "{}"), InjectionMode.Smart, null, [],
                change == ChangeType.Breaking ? "Guide." : null, null, [Cohort]),
            new Caller(author, false));
        if (change != ChangeType.Safe)
        {
            await feature.ApproveReleaseAsync(version, "admin");
        }

        // Three approving votes make it foundational (100 %); two of three only approved (66.67 %).
        for (var i = 0; i < 3; i++)
        {
            await feature.VoteAsync(new Caller(await UserAsync(UserRole.Optimizer), false), foundational || i < 2);
        }

        return (feature, CampaignIds.For(feature.GetPrimaryKeyString(), version));
    }

    public async Task<CampaignView> FinishedAsync(string campaignId, TimeSpan? within = null)
    {
        var view = await Eventually.Async(
            () => client.GetGrain<ICampaignGrain>(campaignId).GetAsync(),
            v => v is { Status: not CampaignStatus.Running },
            within ?? TimeSpan.FromSeconds(60));
        view.Should().NotBeNull($"campaign {campaignId} should exist");
        view!.Status.Should().NotBe(CampaignStatus.Running, $"campaign {campaignId} should have finished: {view}");
        return view;
    }

    private async Task<string> UserAsync(UserRole role)
    {
        var id = $"u-{Guid.NewGuid():N}"[..20];
        await client.GetGrain<IUserGrain>(id).CreateAsync(new NewUser(id, role, 100));
        return id;
    }
}
