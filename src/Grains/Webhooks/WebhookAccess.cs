using DashboardFactory.Errors;

namespace DashboardFactory.Webhooks;

/// <summary>What may be done to a webhook, decided on its state: it must exist, and only an enabled one sends or rotates.</summary>
public static class WebhookAccess
{
    public static void EnsureExists(string webhookId, WebhookState state)
    {
        if (!state.Exists)
        {
            throw DomainException.NotFound($"Webhook '{webhookId}' does not exist.");
        }
    }

    public static void EnsureEnabled(string webhookId, WebhookState state)
    {
        EnsureExists(webhookId, state);
        if (!state.Enabled)
        {
            throw DomainException.Conflict($"Webhook '{webhookId}' is disabled: {state.DisabledReason}");
        }
    }
}
