using System.Diagnostics;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// Issue 15, point 1: generated hostile input over every entry point of the running app. HTTP cases come from the live
/// OpenAPI document (<see cref="EntryPoints"/>: paths, methods, parameters, request body schemas) and the app's own GET
/// routes, so a new endpoint is fuzzed without anyone writing its cases, or named by
/// <see cref="EveryEntryPointIsFuzzedOrExemptWithAReason"/>; the hub's methods come from CockpitHub by reflection and
/// GraphQL's root fields from the schema by introspection. What must hold, whatever the input:
/// <list type="bullet">
/// <item>no 5xx, and every 4xx is a ProblemDetails (<c>application/problem+json</c> with the answer's <c>status</c>
/// and a <c>title</c>); a hub call is refused with a HubException or SignalR's binding error, never a server fault, and
/// the connection survives; a GraphQL error is never <c>INTERNAL</c> and a socket never closes with 4500;</item>
/// <item>state: every GET of the app is dumped as an admin before and after all read cases (hostile GETs, wrong
/// methods, streams, hub calls) and must be equal. A write that is refused must leave the dump of what it could touch
/// (<see cref="StateDumps"/>: every GET of its resource that its route values bind, and the id a create names) as it
/// found it. A write that is accepted may change state: it targets a throwaway entity of its operation, and its dump,
/// once settled, is the baseline for the next case. This does not prove that an accepted write changed only what it
/// should, nor that a refused write changed nothing outside its resource; those are the API tests' subjects;</item>
/// <item>after the run every GET answers what it answered before the run, every documented one 200.</item>
/// </list>
/// Deterministic: the seed (<see cref="HostileSeed"/>) is printed, and each failure prints its case number and a
/// curl line.
/// </summary>
public sealed class HostileInputTests(HostileApp app, ITestOutputHelper output) : IClassFixture<HostileApp>
{
    private const int MinimumHttpCases = 2000;
    private const int HubFirstCase = 100_001;
    private const int GraphQLFirstCase = 200_001;

    [Fact]
    public async Task EveryEntryPointIsFuzzedOrExemptWithAReason()
    {
        var entryPoints = await EntryPoints.ReadAsync(app);
        foreach (var redundant in entryPoints.RedundantFallbacks)
        {
            output.WriteLine($"{redundant}: /openapi/v1.json describes its body now; its entry in {nameof(UndescribedBodies)} can go.");
        }

        entryPoints.Uncovered.Should().BeEmpty("every endpoint of the app is fuzzed by a generator or exempt with a reason ({0})",
            string.Join("; ", EntryPoints.Exemptions.Select(e => $"{e.Key}: {e.Value}")));
        entryPoints.Operations.Should().Contain(o => o.Source == "openapi" && o.IsWrite && o.BodySchema != null, "the document describes request bodies");
        HubCases.Methods().Should().NotBeEmpty();
        HubCases.Unsupported().Should().BeEmpty("every hub method's parameters have a generator");
    }

    [Fact]
    public async Task GeneratedRequestsToEveryOperationAnswerWithoutServerErrorsAndRefusalsChangeNothing()
    {
        var seed = HostileSeed.Value;
        output.WriteLine($"seed {seed}");
        var watch = Stopwatch.StartNew();
        var entryPoints = await EntryPoints.ReadAsync(app);
        var failures = new FailureLog();
        var streams = await StreamsAsync(entryPoints);
        output.WriteLine($"streams (text/event-stream, also given hostile Last-Event-IDs): {string.Join(", ", streams.Order(StringComparer.Ordinal))}");
        var reads = entryPoints.Operations.Where(o => StateDumps.IsDumped(o, streams)).ToList();
        var dumps = new StateDumps(app, reads, failures.Add);
        var http = new HostileHttp(app, dumps, failures.Add);
        var random = new Random(seed);
        var counter = 0;
        var generator = new RestCases(app, entryPoints, random, () => ++counter);
        var defined = entryPoints.Operations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

        var cases = new List<(HostileCase Case, ApiOperation Operation)>();
        foreach (var operation in entryPoints.Operations)
        {
            foreach (var c in await generator.ForAsync(operation, streams.Contains(operation.Template), defined))
            {
                cases.Add((c with { Number = cases.Count + 1 }, operation));
            }
        }

        output.WriteLine($"{cases.Count} cases over {entryPoints.Operations.Count} operations generated in {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var group in cases.GroupBy(c => c.Operation.Key))
        {
            output.WriteLine($"  {group.Count(),5} {group.Key} ({group.First().Operation.Source})");
        }

        var everyRead = await CanaryReadsAsync(entryPoints.Operations.Where(o => o.Method == "GET").ToList());
        var before = await StatusesAsync(http, everyRead);
        var globalDump = everyRead.Where(r => StateDumps.IsDumped(r.Operation, streams)).Select(r => r.Url).ToList();
        await dumps.LearnAsync(globalDump);
        output.WriteLine($"members that move by themselves, left out of dumps: {string.Join(", ", dumps.Volatile.Order(StringComparer.Ordinal))}");
        var stateBefore = await dumps.DumpAsync(globalDump);

        // Reads first, against a state dumped before and after them all.
        var baseStatuses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (c, operation) in cases.Where(x => !x.Operation.IsWrite && HostileSeed.Runs(x.Case.Number)))
        {
            // No dump per case: the dump of the whole app before and after all reads covers them, wrong methods included.
            var outcome = await http.RunAsync(c, operation.Template, dump: false);
            if (c.Kind == "base" && outcome is not null)
            {
                baseStatuses[operation.Key] = outcome.Status;
            }
        }

        var stateAfterReads = await dumps.DumpAsync(globalDump);
        if (stateAfterReads != stateBefore)
        {
            failures.Add($"hostile reads changed state:\n      {StateDumps.Difference(stateBefore, stateAfterReads)}");
        }

        var accepted = new List<(HostileCase Case, ApiOperation Operation)>();
        foreach (var (c, operation) in cases.Where(x => x.Operation.IsWrite && HostileSeed.Runs(x.Case.Number)))
        {
            var outcome = await http.RunAsync(c, operation.Template, dump: true);
            if (outcome is { Refused: false })
            {
                accepted.Add((c, operation));
            }

            if (c.Kind == "base" && outcome is not null)
            {
                baseStatuses[operation.Key] = outcome.Status;
            }
        }

        // Replayed: every accepted write once more, now that everything else has happened.
        foreach (var (c, operation) in accepted)
        {
            await http.RunAsync(c with { Kind = c.Kind + ", replayed" }, operation.Template, dump: true);
        }

        var after = await StatusesAsync(http, everyRead);
        foreach (var (read, status) in after)
        {
            var expected = read.Operation.Source == "openapi" ? 200 : before[read];
            if (status != expected)
            {
                failures.Add($"after the run GET {read.Url} answers {status}; it answered {before[read]} before the run");
            }
        }

        output.WriteLine($"{http.Sent} requests in {watch.Elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", http.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        foreach (var (key, status) in baseStatuses.Where(b => b.Value >= 400).OrderBy(b => b.Key))
        {
            output.WriteLine($"  base request of {key} refused with {status} (its cases reach less deep)");
        }

        output.WriteLine(failures.Report(seed, shown: 200));
        WriteErrorLogs();
        failures.Count.Should().Be(0, failures.Report(seed));
        if (HostileSeed.OnlyCase is null)
        {
            cases.Count.Should().BeGreaterThanOrEqualTo(MinimumHttpCases);
        }
    }

    [Fact]
    public async Task HostileArgumentsToEveryHubMethodAreRefusedAndTheConnectionSurvives()
    {
        var seed = HostileSeed.Value;
        output.WriteLine($"seed {seed}");
        var failures = new FailureLog();
        var (reads, dumps, state) = await GlobalStateAsync(failures);
        var cases = HubCases.Generate(HubFirstCase).Where(c => HostileSeed.Runs(c.Number)).ToList();
        var connection = await ConnectAsync(ApiFactory.AdminToken);
        var refused = 0;
        try
        {
            foreach (var c in cases)
            {
                if (connection.State != HubConnectionState.Connected)
                {
                    await connection.DisposeAsync();
                    connection = await ConnectAsync(ApiFactory.AdminToken);
                }

                try
                {
                    await connection.InvokeCoreAsync(c.Method, typeof(object), c.Arguments).WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (Exception error) when (c.ClosesConnection && error is not TimeoutException)
                {
                    refused++;
                }
                catch (HubException error) when (error.Message.Contains("HubException: ", StringComparison.Ordinal) || error.Message.StartsWith("Failed to invoke", StringComparison.Ordinal))
                {
                    refused++;
                }
                catch (HubException error)
                {
                    failures.Add($"{c}: a server fault, not a refusal: {error.Message}\n      {c.ToCall()}");
                }
                catch (Exception error)
                {
                    failures.Add($"{c}: {error.GetType().Name}: {error.Message}\n      {c.ToCall()}");
                }

                if (c.ClosesConnection)
                {
                    // The server closes it: the next case starts on a connection of its own.
                    await connection.DisposeAsync();
                    connection = await ConnectAsync(ApiFactory.AdminToken);
                }
                else if (connection.State != HubConnectionState.Connected)
                {
                    failures.Add($"{c}: the connection did not survive the call\n      {c.ToCall()}");
                }
            }

            // The connection (a new one after the oversized message) still does its job.
            if (connection.State != HubConnectionState.Connected)
            {
                await connection.DisposeAsync();
                connection = await ConnectAsync(ApiFactory.AdminToken);
            }

            var value = await connection.InvokeAsync<System.Text.Json.JsonElement>("SubscribeKpi", HostileApp.KpiCode, "minute");
            value.GetProperty("code").GetString().Should().Be(HostileApp.KpiCode);
        }
        finally
        {
            await connection.DisposeAsync();
        }

        output.WriteLine($"{cases.Count} hub calls over {HubCases.Methods().Count} methods, {refused} refused");
        await ExpectUnchangedAsync(dumps, reads, state, failures, "hostile hub calls");
        output.WriteLine(failures.Report(seed, shown: 200));
        WriteErrorLogs();
        failures.Count.Should().Be(0, failures.Report(seed));
    }

    [Fact]
    public async Task HostileGraphQLDocumentsAndVariablesAreRefusedWithoutInternalErrors()
    {
        var seed = HostileSeed.Value;
        output.WriteLine($"seed {seed}");
        var failures = new FailureLog();
        var entryPoints = await EntryPoints.ReadAsync(app);
        var streams = await StreamsAsync(entryPoints);
        var dumped = entryPoints.Operations.Where(o => StateDumps.IsDumped(o, streams)).ToList();
        var dumps = new StateDumps(app, dumped, failures.Add);
        await dumps.LearnAsync([.. (await CanaryReadsAsync(dumped)).Select(r => r.Url)]);
        var http = new HostileHttp(app, dumps, failures.Add);
        var cases = await new GraphQLCases(app, new Random(seed)).GenerateAsync(GraphQLFirstCase);
        foreach (var (c, template) in cases.Where(x => HostileSeed.Runs(x.Case.Number)))
        {
            await http.RunAsync(c, template, dump: template != "/graphql", GraphQLCases.Refused, GraphQLCases.Judge);
        }

        var sockets = GraphQLSockets.Generate(GraphQLFirstCase + cases.Count).Where(c => HostileSeed.Runs(c.Number)).ToList();
        foreach (var c in sockets)
        {
            if (await GraphQLSockets.RunAsync(app, c) is { } problem)
            {
                failures.Add($"{c}: {problem}\n      frames: {c.ToFrames()}");
            }
        }

        output.WriteLine($"{cases.Count} GraphQL requests over {GraphQLCases.RootFields(app).Count} root fields and {sockets.Count} WebSocket exchanges");
        output.WriteLine(failures.Report(seed, shown: 200));
        WriteErrorLogs();
        failures.Count.Should().Be(0, failures.Report(seed));
    }

    /// <summary>Operations whose canary request answers text/event-stream: never read to the end, and not part of any dump.</summary>
    private async Task<IReadOnlySet<string>> StreamsAsync(EntryPoints entryPoints)
    {
        var streams = new HashSet<string>(StringComparer.Ordinal);
        using var client = app.Admin();
        foreach (var (operation, url) in await CanaryReadsAsync(entryPoints.Operations.Where(o => o.Method == "GET").ToList()))
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                streams.Add(operation.Template);
            }
        }

        return streams;
    }

    private async Task<List<(ApiOperation Operation, string Url)>> CanaryReadsAsync(IReadOnlyList<ApiOperation> operations)
    {
        var reads = new List<(ApiOperation, string)>();
        foreach (var operation in operations)
        {
            var names = operation.In("path").Select(p => p.Name).ToList();
            var path = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                path[name] = await app.ValueOfAsync(operation.Template, name, names, owner: null);
            }

            var query = operation.In("query").Any(q => q.Name == "period") ? new Dictionary<string, string> { ["period"] = "minute" } : [];
            reads.Add((operation, RestCases.Url(operation.Template, path, query)));
        }

        return reads;
    }

    private static async Task<Dictionary<(ApiOperation Operation, string Url), int>> StatusesAsync(HostileHttp http, List<(ApiOperation Operation, string Url)> reads)
    {
        var statuses = new Dictionary<(ApiOperation, string), int>();
        foreach (var read in reads)
        {
            var outcome = await http.SendAsync(new HostileCase(0, read.Operation.Key, "canary read", "GET", read.Url, "admin", null, [], new Dictionary<string, string>()));
            statuses[read] = outcome.Status;
        }

        return statuses;
    }

    private async Task<HubConnection> ConnectAsync(string token)
    {
        var connection = TestHubConnections.Build(app, token);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Every GET of the app with canary values, and their dump now.</summary>
    private async Task<(List<string> Urls, StateDumps Dumps, string State)> GlobalStateAsync(FailureLog failures)
    {
        var entryPoints = await EntryPoints.ReadAsync(app);
        var streams = await StreamsAsync(entryPoints);
        var dumped = entryPoints.Operations.Where(o => StateDumps.IsDumped(o, streams)).ToList();
        var dumps = new StateDumps(app, dumped, failures.Add);
        var urls = (await CanaryReadsAsync(dumped)).Select(r => r.Url).ToList();
        await dumps.LearnAsync(urls);
        return (urls, dumps, await dumps.DumpAsync(urls));
    }

    private static async Task ExpectUnchangedAsync(StateDumps dumps, List<string> urls, string before, FailureLog failures, string what)
    {
        var after = await dumps.DumpAsync(urls);
        if (after != before)
        {
            failures.Add($"{what} changed state:\n      {StateDumps.Difference(before, after)}");
        }
    }

    /// <summary>The server's error log lines, when something failed: what a 500 or an INTERNAL was made of.</summary>
    private void WriteErrorLogs()
    {
        foreach (var line in app.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Select(l => l.Length > 3000 ? l[..3000] : l).Distinct().Take(30))
        {
            output.WriteLine("server log: " + line);
        }
    }
}
