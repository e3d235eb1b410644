using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.Rollbacks;
using DashboardFactory.Users;

namespace DashboardFactory.IntegrationTests.Rollbacks;

/// <summary>A fleet with a bad widget installed, for rollback tests.</summary>
public sealed class RollbackFleet(IClusterClient client)
{
    public string FeatureId { get; } = $"feat-{Guid.NewGuid():N}"[..20];

    public string OwnerId { get; } = $"op-{Guid.NewGuid():N}"[..20];

    /// <summary>Creates the feature (so it can be deprecated) and cockpits that have its release installed.</summary>
    public async Task<List<string>> InstalledOnAsync(int count)
    {
        if (await client.GetGrain<IUserGrain>(OwnerId).GetAsync() is null)
        {
            await client.GetGrain<IUserGrain>(OwnerId).CreateAsync(new NewUser("Owner", UserRole.Operator, 0));
            await client.GetGrain<IFeatureGrain>(FeatureId).CreateAsync(new NewFeature("Bad widget", "", OwnerId));
        }

        var ids = Enumerable.Range(0, count).Select(_ => $"c-{Guid.NewGuid():N}"[..20]).ToList();
        await Task.WhenAll(ids.Select(async id =>
        {
            var cockpit = client.GetGrain<ICockpitGrain>(id);
            await cockpit.CreateAsync(new NewCockpit(OwnerId, id, ["ops"], AutoUpdatePolicy.Default), []);
            await cockpit.ApplyReleaseAsync(Releases.Widget(FeatureId, html: "<p>bad</p>\n"));
        }));
        return ids;
    }

    public async Task<RollbackView> RollBackAsync(RollbackMode mode = RollbackMode.Revert, TimeSpan? within = null)
    {
        var id = "rb-" + Guid.NewGuid().ToString("N")[..12];
        var rollback = client.GetGrain<IRollbackGrain>(id);
        await rollback.StartAsync(FeatureId, "XSS in widget html", mode, "admin");
        return await FinishedAsync(id, within);
    }

    public async Task<RollbackView> FinishedAsync(string id, TimeSpan? within = null)
    {
        var view = await Infrastructure.Eventually.Async(() => client.GetGrain<IRollbackGrain>(id).GetAsync(), v => v!.Completed, within ?? TimeSpan.FromSeconds(60));
        view!.Completed.Should().BeTrue($"rollback {id} should finish: {view}");
        return view;
    }
}
