using System.Net.Http.Json;

namespace DashboardFactory.Bench;

/// <summary>
/// A KPI may be watched only once it has accepted a point (API.md "Limits": invented codes cost nothing). The
/// benches watch fresh codes, so each first posts one point of value 0, which no round of theirs uses as a marker.
/// </summary>
public static class KpiSeed
{
    public static async Task FirstPointAsync(HttpClient http, Uri pointsUrl)
    {
        using var response = await http.PostAsJsonAsync(pointsUrl, new[] { new { id = "seed", ts = DateTimeOffset.UtcNow, value = 0.0 } });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding {pointsUrl} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
