namespace DashboardFactory.Api.Features;

/// <summary>Body of POST /api/features/{id}/releases; every field is nullable so a missing one is a validation error.</summary>
public sealed record ReleaseRequest(
    string? Version,
    string? ChangeType,
    WidgetRequest? Widget,
    InjectionRequest? Injection,
    List<string?>? Dependencies,
    string? MigrationGuide,
    string? DeprecationNotice,
    List<string?>? Cohorts);
