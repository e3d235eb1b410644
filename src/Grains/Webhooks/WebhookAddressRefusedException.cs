namespace DashboardFactory.Webhooks;

/// <summary>A webhook's host resolved to an address the SSRF guard refuses (or did not resolve at all).</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
