using System.Text;
using Microsoft.AspNetCore.Http;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>One path of the <see cref="WebhookReceiver"/>: its scripted answers (in order, then the default) and what reached it.</summary>
public sealed class Hook(string url)
{
    private readonly Lock _gate = new();
    private readonly Queue<Func<HttpContext, Task>> _script = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Seen)> _waiters = [];
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<HttpContext, Task> _default = Status(StatusCodes.Status204NoContent);

    public string Url { get; } = url;

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The next answers, one per request, before the default.</summary>
    public Hook Then(params Func<HttpContext, Task>[] answers)
    {
        lock (_gate)
        {
            foreach (var answer in answers)
            {
                _script.Enqueue(answer);
            }
        }

        return this;
    }

    public Hook Always(Func<HttpContext, Task> answer)
    {
        lock (_gate)
        {
            _default = answer;
        }

        return this;
    }

    /// <summary>Answers that wait (no response at all) until <see cref="ReleaseAll"/>, then answer 204.</summary>
    public Func<HttpContext, Task> Held => async context =>
    {
        await _release.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        if (!context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    };

    public void ReleaseAll() => _release.TrySetResult();

    public static Func<HttpContext, Task> Status(int status, string? body = null, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        if (body is not null)
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
        }
    };

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived; fails naming the hook after the timeout.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        TaskCompletionSource seen;
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return [.. _requests];
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, seen));
        }

        var limit = timeout ?? TimeSpan.FromSeconds(30);
        try
        {
            await seen.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Url}: waited {limit.TotalSeconds:0} s for {count} request(s), got {Requests.Count}.");
        }

        return Requests;
    }

    internal Func<HttpContext, Task> Arrived(ReceivedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult();
            }

            return _script.TryDequeue(out var next) ? next : _default;
        }
    }
}
