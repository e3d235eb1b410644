using DashboardFactory.Api.GraphQL.Batching;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>The batch loader on its own (no host): one fetch per round of keys, each key fetched once.</summary>
public sealed class BatchLoaderTests
{
    [Fact]
    public async Task KeysAskedForBeforeTheFirstAwaitAreFetchedInOneCallAndEachOnce()
    {
        var fetches = new List<IReadOnlyList<string>>();
        var loader = new BatchLoader<string, string>(keys =>
        {
            fetches.Add(keys);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(keys.ToDictionary(k => k, k => k.ToUpperInvariant()));
        });

        var a = loader.Load("a");
        var b = loader.Load("b");
        var again = loader.Load("a");
        var values = new[] { await a.GetResultAsync(), await b.GetResultAsync(), await again.GetResultAsync() };
        var later = await loader.Load("a").GetResultAsync();

        values.Should().Equal("A", "B", "A");
        later.Should().Be("A");
        fetches.Should().ContainSingle().Which.Should().Equal("a", "b");
    }

    [Fact]
    public async Task AMissingKeyIsNullAPrimedKeyIsNotFetchedAndAFailedFetchFailsItsKeys()
    {
        var fetched = new List<string>();
        var loader = new BatchLoader<string, string>(keys =>
        {
            fetched.AddRange(keys);
            return keys.Contains("boom")
                ? Task.FromException<IReadOnlyDictionary<string, string>>(new InvalidOperationException("boom"))
                : Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        });
        loader.Prime("known", "K");

        var primed = await loader.Load("known").GetResultAsync();
        var missing = await loader.LoadManyAsync(["nobody"]);
        var failing = () => loader.Load("boom").GetResultAsync();

        primed.Should().Be("K");
        missing.Should().Equal([null]);
        await failing.Should().ThrowAsync<InvalidOperationException>();
        fetched.Should().Equal("nobody", "boom");
    }
}
