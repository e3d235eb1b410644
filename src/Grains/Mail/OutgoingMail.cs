namespace DashboardFactory.Mail;

/// <summary>One message to one recipient. MessageId is derived from the job and the recipient, so expanding a job twice adds nothing.</summary>
public sealed record OutgoingMail(string MessageId, string JobId, string To, string Subject, string Body, int Attempts = 0);
