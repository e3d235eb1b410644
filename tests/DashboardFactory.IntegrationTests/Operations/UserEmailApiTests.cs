using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>Users' optional e-mail address (for rollback mail): set on creation, changed and removed by PATCH, validated.</summary>
public sealed class UserEmailApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AnEmailGivenOnCreationIsAnsweredAndReadBack()
    {
        var id = ApiFactory.NewId("op");

        var created = await api.Admin().PostAsJsonAsync("/api/users", new { id, name = "Ada", role = "operator", xp = 1, email = "ada@example.test" });

        (await created.ShouldBeJsonAsync(HttpStatusCode.Created)).GetProperty("email").GetString().Should().Be("ada@example.test");
        (await (await api.Admin().GetAsync($"/api/users/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK))
            .GetProperty("email").GetString().Should().Be("ada@example.test");
    }

    [Fact]
    public async Task AUserWithoutEmailHasNull()
    {
        var id = ApiFactory.NewId("op");
        await api.CreateUserAsync(id, "operator");

        var user = await (await api.Admin().GetAsync($"/api/users/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        user.GetProperty("email").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task PatchChangesTheEmailAndAnEmptyOneRemovesIt()
    {
        var id = ApiFactory.NewId("op");
        await api.CreateUserAsync(id, "operator");

        var changed = await api.Admin().PatchAsJsonAsync($"/api/users/{id}", new { email = "new@example.test" });
        (await changed.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("email").GetString().Should().Be("new@example.test");

        var untouched = await api.Admin().PatchAsJsonAsync($"/api/users/{id}", new { xp = 7 });
        (await untouched.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("email").GetString().Should().Be("new@example.test", "a PATCH without email leaves it");

        var removed = await api.Admin().PatchAsJsonAsync($"/api/users/{id}", new { email = "" });
        (await removed.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("email").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("Ada <ada@example.test>")]
    [InlineData("a@example.test, b@example.test")]
    [InlineData("ada @example.test")]
    public async Task AnInvalidEmailIsA400ThatChangesNothing(string email)
    {
        var id = ApiFactory.NewId("op");
        var rejectedCreate = await api.Admin().PostAsJsonAsync("/api/users", new { id, name = "Ada", role = "operator", email });
        (await rejectedCreate.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email", out _).Should().BeTrue();
        (await api.Admin().GetAsync($"/api/users/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a refused creation creates nothing");

        await api.Admin().PostAsJsonAsync("/api/users", new { id, name = "Ada", role = "operator", email = "ada@example.test" });
        var rejectedPatch = await api.Admin().PatchAsJsonAsync($"/api/users/{id}", new { email });
        (await rejectedPatch.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email", out _).Should().BeTrue();
        (await (await api.Admin().GetAsync($"/api/users/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK))
            .GetProperty("email").GetString().Should().Be("ada@example.test", "a refused change changes nothing");
    }

    [Fact]
    public async Task AUserSeesTheirOwnEmailOnMe()
    {
        var id = ApiFactory.NewId("op");
        var created = await api.Admin().PostAsJsonAsync("/api/users", new { id, name = "Me", role = "operator", email = "me@example.test" });
        var token = (await created.ShouldBeJsonAsync(HttpStatusCode.Created)).GetProperty("token").GetString();

        var me = await (await api.ClientWithToken(token).GetAsync("/api/me")).ShouldBeJsonAsync(HttpStatusCode.OK);

        me.GetProperty("email").GetString().Should().Be("me@example.test");
    }
}
