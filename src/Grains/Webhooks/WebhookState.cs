using DashboardFactory.Kpis;

namespace DashboardFactory.Webhooks;

/// <summary>A webhook's definition and secrets. Secrets are stored encrypted (see <see cref="SecretProtector"/>), never in clear.</summary>
[GenerateSerializer, Alias("DashboardFactory.Webhooks.WebhookState")]
public sealed class WebhookState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string Url { get; set; } = string.Empty;

    [Id(2)] public List<string> Events { get; set; } = [];

    [Id(3)] public List<string> Kpis { get; set; } = [];

    [Id(4)] public KpiPeriod? Period { get; set; }

    [Id(5)] public bool Enabled { get; set; }

    [Id(6)] public string? DisabledReason { get; set; }

    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset? DisabledAt { get; set; }

    [Id(9)] public string CreatedBy { get; set; } = string.Empty;

    [Id(10)] public string ProtectedSecret { get; set; } = string.Empty;

    /// <summary>The secret before the last rotation; it signs too until <see cref="PreviousValidUntil"/>.</summary>
    [Id(11)] public string? ProtectedPreviousSecret { get; set; }

    [Id(12)] public DateTimeOffset? PreviousValidUntil { get; set; }
}
