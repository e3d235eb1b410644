using DashboardFactory.Errors;
using DashboardFactory.Users;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Demo;

/// <summary>
/// Seeds the demo fleet once the host has started (the embedded silo is up by then). Idempotent:
/// what exists is left alone, so it is harmless against a persistent cluster too.
/// Tokens of demo users are not printed; an admin issues them with POST /api/users/{id}/token.
/// </summary>
internal sealed partial class DemoSeeder(
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    IOptions<DemoOptions> options,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    internal static readonly IReadOnlyList<(string Id, NewUser User)> Users =
    [
        ("commander", new NewUser("Commander", UserRole.Admin, 5000)),
        ("opt-alice", new NewUser("Alice (optimizer)", UserRole.Optimizer, 1200)),
        ("opt-bob", new NewUser("Bob (optimizer)", UserRole.Optimizer, 800)),
        ("opt-carol", new NewUser("Carol (optimizer)", UserRole.Optimizer, 450)),
        ("opt-dave", new NewUser("Dave (optimizer)", UserRole.Optimizer, 150)),
        .. Enumerable.Range(1, 12).Select(n => ($"op-{n:0000}", new NewUser($"Operator {n}", UserRole.Operator, 10 * n))),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !await StartedAsync(stoppingToken))
        {
            return;
        }

        var outcomes = await Task.WhenAll(Users.Select(u => CreateAsync(u.Id, u.User)));
        var created = outcomes.Count(c => c);
        LogSeeded(created, Users.Count);
    }

    private async Task<bool> CreateAsync(string id, NewUser user)
    {
        try
        {
            await grains.GetGrain<IUserGrain>(id).CreateAsync(user);
            return true;
        }
        catch (DomainException exists) when (exists.Kind == DomainErrorKind.Conflict)
        {
            return false;
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: created {Created} of {Total} users (the rest existed)")]
    private partial void LogSeeded(int created, int total);
}
