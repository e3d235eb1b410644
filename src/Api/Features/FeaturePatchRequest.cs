namespace DashboardFactory.Api.Features;

/// <summary>
/// What PATCH /api/features/{id} takes, for the OpenAPI document: <c>owner</c> (a name, or null for nobody) and/or
/// <c>cohorts</c>. The handler reads the body as JSON, as a key that is present and null differs from one left out.
/// </summary>
public sealed record FeaturePatchRequest(string? Owner, List<string>? Cohorts);
