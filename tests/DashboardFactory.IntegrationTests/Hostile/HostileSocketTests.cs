using System.Net.Sockets;
using System.Text;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// The hostile inputs that only exist on a socket, sent byte for byte to Kestrel: chunked framing that lies (sizes that
/// are not hex, overflow, or run past the data), Content-Length and Transfer-Encoding together, invalid UTF-8 and NUL
/// in the request target, bytes beyond ASCII in headers, oversized headers. What reaches our code must end in a 4xx
/// ProblemDetails (a broken chunked body is found while the body is read, inside the pipeline); what Kestrel refuses
/// before any of our code runs (a malformed request line or header) it answers itself with an empty 4xx, which is the
/// only 4xx allowed not to be ProblemDetails. Never a 5xx, and the server keeps serving.
/// </summary>
public sealed class HostileSocketTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    // Names only in the theory's data: the requests hold NUL and other bytes that do not belong in a test name.
    private static readonly Dictionary<string, string> Requests = new()
    {
        ["a chunk size that is not hex"] = Post("/api/kpis/hz-socket/points", "Transfer-Encoding: chunked", "zz\r\n[]\r\n0\r\n\r\n"),
        // Found by this test: Kestrel reports the overflow as an IOException, which answered 500 where a body is read.
        ["a chunk size that overflows"] = Post("/api/kpis/hz-socket/points", "Transfer-Encoding: chunked", "FFFFFFFFFFFFFFFFFFFF\r\n[]\r\n0\r\n\r\n"),
        ["a chunk size that overflows, to /graphql"] = Post("/graphql", "Transfer-Encoding: chunked", "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"),
        ["a chunk longer than its size"] = Post("/api/kpis/hz-socket/points", "Transfer-Encoding: chunked", "2\r\n[]]]]]]\r\n0\r\n\r\n"),
        ["a chunk without its CRLF"] = Post("/api/kpis/hz-socket/points", "Transfer-Encoding: chunked", "2\r\n[]0\r\n\r\n"),
        ["chunk extensions and a trailer"] = Post("/api/kpis/hz-socket/points", "Transfer-Encoding: chunked", "2;hz=\"x\"\r\n[]\r\n0\r\nHz-Trailer: \u0001\r\n\r\n"),
        ["Content-Length and chunked together"] = Post("/api/kpis/hz-socket/points", "Content-Length: 2\r\nTransfer-Encoding: chunked", "2\r\n[]\r\n0\r\n\r\n"),
        ["two Content-Lengths that disagree"] = Post("/api/kpis/hz-socket/points", "Content-Length: 2\r\nContent-Length: 5", "[]"),
        ["a negative Content-Length"] = Post("/api/kpis/hz-socket/points", "Content-Length: -1", "[]"),
        ["a Content-Length past the body limits, expecting 100-continue"] = Post("/api/kpis/hz-socket/points", "Content-Length: 50000000\r\nExpect: 100-continue", string.Empty),
        ["a Transfer-Encoding other than chunked"] = Post("/api/kpis/hz-socket/points", "Transfer-Encoding: gzip, chunked", "2\r\n[]\r\n0\r\n\r\n"),
        ["percent-encoded invalid UTF-8 in the path"] = Get("/api/cockpits/%FF%FE%ED%A0%80"),
        ["percent-encoded NUL in the path"] = Get("/api/cockpits/a%00b"),
        ["an encoded slash and dot segments"] = Get("/api/cockpits/..%2F..%2Fusers%2Fhz"),
        ["raw bytes beyond ASCII in the path"] = "GET /api/cockpits/\u00ff\u00fe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer " + ApiFactory.AdminToken + "\r\n\r\n",
        ["a NUL in the request line"] = "GET /api/cockpits/a\u0000b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        ["bytes beyond ASCII in the token"] = "GET /api/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer caf\u00e9\u00ff\r\n\r\n",
        ["a 40 KB header"] = "GET /api/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Hz: " + new string('h', 40_000) + "\r\n\r\n",
        ["no Host header"] = "GET /api/me HTTP/1.1\r\nConnection: close\r\nAuthorization: Bearer " + ApiFactory.AdminToken + "\r\n\r\n",
        ["an absolute-form target"] = "GET http://evil.example/api/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer " + ApiFactory.AdminToken + "\r\n\r\n",
    };

    public static TheoryData<string> Names => [.. Requests.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task BytesOnTheWireAreRefusedWithoutAServerError(string what)
    {
        var (status, headers, body) = await SendAsync(Requests[what]);

        status.Should().BeLessThan(500, "{0} must not be a server error; the answer was {1}\n{2}\nserver errors: {3}", what, headers, body,
            string.Join("\n", api.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(3)));
        if (status >= 400 && body.Length > 0)
        {
            headers.Should().Contain("application/problem+json", "{0}: a refusal from our code is ProblemDetails; the answer was {1}\n{2}", what, headers, body);
        }

        using var health = await api.CreateClient().GetAsync("/health/live");
        ((int)health.StatusCode).Should().Be(200, "the server keeps serving after {0}", what);
    }

    private static string Post(string path, string headers, string body) =>
        $"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {ApiFactory.AdminToken}\r\nContent-Type: application/json\r\n{headers}\r\nConnection: close\r\n\r\n{body}";

    private static string Get(string path) =>
        $"GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {ApiFactory.AdminToken}\r\nConnection: close\r\n\r\n";

    /// <summary>Writes the request's characters as bytes (Latin-1, so \u00ff is the byte 0xFF) and reads the first answer.</summary>
    private async Task<(int Status, string Headers, string Body)> SendAsync(string request)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(api.Address.Host, api.Address.Port, deadline.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), deadline.Token);
        await stream.FlushAsync(deadline.Token);

        // Not half-closed: Kestrel takes the end of the client's stream for a client gone and aborts the request. Every
        // request says Connection: close (Kestrel closes after refusing one anyway), so the answer ends with the socket.
        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset after the answer: what arrived is what counts.
        }

        var text = Encoding.Latin1.GetString(answer.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? text : text[..end];
        var status = head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(head.AsSpan(9, 3), out var code) ? code : 0;
        status.Should().NotBe(0, "the server answers with a status line; it sent: {0}", text.Length > 300 ? text[..300] : text);
        return (status, head, end < 0 ? string.Empty : text[(end + 4)..]);
    }
}
