namespace DashboardFactory.Mail;

/// <summary>A user who gets mail: id, display name and address.</summary>
public sealed record MailRecipient(string UserId, string Name, string Email);
