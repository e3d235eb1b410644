using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Api;

public sealed class UsersApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AnAdminCreatesAUserWhoseTokenWorksAtOnce()
    {
        var id = ApiFactory.NewId();

        var created = await api.Admin().PostAsJsonAsync("/api/users", new { id, name = "Ada", role = "optimizer", xp = 300 });

        var body = await created.ShouldBeJsonAsync(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/users/{id}");
        body.GetProperty("role").GetString().Should().Be("optimizer");
        body.GetProperty("xp").GetInt32().Should().Be(300);
        var token = body.GetProperty("token").GetString();
        var me = await api.ClientWithToken(token).GetAsync("/api/me");
        (await me.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("id").GetString().Should().Be(id);
        var read = await api.ClientWithToken(token).GetAsync($"/api/users/{id}");
        (await read.ShouldBeJsonAsync(HttpStatusCode.OK)).TryGetProperty("token", out _).Should().BeFalse("a token is shown once, on creation");
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("optimizer")]
    public async Task OnlyAdminsCreateUsers(string role)
    {
        var token = await api.CreateUserAsync(ApiFactory.NewId(), role);
        var id = ApiFactory.NewId();

        var response = await api.ClientWithToken(token).PostAsJsonAsync("/api/users", new { id, name = "X", role = "admin", xp = 1 });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.Admin().GetAsync($"/api/users/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a refused request changes nothing");
    }

    [Fact]
    public async Task EveryInvalidFieldIsNamedInTheErrors()
    {
        var response = await api.Admin().PostAsJsonAsync("/api/users", new { id = "bad id!", name = "", role = "king", xp = -5 });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);
        errors.Should().BeEquivalentTo("id", "name", "role", "xp");
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Admin")]
    [InlineData("ADMIN")]
    public async Task TheIdAdminIsReservedInAnyCase(string id)
    {
        var response = await api.Admin().PostAsJsonAsync("/api/users", new { id, name = "Impostor", role = "operator", xp = 0 });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("id")[0].GetString().Should().Contain("reserved");
        var me = await (await api.Admin().GetAsync("/api/me")).ShouldBeJsonAsync(HttpStatusCode.OK);
        me.GetProperty("name").GetString().Should().Be("Administrator", "the refused request created no user in the bootstrap admin's place");
    }

    [Fact]
    public async Task CreatingAnExistingUserIsAConflictAndKeepsTheFirst()
    {
        var id = ApiFactory.NewId();
        await api.CreateUserAsync(id, "operator", 5);

        var again = await api.Admin().PostAsJsonAsync("/api/users", new { id, name = "Other", role = "admin", xp = 9 });

        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var user = await (await api.Admin().GetAsync($"/api/users/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        user.GetProperty("role").GetString().Should().Be("operator");
    }

    [Fact]
    public async Task AnUnknownUserIsANotFoundProblem() =>
        await (await api.Admin().GetAsync($"/api/users/{ApiFactory.NewId()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task AnInvalidIdInThePathIsABadRequest() =>
        await (await api.Admin().GetAsync("/api/users/-nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

    [Fact]
    public async Task AnAdminChangesXpAndRole()
    {
        var id = ApiFactory.NewId();
        await api.CreateUserAsync(id, "operator", 5);

        var response = await api.Admin().PatchAsJsonAsync($"/api/users/{id}", new { xp = 750, role = "optimizer" });

        var user = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        user.GetProperty("xp").GetInt32().Should().Be(750);
        user.GetProperty("role").GetString().Should().Be("optimizer");
    }

    [Fact]
    public async Task NobodyButAnAdminChangesAUser()
    {
        var id = ApiFactory.NewId();
        var token = await api.CreateUserAsync(id, "optimizer", 5);

        var response = await api.ClientWithToken(token).PatchAsJsonAsync($"/api/users/{id}", new { xp = 100000 });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var user = await (await api.Admin().GetAsync($"/api/users/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        user.GetProperty("xp").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task ChangingAnUnknownUserIsNotFound() =>
        await (await api.Admin().PatchAsJsonAsync($"/api/users/{ApiFactory.NewId()}", new { xp = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task RotatingATokenRevokesTheOldOne()
    {
        var id = ApiFactory.NewId();
        var old = await api.CreateUserAsync(id, "operator");

        var rotated = await api.ClientWithToken(old).PostAsync($"/api/users/{id}/token", null);

        var fresh = (await rotated.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("token").GetString();
        await (await api.ClientWithToken(old).GetAsync("/api/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await api.ClientWithToken(fresh).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NobodyRotatesSomeoneElsesToken()
    {
        var victim = ApiFactory.NewId();
        var victimToken = await api.CreateUserAsync(victim, "operator");
        var attacker = await api.CreateUserAsync(ApiFactory.NewId(), "optimizer");

        var response = await api.ClientWithToken(attacker).PostAsync($"/api/users/{victim}/token", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.ClientWithToken(victimToken).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokensAreNeverWrittenToTheLogs()
    {
        var id = ApiFactory.NewId();
        var token = await api.CreateUserAsync(id, "operator");
        await api.ClientWithToken(token).GetAsync("/api/me");
        await api.ClientWithToken(token + "x").GetAsync("/api/me");
        var rotated = await api.Admin().PostAsync($"/api/users/{id}/token", null);
        var fresh = (await rotated.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("token").GetString()!;

        var secrets = new[] { token, fresh, ApiFactory.AdminToken }.Select(t => t[(t.LastIndexOf('.') + 1)..]);

        api.Logs.Lines.Should().NotBeEmpty();
        foreach (var secret in secrets)
        {
            api.Logs.Lines.Should().NotContain(line => line.Contains(secret), "no token or secret may reach a log");
        }
    }
}
