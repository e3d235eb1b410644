using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DashboardFactory.Mail;

public static class MailExtensions
{
    /// <summary>
    /// The rollback e-mail on a silo: the outbox (PostgreSQL with a connection string, else memory) and its
    /// dispatcher. While Smtp:Host is empty the outbox drops jobs and the dispatcher does nothing.
    /// </summary>
    public static ISiloBuilder AddDashboardFactoryMail(this ISiloBuilder silo, string? postgres)
    {
        silo.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
            .Validate(o => o.IsValid(out _), "Smtp: Port 1-65535, From an address, Security auto|none|starttls|tls, MaxAttempts >= 1, positive times.")
            .ValidateOnStart();
        silo.Services.TryAddSingleton<MailWakeUp>();
        silo.Services.TryAddSingleton<IMailOutbox>(services =>
        {
            if (!services.GetRequiredService<IOptions<SmtpOptions>>().Value.Enabled)
            {
                return new DisabledMailOutbox();
            }

            var wakeUp = services.GetRequiredService<MailWakeUp>();
            return string.IsNullOrWhiteSpace(postgres)
                ? new MemoryMailOutbox(wakeUp)
                : new PostgresMailOutbox(services.GetRequiredService<NpgsqlDataSource>(), wakeUp);
        });
        silo.Services.AddHostedService<MailDispatcher>();
        return silo;
    }
}
