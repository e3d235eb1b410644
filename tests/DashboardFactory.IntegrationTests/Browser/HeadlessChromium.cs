using System.Diagnostics;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// Debian's Chromium, run headless to load a page, let its scripts and timers run, and print the DOM.
/// A missing browser fails the test (test.sh installs it): a browser test that skips proves nothing.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string Executable =>
        Candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium is not installed. Run the tests with ./test.sh (it installs Debian's chromium) or apt-get install chromium.");

    /// <summary>Loads the HTML file and returns the DOM after its scripts had <paramref name="budgetMs"/> of virtual time.</summary>
    public static async Task<string> DumpDomAsync(string htmlFile, int budgetMs = 2000)
    {
        var profile = Directory.CreateTempSubdirectory("df-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                $"--virtual-time-budget={budgetMs}", "--dump-dom", new Uri(htmlFile).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish loading {htmlFile} within 60 s. stderr: {await errors}");
            }

            var dom = await output;
            return dom.Length > 0 ? dom : throw new InvalidOperationException($"Chromium printed no DOM (exit {process.ExitCode}): {await errors}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
