using System.Net;
using netDumbster.smtp;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server (netDumbster) on a loopback port of this test process. Tests await messages through its
/// MessageReceived event, never by sleeping. <see cref="StartOn"/> a given port lets a test bring the server up
/// only after the product has already tried (and failed) to reach it.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly SimpleSmtpServer _server;
    private readonly Lock _gate = new();
    private readonly List<SmtpMessage> _received = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    private SmtpSink(int port)
    {
        Port = port;
        _server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(port).Build();
        _server.MessageReceived += (_, e) => OnReceived(e.Message);
    }

    public int Port { get; }

    public IReadOnlyList<SmtpMessage> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static SmtpSink Start() => new(FreePorts.Next());

    public static SmtpSink StartOn(int port) => new(port);

    /// <summary>Settings that point the product at this server.</summary>
    public Dictionary<string, string?> Settings(string prefix = "Smtp:") => new()
    {
        [$"{prefix}Host"] = "127.0.0.1",
        [$"{prefix}Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{prefix}Security"] = "none",
        [$"{prefix}From"] = "factory@example.test",
    };

    /// <summary>Waits until at least <paramref name="count"/> messages arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout, string what)
    {
        TaskCompletionSource reached;
        lock (_gate)
        {
            if (_received.Count >= count)
            {
                return;
            }

            reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
        }

        try
        {
            await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}: {Received.Count} of {count} messages arrived within {timeout.TotalSeconds:0} s: " +
                string.Join("; ", Received.Select(m => $"{string.Join(",", m.ToAddresses.Select(a => a.Address))} '{m.Subject}'")));
        }
    }

    public void Dispose() => _server.Dispose();

    private void OnReceived(SmtpMessage message)
    {
        List<TaskCompletionSource> done;
        lock (_gate)
        {
            _received.Add(message);
            done = [.. _waiters.Where(w => _received.Count >= w.Count).Select(w => w.Reached)];
            _waiters.RemoveAll(w => _received.Count >= w.Count);
        }

        foreach (var reached in done)
        {
            reached.TrySetResult();
        }
    }
}
