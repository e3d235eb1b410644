using DashboardFactory.Database;
using DashboardFactory.Hosting;
using DashboardFactory.Telemetry;

// A cluster-mode silo. `migrate` applies the schema and exits; anything else runs the silo.
var builder = Host.CreateApplicationBuilder(args.Where(a => a != "migrate").ToArray());
var postgres = builder.Configuration.GetConnectionString("Postgres");
if (string.IsNullOrWhiteSpace(postgres))
{
    Console.Error.WriteLine(
        "ConnectionStrings:Postgres is not set. A standalone silo needs PostgreSQL " +
        "(e.g. ConnectionStrings__Postgres=\"Host=localhost;Username=dashboard;Password=...;Database=dashboard\"). " +
        "For a database-free run use `dotnet run --project src/Api`, which hosts its own silo.");
    return 2;
}

if (args.Contains("migrate"))
{
    var report = await SchemaMigrator.MigrateAsync(postgres);
    foreach (var migration in report.Applied)
    {
        Console.WriteLine($"applied {migration.Version}_{migration.Name}");
    }

    Console.WriteLine($"{report.Applied.Count} applied, {report.AlreadyApplied} already present");
    return 0;
}

builder.Services.AddDashboardFactoryTelemetry(builder.Configuration, "dashboard-factory-silo");
builder.UseOrleans(silo => silo.AddDashboardFactorySilo(builder.Configuration));
await builder.Build().RunAsync();
return 0;
