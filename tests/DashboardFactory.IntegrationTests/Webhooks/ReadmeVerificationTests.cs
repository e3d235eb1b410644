using System.Diagnostics;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>
/// The README's JavaScript receiver example, run as written with plain `node` (node:crypto, no packages) against a
/// real delivery: what the README tells receivers to do accepts our signatures and refuses a tampered body.
/// </summary>
public sealed class ReadmeVerificationTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    private const string Marker = "// verify-webhook.js";

    [Fact]
    public async Task TheReadmeJavaScriptSnippetVerifiesARealDeliveryAndRefusesATamperedOne()
    {
        var hook = host.Receiver.NewHook();
        var (id, secret) = await host.CreateWebhookAsync(hook.Url, ["campaign.completed"]);
        await host.SendTestAsync(id);
        var request = (await hook.WaitForAsync(1))[0];
        var headers = request.Headers.Where(h => h.Key.StartsWith("webhook-", StringComparison.Ordinal)).ToDictionary();

        var (accepted, output, errors) = await RunSnippetAsync(secret, headers, request.Body);
        var (refused, _, refusal) = await RunSnippetAsync(secret, headers, request.Body.Replace("webhook.test", "webhook.fake"));

        accepted.Should().Be(0, "node verified the delivery; stderr: {0}", errors);
        output.Trim().Should().Be("webhook.test", "verifyWebhook returns the parsed event");
        refused.Should().NotBe(0, "a changed body must not verify");
        refusal.Should().Contain("no valid signature");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunSnippetAsync(string secret, IReadOnlyDictionary<string, string> headers, string body)
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf(Marker, StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "README.md has a JavaScript block starting with '{0}'", Marker);
        var snippet = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var script = snippet + """

            const input = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
            const event = verifyWebhook(input.secret, input.headers, input.body);
            console.log(event.type);
            """;
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(script);
        using var node = Process.Start(info)!;
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(new { secret, headers, body }));
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (node.ExitCode, await output, await errors);
    }
}
