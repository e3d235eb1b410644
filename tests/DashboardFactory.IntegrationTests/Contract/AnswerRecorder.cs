using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DashboardFactory.IntegrationTests.Contract;

/// <summary>
/// A test-only middleware, first in the pipeline, that keeps every answer the API gives while a fixture's tests run:
/// method, path, status, media type and, for JSON, the body (streams and other media are kept without their body). It
/// copies what the app writes on its way out and changes nothing of it, so the tests see the same answers.
/// </summary>
public sealed class AnswerRecorder : IStartupFilter
{
    private const int MaxBodyBytes = 512 * 1024;
    private const int MaxAnswers = 20_000;

    private readonly ConcurrentQueue<RecordedAnswer> _answers = new();

    public IReadOnlyList<RecordedAnswer> Answers => [.. _answers];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(RecordAsync);
        next(app);
    };

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        await using var copy = new CopyingStream(original, MaxBodyBytes);
        context.Response.Body = copy;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
            var contentType = context.Response.ContentType;
            var json = ContractDocument.IsJson(contentType?.Split(';')[0].Trim());
            if (_answers.Count < MaxAnswers && !copy.Overflowed && !context.RequestAborted.IsCancellationRequested)
            {
                _answers.Enqueue(new RecordedAnswer(
                    context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, contentType, json || copy.Length == 0 ? copy.Text : string.Empty));
            }
        }
    }

    /// <summary>Passes every write on and keeps a copy of the first bytes.</summary>
    private sealed class CopyingStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _copy = new();

        public bool Overflowed { get; private set; }

        public string Text => Encoding.UTF8.GetString(_copy.GetBuffer(), 0, (int)_copy.Length);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _copy.Length;

        public override long Position { get => _copy.Length; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (_copy.Length + bytes.Length > limit)
            {
                Overflowed = true;
                return;
            }

            _copy.Write(bytes);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _copy.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
