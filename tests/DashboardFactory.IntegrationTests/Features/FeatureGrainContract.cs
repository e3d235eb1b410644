using System.Collections.Concurrent;
using DashboardFactory.Alerts;
using DashboardFactory.Cockpits;
using DashboardFactory.Errors;
using DashboardFactory.Features;
using DashboardFactory.Users;
using Orleans.Streams;

namespace DashboardFactory.IntegrationTests.Features;

/// <summary>Governance on a real cluster: votes, stages, routing, rewards, audit and events.</summary>
public abstract class FeatureGrainContract(Func<IClusterClient> client)
{
    protected IClusterClient Client => client();

    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    protected async Task<string> UserAsync(UserRole role, int xp)
    {
        var id = NewId("u");
        await Client.GetGrain<IUserGrain>(id).CreateAsync(new NewUser(id, role, xp));
        return id;
    }

    protected async Task<(IFeatureGrain Feature, string Author)> FeatureAsync()
    {
        var author = await UserAsync(UserRole.Optimizer, 500);
        var feature = Client.GetGrain<IFeatureGrain>(NewId("feat"));
        await feature.CreateAsync(new NewFeature("Perfect order KPI", "A gauge", author));
        return (feature, author);
    }

    protected static ReleaseSpec Spec(string version, ChangeType change = ChangeType.Safe, string? guide = null, params string[] dependencies) =>
        new(version, change, new WidgetRelease("kpi", "Perfect order", 4, 2, "<p>97%</p>\n", "", "{}"), InjectionMode.Smart, null,
            dependencies, guide, null, []);

    protected async Task VoteAsync(IFeatureGrain feature, bool approve, int xp, UserRole role = UserRole.Optimizer) =>
        await feature.VoteAsync(new Caller(await UserAsync(role, xp), false), approve);

    [Fact]
    public async Task AFeatureStartsExperimentalAndItsIdIsTakenOnce()
    {
        var (feature, author) = await FeatureAsync();

        var view = (await feature.GetAsync())!;

        view.Stage.Should().Be(FeatureStage.Experimental);
        view.AuthorId.Should().Be(author);
        var again = () => feature.CreateAsync(new NewFeature("x", "", author));
        (await again.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Conflict);
    }

    [Fact]
    public async Task AReleaseMustBeAboveTheLatestVersion()
    {
        var (feature, author) = await FeatureAsync();
        await feature.ProposeReleaseAsync(Spec("1.2.0"), new Caller(author, false));

        var same = () => feature.ProposeReleaseAsync(Spec("1.2.0"), new Caller(author, false));
        var lower = () => feature.ProposeReleaseAsync(Spec("1.1.9"), new Caller(author, false));

        (await same.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Conflict);
        (await lower.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Conflict);
        (await feature.ProposeReleaseAsync(Spec("1.2.1"), new Caller(author, false))).Releases.Should().HaveCount(2);
    }

    [Fact]
    public async Task ABreakingReleaseNeedsAMajorBumpAndAMigrationGuide()
    {
        var (feature, author) = await FeatureAsync();
        var caller = new Caller(author, false);
        await feature.ProposeReleaseAsync(Spec("1.0.0"), caller);

        var minor = () => feature.ProposeReleaseAsync(Spec("1.1.0", ChangeType.Breaking, "Move your config."), caller);
        var noGuide = () => feature.ProposeReleaseAsync(Spec("2.0.0", ChangeType.Breaking), caller);

        var error = (await minor.Should().ThrowAsync<DomainException>()).Which;
        error.Kind.Should().Be(DomainErrorKind.Unprocessable);
        (await noGuide.Should().ThrowAsync<DomainException>()).Which.Errors!.Keys.Should().Contain("migrationGuide");
        await feature.ProposeReleaseAsync(Spec("2.0.0", ChangeType.Breaking, "Move your config."), caller);
    }

    [Fact]
    public async Task DependenciesMustExistAndACycleIsRefusedByName()
    {
        var (a, authorA) = await FeatureAsync();
        var (b, authorB) = await FeatureAsync();
        var (idA, idB) = (a.GetPrimaryKeyString(), b.GetPrimaryKeyString());
        await a.ProposeReleaseAsync(Spec("1.0.0"), new Caller(authorA, false));

        var unknown = () => b.ProposeReleaseAsync(Spec("1.0.0", dependencies: "feat-nowhere"), new Caller(authorB, false));
        (await unknown.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Unprocessable);

        await b.ProposeReleaseAsync(Spec("1.0.0", dependencies: idA), new Caller(authorB, false));
        var cycle = () => a.ProposeReleaseAsync(Spec("1.1.0", dependencies: idB), new Caller(authorA, false));

        var error = (await cycle.Should().ThrowAsync<DomainException>()).Which;
        error.Kind.Should().Be(DomainErrorKind.Unprocessable);
        error.Message.Should().Contain($"{idA} → {idB} → {idA}");
    }

    [Fact]
    public async Task VotesAreWeightedByTheVotersXpAtTheMomentOfVoting()
    {
        var (feature, _) = await FeatureAsync();
        var big = await UserAsync(UserRole.Optimizer, 300);
        await feature.VoteAsync(new Caller(big, false), approve: true);
        await VoteAsync(feature, approve: false, xp: 100);

        await Client.GetGrain<IUserGrain>(big).ChangeAsync(new UserChange(Xp: 1, Role: null));
        var view = await feature.VoteAsync(new Caller(await UserAsync(UserRole.Admin, 100), false), approve: true);

        view.Tally.Should().Be(new Tally(80, 3, 500, 400), "the 300 XP were counted when that vote was cast");
        view.Stage.Should().Be(FeatureStage.Foundational);
    }

    [Fact]
    public async Task AVoterWhoVotesAgainReplacesTheirVote()
    {
        var (feature, _) = await FeatureAsync();
        var voter = new Caller(await UserAsync(UserRole.Optimizer, 100), false);

        await feature.VoteAsync(voter, approve: true);
        var view = await feature.VoteAsync(voter, approve: false);

        view.Tally.Should().Be(new Tally(0, 1, 100, 0));
    }

    [Fact]
    public async Task OnlyOptimizersAndAdminsVoteAndNeverOnTheirOwnFeature()
    {
        var (feature, author) = await FeatureAsync();
        var operatorId = await UserAsync(UserRole.Operator, 1000);

        var byOperator = () => feature.VoteAsync(new Caller(operatorId, false), true);
        var byAuthor = () => feature.VoteAsync(new Caller(author, false), true);

        (await byOperator.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Forbidden);
        (await byAuthor.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Forbidden);
        (await feature.GetAsync())!.Tally.VotesCast.Should().Be(0);
    }

    [Fact]
    public async Task TheStageFollowsTheTallyUpAndDownWithAQuorum()
    {
        var (feature, _) = await FeatureAsync();
        await VoteAsync(feature, true, 100);
        var two = await Client.GetGrain<IFeatureGrain>(feature.GetPrimaryKeyString()).VoteAsync(new Caller(await UserAsync(UserRole.Optimizer, 100), false), true);
        two.Stage.Should().Be(FeatureStage.Experimental, "two votes are below the quorum of three");

        var dissenter = new Caller(await UserAsync(UserRole.Optimizer, 100), false);
        (await feature.VoteAsync(dissenter, false)).Stage.Should().Be(FeatureStage.Approved, "200 of 300 XP is 66.67 %");
        (await feature.VoteAsync(dissenter, true)).Stage.Should().Be(FeatureStage.Foundational);
        await VoteAsync(feature, false, 250);
        (await feature.GetAsync())!.Stage.Should().Be(FeatureStage.Experimental, "300 of 550 XP is below 66 %");
    }

    [Fact]
    public async Task TheAuthorIsRewardedOncePerTransition()
    {
        var (feature, author) = await FeatureAsync();
        var voters = new List<Caller>();
        for (var i = 0; i < 3; i++)
        {
            voters.Add(new Caller(await UserAsync(UserRole.Optimizer, 100), false));
        }

        await feature.VoteAsync(voters[0], true);
        await feature.VoteAsync(voters[1], true);
        await feature.VoteAsync(voters[2], false);
        (await Client.GetGrain<IUserGrain>(author).GetAsync())!.Xp.Should().Be(600, "500 + 100 for becoming approved");

        await feature.VoteAsync(voters[1], false);
        await feature.VoteAsync(voters[1], true);
        (await Client.GetGrain<IUserGrain>(author).GetAsync())!.Xp.Should().Be(600, "approved again pays nothing more");

        await feature.VoteAsync(voters[2], true);
        (await Client.GetGrain<IUserGrain>(author).GetAsync())!.Xp.Should().Be(850, "foundational pays 250 once");
    }

    [Fact]
    public async Task ChangeTypesRouteWhetherAReleaseMayPropagate()
    {
        var (feature, author) = await FeatureAsync();
        var caller = new Caller(author, false);
        await feature.ProposeReleaseAsync(Spec("1.0.0"), caller);
        (await feature.PropagatableAsync()).Should().BeNull("an experimental feature does not roll out");

        for (var i = 0; i < 3; i++)
        {
            await VoteAsync(feature, true, 50);
        }

        (await feature.PropagatableAsync())!.Version.Should().Be("1.0.0", "SAFE rolls out once approved");
        await feature.ProposeReleaseAsync(Spec("1.1.0", ChangeType.Reviewed), caller);
        (await feature.PropagatableAsync())!.Version.Should().Be("1.0.0", "REVIEWED waits for an admin");
        await feature.ApproveReleaseAsync("1.1.0", "admin");
        (await feature.PropagatableAsync())!.Version.Should().Be("1.1.0");
        await feature.ProposeReleaseAsync(Spec("2.0.0", ChangeType.Breaking, "Re-pick your KPI."), caller);
        (await feature.PropagatableAsync())!.Version.Should().Be("1.1.0", "BREAKING waits for an admin too");
        var view = await feature.ApproveReleaseAsync("2.0.0", "admin");
        view.Releases.Select(r => r.Propagatable).Should().Equal(true, true, true);
        (await feature.PropagatableAsync())!.Version.Should().Be("2.0.0");
    }

    [Fact]
    public async Task FoundationalFeaturesMakeTheBaseTemplate()
    {
        var (feature, author) = await FeatureAsync();
        await feature.ProposeReleaseAsync(Spec("1.0.0"), new Caller(author, false));
        for (var i = 0; i < 3; i++)
        {
            await VoteAsync(feature, true, 50);
        }

        var template = await Client.GetGrain<IFeatureRegistryGrain>("default").BaseTemplateAsync();

        template.Should().Contain(r => r.FeatureId == feature.GetPrimaryKeyString() && r.Version == "1.0.0");
        (await Client.GetGrain<IFeatureRegistryGrain>("default").ListAsync(FeatureStage.Foundational))
            .Should().Contain(s => s.Id == feature.GetPrimaryKeyString());
    }

    [Fact]
    public async Task EveryGovernanceStepIsAuditedWithActorAndBeforeAfter()
    {
        var (feature, author) = await FeatureAsync();
        await feature.ProposeReleaseAsync(Spec("1.0.0", ChangeType.Reviewed), new Caller(author, false));
        var voter = new Caller(await UserAsync(UserRole.Optimizer, 100), false);
        await feature.VoteAsync(voter, true);
        await feature.VoteAsync(voter, false);
        await feature.ApproveReleaseAsync("1.0.0", "admin");
        await feature.DeprecateAsync("superseded", "admin");

        var history = await feature.HistoryAsync();

        history.Select(h => h.Action).Should().Equal("created", "release_proposed", "vote", "vote", "release_approved", "stage_changed");
        history[3].Actor.Should().Be(voter.UserId);
        history[3].Before.Should().Contain("\"approve\":true");
        history[3].After.Should().Contain("\"approve\":false");
        history[^1].After.Should().Contain("deprecated").And.Contain("superseded");
    }

    [Fact]
    public async Task DeprecatedStaysDeprecatedUntilAnAdminLiftsIt()
    {
        var (feature, author) = await FeatureAsync();
        await feature.DeprecateAsync("bad widget", "admin");

        var vote = () => VoteAsync(feature, true, 100);
        var release = () => feature.ProposeReleaseAsync(Spec("1.0.0"), new Caller(author, false));

        (await vote.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Conflict);
        (await release.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Conflict);
        (await feature.UndeprecateAsync("admin")).Stage.Should().Be(FeatureStage.Experimental);
        await release();
    }

    [Fact]
    public async Task StageChangesArePublishedAsAlerts()
    {
        var (feature, _) = await FeatureAsync();
        var received = new ConcurrentQueue<AlertEvent>();
        var stream = Client.GetStreamProvider(ProviderNames.Streams).GetStream<AlertEvent>(StreamId.Create(AlertEvent.Namespace, AlertEvent.Admins));
        var seen = new TaskCompletionSource();
        var handle = await stream.SubscribeAsync((alert, _) =>
        {
            if (alert.FeatureId == feature.GetPrimaryKeyString())
            {
                received.Enqueue(alert);
                seen.TrySetResult();
            }

            return Task.CompletedTask;
        });
        try
        {
            await feature.DeprecateAsync("pulled", "admin");

            await seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
            received.Should().ContainSingle().Which.Message.Should().Contain("deprecated").And.Contain("pulled");
        }
        finally
        {
            await handle.UnsubscribeAsync();
        }
    }
}
