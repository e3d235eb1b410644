namespace DashboardFactory.Audit;

/// <summary>Append-only audit trail per subject (a feature, a campaign, ...).</summary>
public interface IAuditLog
{
    /// <summary>Idempotent per <paramref name="entryId"/>: writing an entry again (a retried flush) adds nothing.</summary>
    Task AppendAsync(string subjectType, string subjectId, string entryId, AuditEntry entry);

    /// <summary>Oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string subjectType, string subjectId);
}
