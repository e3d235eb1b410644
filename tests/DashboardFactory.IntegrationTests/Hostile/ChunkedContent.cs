using System.Net;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>A body without a length, written in pieces: on a socket it goes out chunked, and no Content-Length tells its size.</summary>
public sealed class ChunkedContent(byte[] bytes) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < bytes.Length; offset += 16 * 1024)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(16 * 1024, bytes.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
