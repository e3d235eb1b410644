using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DashboardFactory.Mail;

/// <summary>
/// The rollback e-mail, as plain functions: the job a finished rollback queues, and the messages it becomes once
/// the recipients are known: one per affected operator listing their cockpits, one summary per admin with the
/// subject "ROLLBACK ALERT: {feature}".
/// </summary>
public static class RollbackMail
{
    public const string Kind = "rollback";

    public static MailJob Job(RollbackMailPayload payload) =>
        new($"{payload.RollbackId}:mail", Kind, JsonSerializer.Serialize(payload, JsonSerializerOptions.Web), payload.At);

    public static RollbackMailPayload Read(MailJob job) =>
        JsonSerializer.Deserialize<RollbackMailPayload>(job.PayloadJson, JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Mail job {job.Id} has no payload.");

    public static string AlertSubject(string featureId) => $"ROLLBACK ALERT: {featureId}";

    public static string OperatorSubject(string featureId) => $"{featureId} was removed from your cockpits";

    /// <summary>
    /// One message per operator who owns at least one of the rolled-back cockpits and has an address, and one per
    /// admin with an address. An operator who is also an admin gets both: they say different things.
    /// </summary>
    public static IReadOnlyList<OutgoingMail> Compose(
        MailJob job,
        RollbackMailPayload payload,
        IReadOnlyDictionary<string, string> ownerByCockpit,
        IReadOnlyDictionary<string, MailRecipient> operators,
        IReadOnlyList<MailRecipient> admins)
    {
        var messages = new List<OutgoingMail>();
        var byOwner = payload.Cockpits
            .Where(ownerByCockpit.ContainsKey)
            .GroupBy(c => ownerByCockpit[c], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var owned in byOwner)
        {
            if (operators.TryGetValue(owned.Key, out var owner))
            {
                messages.Add(new OutgoingMail(
                    $"{job.Id}/operator/{owner.UserId}", job.Id, owner.Email, OperatorSubject(payload.FeatureId),
                    OperatorBody(payload, owner, [.. owned.Order(StringComparer.Ordinal)])));
            }
        }

        var told = messages.Count;
        foreach (var admin in admins.OrderBy(a => a.UserId, StringComparer.Ordinal))
        {
            messages.Add(new OutgoingMail(
                $"{job.Id}/admin/{admin.UserId}", job.Id, admin.Email, AlertSubject(payload.FeatureId), AdminBody(payload, admin, told)));
        }

        return messages;
    }

    private static string OperatorBody(RollbackMailPayload payload, MailRecipient owner, IReadOnlyList<string> cockpits)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Hello {owner.Name},");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The widget {payload.FeatureId} was rolled back: {payload.Reason}");
        text.AppendLine(CultureInfo.InvariantCulture, $"It was removed from {cockpits.Count} of your cockpits:");
        foreach (var cockpit in cockpits)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {cockpit}");
        }

        text.AppendLine();
        text.AppendLine(payload.Mode == "snapshot"
            ? $"Each was restored from the snapshot taken before {payload.FeatureId} was installed."
            : "Everything else you changed on them since was kept.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Rollback {payload.RollbackId}, {payload.At:u}.");
        return text.ToString();
    }

    private static string AdminBody(RollbackMailPayload payload, MailRecipient admin, int operatorsTold)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Hello {admin.Name},");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{payload.FeatureId} was rolled back ({payload.Mode}): {payload.Reason}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Cockpits affected: {payload.Total}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Restored: {payload.Restored}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Skipped: {payload.Skipped}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Failed: {payload.Failed}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Operators told by e-mail: {operatorsTold}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Rollback {payload.RollbackId}, finished {payload.At:u}.");
        return text.ToString();
    }
}
