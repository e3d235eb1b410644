using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.Kpis;

public sealed class KpisApiTests : IClassFixture<KpisApiTests.SmallBatchApiFactory>
{
    private readonly SmallBatchApiFactory _api;
    private readonly HttpClient _admin;

    public KpisApiTests(SmallBatchApiFactory api)
    {
        _api = api;
        _admin = api.Admin();
    }

    private static string NewCode() => ApiFactory.NewId("kpi");

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PostedPointsAreAcceptedAndShowInTheCurrentValue()
    {
        var code = NewCode();
        var now = DateTimeOffset.UtcNow;

        var response = await _admin.PostAsJsonAsync($"/api/kpis/{code}/points", new object[]
        {
            new { id = "a", ts = Iso(now.AddSeconds(-2)), value = 95.5 },
            new { id = "b", ts = Iso(now.AddSeconds(-1)), value = 96.5 },
        });

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        body.GetProperty("accepted").GetInt32().Should().Be(2);
        body.GetProperty("duplicates").GetInt32().Should().Be(0);
        body.GetProperty("rejected").GetInt32().Should().Be(0);
        var current = await (await _admin.GetAsync($"/api/kpis/{code}?period=day")).ShouldBeJsonAsync(HttpStatusCode.OK);
        current.GetProperty("code").GetString().Should().Be(code);
        current.GetProperty("period").GetString().Should().Be("day");
        current.GetProperty("count").GetInt64().Should().Be(2);
        current.GetProperty("avg").GetDouble().Should().Be(96);
        current.GetProperty("last").GetDouble().Should().Be(96.5);
        current.GetProperty("stale").GetBoolean().Should().BeFalse();
        current.GetProperty("bucketStart").GetDateTimeOffset().Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task BadPointsAreRejectedOneByOneWhileTheRestOfTheBatchIsStored()
    {
        var code = NewCode();
        var ts = Iso(DateTimeOffset.UtcNow.AddSeconds(-5));
        var old = Iso(DateTimeOffset.UtcNow.AddDays(-3));
        var json = $$"""
            [
              {"id": "ok", "ts": "{{ts}}", "value": 1.5},
              {"id": "abc", "ts": "{{ts}}", "value": "abc"},
              {"id": "null", "ts": "{{ts}}", "value": null},
              {"id": "missing", "ts": "{{ts}}"},
              {"id": "nan", "ts": "{{ts}}", "value": "NaN"},
              {"id": "huge", "ts": "{{ts}}", "value": 1e999},
              {"id": "badts", "ts": "yesterday", "value": 1},
              {"id": "old", "ts": "{{old}}", "value": 1},
              42
            ]
            """;

        var response = await _admin.PostAsync($"/api/kpis/{code}/points", Json(json));

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        body.GetProperty("accepted").GetInt32().Should().Be(1);
        body.GetProperty("rejected").GetInt32().Should().Be(8);
        var rejections = body.GetProperty("rejections").EnumerateArray().ToList();
        rejections.Select(r => r.GetProperty("index").GetInt32()).Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        rejections.Select(r => r.GetProperty("reason").GetString()).Should().OnlyContain(r => !string.IsNullOrEmpty(r));
        rejections[0].GetProperty("id").GetString().Should().Be("abc");
        var current = await (await _admin.GetAsync($"/api/kpis/{code}?period=minute")).ShouldBeJsonAsync(HttpStatusCode.OK);
        current.GetProperty("count").GetInt64().Should().Be(1, "rejected points are never stored");
        _api.Logs.Lines.Should().Contain(m => m.Contains(code) && m.Contains("refused 8 of 9"));
    }

    [Fact]
    public async Task APointIdPostedTwiceCountsOnce()
    {
        var code = NewCode();
        var point = new[] { new { id = "same", ts = Iso(DateTimeOffset.UtcNow.AddSeconds(-1)), value = 3.0 } };
        await _admin.PostAsJsonAsync($"/api/kpis/{code}/points", point);

        var second = await (await _admin.PostAsJsonAsync($"/api/kpis/{code}/points", point)).ShouldBeJsonAsync(HttpStatusCode.Accepted);

        second.GetProperty("accepted").GetInt32().Should().Be(0);
        second.GetProperty("duplicates").GetInt32().Should().Be(1);
        (await (await _admin.GetAsync($"/api/kpis/{code}")).ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("count").GetInt64().Should().Be(1);
    }

    [Theory]
    [InlineData("{\"ts\": \"2026-01-01T00:00:00Z\", \"value\": 1}")]
    [InlineData("\"points\"")]
    [InlineData("[{\"value\": NaN}]")]
    [InlineData("")]
    public async Task ABodyThatIsNotAJsonArrayIsABadRequest(string body)
    {
        var code = NewCode();

        var response = await _admin.PostAsync($"/api/kpis/{code}/points", Json(body));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await _admin.GetAsync($"/api/kpis/{code}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnInvalidCodeIsABadRequest()
    {
        var response = await _admin.PostAsync("/api/kpis/-bad!/points", Json("[]"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("code").GetArrayLength().Should().Be(1);
        await (await _admin.GetAsync("/api/kpis/-bad!")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ABatchLargerThanTheMaximumIsRefusedWholeWith413()
    {
        var code = NewCode();
        var ts = Iso(DateTimeOffset.UtcNow);
        var points = Enumerable.Range(0, SmallBatchApiFactory.MaxBatch + 1).Select(i => new { id = $"p{i}", ts, value = i });

        var response = await _admin.PostAsJsonAsync($"/api/kpis/{code}/points", points);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await _admin.GetAsync($"/api/kpis/{code}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostingNeedsAToken()
    {
        var response = await _api.ClientWithToken(null).PostAsync($"/api/kpis/{NewCode()}/points", Json("[]"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AKpiWithoutDataIs404AndABadPeriodIs400()
    {
        await (await _admin.GetAsync($"/api/kpis/{NewCode()}?period=hour")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _admin.GetAsync($"/api/kpis/{NewCode()}?period=week")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await _admin.GetAsync($"/api/kpis/{NewCode()}?period=Hour")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ASeriesComesAsJsonOrAsCsv()
    {
        var code = NewCode();
        var minute = KpiPeriod.Minute.BucketStart(DateTimeOffset.UtcNow).AddMinutes(-3);
        await _admin.PostAsJsonAsync($"/api/kpis/{code}/points", new object[]
        {
            new { id = "1", ts = Iso(minute.AddSeconds(1)), value = 1.25 },
            new { id = "2", ts = Iso(minute.AddSeconds(2)), value = 2.75 },
            new { id = "3", ts = Iso(minute.AddMinutes(1)), value = 10 },
        });
        var query = $"/api/kpis/{code}/series?period=minute&from={Uri.EscapeDataString(Iso(minute))}&to={Uri.EscapeDataString(Iso(minute.AddMinutes(3)))}";

        var json = await (await _admin.GetAsync(query)).ShouldBeJsonAsync(HttpStatusCode.OK);
        json.EnumerateArray().Select(b => (b.GetProperty("avg").GetDouble(), b.GetProperty("count").GetInt64())).Should().Equal((2.0, 2L), (10.0, 1L));

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, query);
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await _admin.SendAsync(csvRequest);
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        (await csv.Content.ReadAsStringAsync()).Should().Be(
            "bucketStart,avg,min,max,count\r\n" +
            $"{minute.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},2,1.25,2.75,2\r\n" +
            $"{minute.AddMinutes(1).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},10,10,10,1\r\n");
    }

    [Theory]
    [InlineData("period=week")]
    [InlineData("from=yesterday")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("period=minute&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    public async Task ABadSeriesQueryIsABadRequest(string query)
    {
        await (await _admin.GetAsync($"/api/kpis/{NewCode()}/series?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    public sealed class SmallBatchApiFactory : ApiFactory
    {
        public const int MaxBatch = 50;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Kpis:MaxBatch"] = MaxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
