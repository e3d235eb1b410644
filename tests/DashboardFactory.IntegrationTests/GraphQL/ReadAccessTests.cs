using System.Net;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>
/// The read rules of API.md hold alike over REST, the hub and GraphQL (one AccessPolicy): a cockpit and everything of
/// it is for its owner and admins, anyone else is told it does not exist; a user record is for that user and admins.
/// </summary>
public sealed class ReadAccessTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AnOperatorCannotReadAnotherOperatorsCockpitOverRestOrGraphQL()
    {
        var (id, ownerToken) = await api.NewCockpitAsync();
        var stranger = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));
        var missing = ApiFactory.NewId("c");

        var rest = await stranger.GetAsync($"/api/cockpits/{id}");
        var snapshots = await stranger.GetAsync($"/api/cockpits/{id}/snapshots");
        var widgetData = await stranger.GetAsync($"/api/cockpits/{id}/widgets/any/data");
        var graphql = await stranger.GraphQLAsync("query($id: ID!) { cockpit(id: $id) { id title } }", new { id });
        var absent = await stranger.GraphQLAsync("query($id: ID!) { cockpit(id: $id) { id } }", new { id = missing });

        await rest.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await snapshots.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await widgetData.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        graphql.GetProperty("data").GetProperty("cockpit").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        graphql.ErrorCode().Should().Be("NOT_FOUND");
        graphql.GetProperty("errors")[0].GetProperty("message").GetString()
            .Should().Be(absent.GetProperty("errors")[0].GetProperty("message").GetString()!.Replace(missing, id), "someone else's cockpit reads as one that does not exist");
        (await api.ClientWithToken(ownerToken).GetAsync($"/api/cockpits/{id}")).StatusCode.Should().Be(HttpStatusCode.OK, "the owner reads it");
        (await api.Admin().DataAsync("query($id: ID!) { cockpit(id: $id) { id } }", new { id })).GetProperty("cockpit").GetProperty("id").GetString()
            .Should().Be(id, "admins read every cockpit");
    }

    [Fact]
    public async Task AnOperatorListsOnlyTheirOwnCockpitsWhileAdminsPageTheFleet()
    {
        var (mine, token) = await api.NewCockpitAsync();
        var (theirs, _) = await api.NewCockpitAsync();
        var client = api.ClientWithToken(token);

        var rest = await (await client.GetAsync("/api/cockpits?limit=500")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var graphql = await client.DataAsync("{ cockpits(first: 500) { items { id ownerId } nextCursor } }");
        var fleet = await api.Admin().DataAsync("{ cockpits(first: 500) { items { id } } }");

        rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Equal(mine);
        graphql.GetProperty("cockpits").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Equal(mine);
        fleet.GetProperty("cockpits").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Contain([mine, theirs]);
    }

    [Fact]
    public async Task AnOperatorCannotJoinAnotherOperatorsCockpitOnTheHub()
    {
        var (id, ownerToken) = await api.NewCockpitAsync();
        await using var stranger = await CockpitHubProbe.ConnectAsync(api, await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));
        await using var owner = await CockpitHubProbe.ConnectAsync(api, ownerToken);

        var join = () => stranger.JoinAsync(id);

        (await join.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain($"No cockpit '{id}'");
        await owner.JoinAsync(id);
    }

    [Fact]
    public async Task AUserRecordIsForThatUserAndAdminsOverRestAndGraphQL()
    {
        var self = ApiFactory.NewId("op");
        var token = await api.CreateUserAsync(self, "operator");
        var other = ApiFactory.NewId("op");
        await api.CreateUserAsync(other, "operator");
        var client = api.ClientWithToken(token);

        await (await client.GetAsync($"/api/users/{other}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await client.GraphQLAsync("query($id: ID!) { user(id: $id) { id } }", new { id = other })).ErrorCode().Should().Be("FORBIDDEN");
        (await client.GetAsync($"/api/users/{self}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.DataAsync("query($id: ID!) { user(id: $id) { id } }", new { id = self })).GetProperty("user").GetProperty("id").GetString().Should().Be(self);
        (await api.Admin().GetAsync($"/api/users/{other}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
