using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>Queries and mutations over POST /graphql answer what the REST endpoints answer for the same data, with the same rules.</summary>
public sealed class GraphQLQueryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ACockpitReadsAsRestServesIt()
    {
        var (id, token) = await api.NewCockpitAsync();
        await api.Service<IGrainFactory>().GetGrain<ICockpitGrain>(id).ApplyReleaseAsync(Releases.Widget(ApiFactory.NewId("feat")));
        var client = api.ClientWithToken(token);
        var rest = await (await client.GetAsync($"/api/cockpits/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var data = await client.DataAsync("""
            query($id: ID!) { cockpit(id: $id) {
              id ownerId title version cohorts autoUpdate { enabled maxChangeType } theme updatedAt
              widgets { id featureId featureVersion type title x y w h quadrant config html css hidden }
              installedFeatures { featureId version installedAt } } }
            """, new { id });

        var cockpit = data.GetProperty("cockpit");
        foreach (var field in new[] { "id", "ownerId", "title", "version", "cohorts", "autoUpdate", "theme" })
        {
            SameJson(cockpit.GetProperty(field), rest.GetProperty(field), field);
        }

        cockpit.GetProperty("updatedAt").GetDateTimeOffset().Should().Be(rest.GetProperty("updatedAt").GetDateTimeOffset());
        var restWidgets = rest.GetProperty("widgets").EnumerateObject().ToList();
        cockpit.GetProperty("widgets").EnumerateArray().Select(w => w.GetProperty("id").GetString()).Should().Equal(restWidgets.Select(w => w.Name));
        foreach (var (widget, restWidget) in cockpit.GetProperty("widgets").EnumerateArray().Zip(restWidgets.Select(w => w.Value)))
        {
            foreach (var property in restWidget.EnumerateObject())
            {
                SameJson(widget.GetProperty(property.Name), property.Value, "widget." + property.Name);
            }
        }

        var installed = cockpit.GetProperty("installedFeatures").EnumerateArray().ToList();
        installed.Select(f => f.GetProperty("featureId").GetString()).Should().Equal(rest.GetProperty("installedFeatures").EnumerateObject().Select(p => p.Name));
        installed.Select(f => f.GetProperty("version").GetString())
            .Should().Equal(rest.GetProperty("installedFeatures").EnumerateObject().Select(p => p.Value.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task FeaturesCampaignsAndKpisReadAsRestServesThem()
    {
        var featureId = ApiFactory.NewId("feat");
        var admin = api.Admin();
        (await admin.PostAsJsonAsync("/api/features", new { id = featureId, name = "Yield", description = "Yield per line" })).EnsureSuccessStatusCode();
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        await api.IngestAsync(code, minute, 3);
        await api.IngestAsync(code, minute, 5, second: 30);

        var data = await admin.DataAsync("""
            query($f: ID!, $code: ID!) {
              feature(id: $f) { id name description authorId stage tally { approvalPercent votesCast xpCast } installations { total } campaignIds }
              features { id }
              kpi(code: $code) { code period bucketStart avg min max count last stale }
              kpiSeries(code: $code) { bucketStart avg min max count } }
            """, new { f = featureId, code });

        var restFeature = await (await admin.GetAsync($"/api/features/{featureId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var feature = data.GetProperty("feature");
        foreach (var field in new[] { "id", "name", "description", "authorId", "stage", "tally" })
        {
            SameJson(feature.GetProperty(field), restFeature.GetProperty(field), "feature." + field);
        }

        feature.GetProperty("installations").GetProperty("total").GetInt32().Should().Be(restFeature.GetProperty("installations").GetProperty("total").GetInt32());
        data.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()).Should().Contain(featureId);

        var restKpi = await (await admin.GetAsync($"/api/kpis/{code}?period=minute")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var kpi = data.GetProperty("kpi");
        foreach (var field in new[] { "code", "period", "avg", "min", "max", "count", "last", "stale" })
        {
            SameJson(kpi.GetProperty(field), restKpi.GetProperty(field), "kpi." + field);
        }

        kpi.GetProperty("bucketStart").GetDateTimeOffset().Should().Be(restKpi.GetProperty("bucketStart").GetDateTimeOffset());
        var restSeries = await (await admin.GetAsync($"/api/kpis/{code}/series")).ShouldBeJsonAsync(HttpStatusCode.OK);
        data.GetProperty("kpiSeries").EnumerateArray().Select(b => (b.GetProperty("count").GetInt64(), b.GetProperty("avg").GetDouble()))
            .Should().Equal(restSeries.EnumerateArray().Select(b => (b.GetProperty("count").GetInt64(), b.GetProperty("avg").GetDouble())));
    }

    [Fact]
    public async Task TheOpsBoardReadsAsRestServesIt()
    {
        var featureId = ApiFactory.NewId("feat");
        var admin = api.Admin();
        (await admin.PostAsJsonAsync("/api/features", new { id = featureId, name = "Board widget" })).EnsureSuccessStatusCode();

        var data = await admin.DataAsync("""
            { opsBoard { storage flags { id name stage health reasons owner cohorts dependencies dependents installations }
                         silos { status } migrations { id } kpis { code stale } snapshots { retention trimPeriod } } }
            """);

        var rest = await (await admin.GetAsync("/api/ops/board")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var board = data.GetProperty("opsBoard");
        SameJson(board.GetProperty("storage"), rest.GetProperty("storage"), "opsBoard.storage");
        SameJson(board.GetProperty("snapshots").GetProperty("retention"), rest.GetProperty("snapshots").GetProperty("retention"), "opsBoard.snapshots.retention");
        var flag = board.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("id").GetString() == featureId);
        var restFlag = rest.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("id").GetString() == featureId);
        foreach (var field in new[] { "name", "stage", "health", "reasons", "owner", "cohorts", "dependencies", "dependents", "installations" })
        {
            SameJson(flag.GetProperty(field), restFlag.GetProperty(field), "opsBoard.flags." + field);
        }

        board.GetProperty("silos").GetArrayLength().Should().Be(rest.GetProperty("silos").GetArrayLength());
    }

    [Fact]
    public async Task VoteAnswersAsRestAndRefusalsCarryTheRestCode()
    {
        var featureId = ApiFactory.NewId("feat");
        var author = await api.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", xp: 10);
        (await api.ClientWithToken(author).PostAsJsonAsync("/api/features", new { id = featureId, name = "Votable" })).EnsureSuccessStatusCode();
        var voter = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", xp: 50));
        var second = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", xp: 50));

        var voted = (await voter.DataAsync("mutation($f: ID!) { vote(featureId: $f, approve: true) { stage approvalPercent votesCast xpCast } }", new { f = featureId })).GetProperty("vote");
        var rest = await (await second.PostAsJsonAsync($"/api/features/{featureId}/votes", new { approve = false })).ShouldBeJsonAsync(HttpStatusCode.OK);

        voted.GetProperty("stage").GetString().Should().Be("experimental");
        voted.GetProperty("votesCast").GetInt32().Should().Be(1);
        voted.GetProperty("xpCast").GetInt64().Should().Be(50);
        rest.GetProperty("votesCast").GetInt32().Should().Be(2, "REST and GraphQL votes land on the same tally");
        var own = await api.ClientWithToken(author).GraphQLAsync("mutation($f: ID!) { vote(featureId: $f, approve: true) { stage } }", new { f = featureId });
        var restOwn = await api.ClientWithToken(author).PostAsJsonAsync($"/api/features/{featureId}/votes", new { approve = true });
        own.ErrorCode().Should().Be("FORBIDDEN", "REST answers {0} to an author voting on their own feature", restOwn.StatusCode);
        restOwn.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await voter.GraphQLAsync("mutation { vote(featureId: \"no-such-feature\", approve: true) { stage } }")).ErrorCode().Should().Be("NOT_FOUND");
        (await voter.GraphQLAsync("mutation { vote(featureId: \"bad id!\", approve: true) { stage } }")).ErrorCode().Should().Be("BAD_REQUEST");
    }

    [Fact]
    public async Task IngestKpiPointsAnswersPointByPointAsRestDoes()
    {
        var (viaGraphQL, viaRest) = (KpiScenario.NewCode(), KpiScenario.NewCode());
        var ts = KpiScenario.LastMinute.AddSeconds(5).ToString("O");
        var client = api.Admin();

        var result = (await client.DataAsync("""
            mutation($code: ID!, $ts: String!) { ingestKpiPoints(code: $code, points: [
              { id: "p1", ts: $ts, value: 1.5 }, { id: "p1", ts: $ts, value: 1.5 }, { ts: "yesterday-ish", value: 2 }, { ts: $ts } ]) {
              accepted duplicates rejected rejections { index id reason } } }
            """, new { code = viaGraphQL, ts })).GetProperty("ingestKpiPoints");
        var rest = await (await client.PostAsJsonAsync($"/api/kpis/{viaRest}/points", new object[]
        {
            new { id = "p1", ts, value = 1.5 }, new { id = "p1", ts, value = 1.5 }, new { ts = "yesterday-ish", value = 2 }, new { ts },
        })).ShouldBeJsonAsync(HttpStatusCode.Accepted);

        foreach (var field in new[] { "accepted", "duplicates", "rejected", "rejections" })
        {
            SameJson(result.GetProperty(field), rest.GetProperty(field), "ingestKpiPoints." + field);
        }

        result.GetProperty("accepted").GetInt32().Should().Be(1);
        var tooMany = Enumerable.Range(0, 1001).Select(i => new { ts, value = (double)i }).ToArray();
        (await client.GraphQLAsync("mutation($code: ID!, $p: [KpiPointInput!]!) { ingestKpiPoints(code: $code, points: $p) { accepted } }", new { code = viaGraphQL, p = tooMany }))
            .ErrorCode().Should().Be("PAYLOAD_TOO_LARGE");
        (await api.CurrentAsync(viaGraphQL))!.Count.Should().Be(1, "a refused batch stores nothing");
    }

    [Fact]
    public async Task AValueBeyondDoubleIsRejectedPointByPointAsRestRejectsIt()
    {
        // Found by HostileInputTests: GraphQL reads 1e309 as infinity, which failed the whole field as INTERNAL.
        var client = api.Admin();
        var code = ApiFactory.NewId("kpi");
        var ts = DateTimeOffset.UtcNow.AddSeconds(-10).ToString("O");
        var body = $$$"""
            {"query":"mutation($code: ID!, $p: [KpiPointInput!]!) { ingestKpiPoints(code: $code, points: $p) { accepted rejected rejections { index reason } } }",
             "variables":{"code":"{{{code}}}","p":[{"ts":"{{{ts}}}","value":1e309},{"ts":"{{{ts}}}","value":-1e309},{"ts":"{{{ts}}}","value":2}]}}
            """;

        var result = await (await client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"))).ShouldBeJsonAsync(HttpStatusCode.OK);

        result.TryGetProperty("errors", out var errors).Should().BeFalse("no field fails: {0}", errors);
        var ingested = result.GetProperty("data").GetProperty("ingestKpiPoints");
        ingested.GetProperty("accepted").GetInt32().Should().Be(1);
        ingested.GetProperty("rejected").GetInt32().Should().Be(2);
        ingested.GetProperty("rejections")[0].GetProperty("reason").GetString().Should().Be("value must be a finite number");
    }

    [Fact]
    public async Task ADocumentNestedPastTheParsersDepthIsASyntaxErrorNotAnInternalError()
    {
        // Found by HostileInputTests: the parser's depth exception reached the unhandled-exception handler as INTERNAL.
        var client = api.Admin();

        var selections = await client.GraphQLAsync(string.Concat(Enumerable.Repeat("{ me ", 300)) + new string('}', 300));
        var braces = await client.GraphQLAsync(new string('{', 5000) + new string('}', 5000));

        selections.ErrorCode().Should().Be("SYNTAX_ERROR");
        braces.ErrorCode().Should().Be("SYNTAX_ERROR");
    }

    [Fact]
    public async Task ARequestNamingAMemberTwiceIsABadRequest()
    {
        // Found by HostileInputTests: variables or extensions naming a member twice answered 500.
        using var response = await api.Admin().PostAsync("/graphql",
            new StringContent("""{"query":"{ me { id } }","variables":{"a":1,"a":2}}""", Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("$.a", out _).Should().BeTrue();
    }

    [Fact]
    public async Task DepthComplexityAndSizeLimitsAnswerErrors()
    {
        var client = api.Admin();

        var deep = await client.GraphQLAsync(GraphQLQueries.TooDeep);
        var complex = await client.GraphQLAsync(GraphQLQueries.TooComplex);
        var big = await client.GraphQLAsync("{ me { id } }" + new string(' ', 20_000));
        var nested = await client.GraphQLAsync(new string('{', 5000) + new string('}', 5000));
        var huge = await client.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(new { query = new string('x', 300_000) }), Encoding.UTF8, "application/json"));
        var notGraphQL = await client.PostAsync("/graphql", new StringContent("[1, 2", Encoding.UTF8, "application/json"));

        deep.ErrorCode().Should().Be("COMPLEXITY", "GraphQL.NET reports the depth limit as a complexity error");
        deep.GetProperty("errors")[0].GetProperty("message").GetString().Should().Contain("depth");
        complex.ErrorCode().Should().Be("COMPLEXITY");
        big.ErrorCode().Should().Be("DOCUMENT_TOO_LARGE");
        nested.GetProperty("errors").GetArrayLength().Should().BeGreaterThan(0, "a pathologically nested document is an error answer");
        await huge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await notGraphQL.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await client.DataAsync("{ me { id } }")).GetProperty("me").GetProperty("id").GetString().Should().Be("admin", "the server still answers");
    }

    /// <summary>The same JSON value (escaping aside: GraphQL's serializer writes '&lt;' as \u003C, REST does not).</summary>
    private static void SameJson(JsonElement graphql, JsonElement rest, string what) =>
        JsonElement.DeepEquals(graphql, rest).Should().BeTrue("GraphQL's {0} is REST's: {1} vs {2}", what, graphql.GetRawText(), rest.GetRawText());

    [Fact]
    public async Task WithoutATokenPostIsA401AndTheSchemaIsServedAsSdl()
    {
        var anonymous = await api.ClientWithToken(null).PostAsJsonAsync("/graphql", new { query = "{ me { id } }" });
        var sdl = await api.ClientWithToken(null).GetStringAsync("/graphql/schema.graphql");

        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        sdl.Should().Contain("type Query").And.Contain("cockpit(id: ID!): Cockpit").And.Contain("kpiValue(")
            .And.Contain("cockpitUpdated(cockpitId: ID!)").And.Contain("alerts: Alert").And.Contain("vote(featureId: ID!, approve: Boolean!)")
            .And.Contain("ingestKpiPoints(");
    }
}
